from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class DedicationConfig(registries.SanjianAppConfig):
    name = "sanjian.dedication"
    label = "dedication"
    verbose_name = _("Party members' dedication")
