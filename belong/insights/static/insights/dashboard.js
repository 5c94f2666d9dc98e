// Draws each figure's chart from the JSON beside it; the table after it holds the same data.
(function () {
  "use strict";
  var palette = ["#1f5f99", "#c2571a", "#2e7d32", "#6a1b9a", "#8d6e00"];

  function draw(root) {
    if (typeof Chart === "undefined") return;
    root.querySelectorAll("canvas[data-figure]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      var node = document.getElementById(canvas.dataset.figure);
      if (!node) return;
      var fig = JSON.parse(node.textContent);
      var cols = fig.series || fig.people || [];
      if (!cols.length) cols = [1];
      new Chart(canvas, {
        type: fig.chart,
        data: {
          labels: fig.rows.map(function (r) { return r[0]; }),
          datasets: cols.map(function (c, i) {
            return {
              label: fig.columns[c],
              data: fig.rows.map(function (r) { return r[c]; }),
              borderColor: palette[i % palette.length],
              backgroundColor: palette[i % palette.length],
              spanGaps: false,
            };
          }),
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false },
      });
      canvas.dataset.drawn = "1";
    });
    root.querySelectorAll("canvas[data-km]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      var node = document.getElementById(canvas.dataset.km);
      if (!node) return;
      var curve = JSON.parse(node.textContent);
      var line = function (key, label, colour) {
        return { label: label, data: curve.map(function (p) { return p[key]; }),
                 borderColor: colour, backgroundColor: colour, stepped: true };
      };
      new Chart(canvas, {
        type: "line",
        data: {
          labels: curve.map(function (p) { return p.day; }),
          datasets: [line("participants", canvas.dataset.labelT || "Participants", palette[0]),
                     line("controls", canvas.dataset.labelC || "Matched non-participants", palette[1])],
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false },
      });
      canvas.dataset.drawn = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
})();
