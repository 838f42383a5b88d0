from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MicrofundConfig(AppConfig):
    name = "microfund"
    verbose_name = _("Microfund")
