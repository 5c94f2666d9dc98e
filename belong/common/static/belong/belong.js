// Small behaviours for every page, kept out of the HTML so the Content-Security-Policy
// can forbid inline scripts and event-handler attributes.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change")) {
      field.form.submit();
    }
  });
})();
