from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "belong.groups"
    label = "groups"
    verbose_name = _("Affinity groups")

    def ready(self) -> None:
        # The demo seed's steps for groups join `seed_demo` when the app loads.
        from belong.groups import demo  # noqa: F401
