from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "belong.privacy"
    label = "privacy"
    verbose_name = _("Personal data: self-identification, export, erasure, retention")
