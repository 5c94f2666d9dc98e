from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "belong.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from belong.audit.database import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="belong_audit_sqlite")
