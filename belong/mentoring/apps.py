from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "belong.mentoring"
    label = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        # The demo seed's mentoring step joins `seed_demo` when the app loads.
        from belong.mentoring import demo  # noqa: F401
