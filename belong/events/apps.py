from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "belong.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # The demo seed step and the "upcoming events" section on group and chapter pages.
        from belong.events import demo, sections  # noqa: F401
