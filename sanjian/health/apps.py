from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class HealthConfig(registries.SanjianAppConfig):
    name = "sanjian.health"
    label = "health"
    verbose_name = _("Health archives and follow-up care")
