"""Words for the impact studies, chosen at render time so each viewer reads their language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

COVARIATES = {
    "level": gettext_lazy("level"),
    "tenure (years)": gettext_lazy("tenure (years)"),
    "hire year": gettext_lazy("hire year"),
    "org": gettext_lazy("division"),
    "site": gettext_lazy("site"),
}


@register.filter
def covariate_label(name: str) -> str:
    return str(COVARIATES.get(name, name))


@register.filter
def why_sentence(why: Any) -> str:
    """The sentence under a naive-vs-matched pair, from `stats.least_balanced`'s facts."""
    if isinstance(why, str):  # results stored before the facts were kept apart from the words
        return why
    if not why or why.get("covariate") is None:
        return _("Too few comparable people to match, so only the naive comparison exists.")
    values = {
        "naive": why["naive"],
        "matched": why["matched"],
        "covariate": covariate_label(why["covariate"]),
        "before": f"{why['before']:+.2f}",
        "after": f"{why['after']:+.2f}",
    }
    if why.get("alike"):
        return (
            _(
                "Participants already resembled everyone else (largest standardized difference "
                "%(before)s, on %(covariate)s), so the naive (%(naive)s) and matched "
                "(%(matched)s) figures differ mostly by chance."
            )
            % values
        )
    return (
        _(
            "Participants differ from everyone else most on %(covariate)s (standardized "
            "difference %(before)s before matching, %(after)s after), so the naive figure "
            "(%(naive)s) mixes who takes part with what taking part does; the matched figure "
            "(%(matched)s) compares like with like."
        )
        % values
    )
