from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "belong.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        # The demo seed's planted-effects step joins `seed_demo` when the app loads.
        from belong.insights import demo  # noqa: F401
