from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class ServiceConfig(registries.SanjianAppConfig):
    name = "sanjian.service"
    label = "service"
    verbose_name = _("Civilised services")
