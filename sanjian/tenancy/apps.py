from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class TenancyConfig(registries.SanjianAppConfig):
    name = "sanjian.tenancy"
    label = "tenancy"
    verbose_name = _("Companies and communities")
