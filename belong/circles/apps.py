from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    name = "belong.circles"
    label = "circles"
    verbose_name = _("Circles")

    def ready(self) -> None:
        # The demo seed's circles step joins `seed_demo` when the app loads.
        from belong.circles import demo  # noqa: F401
