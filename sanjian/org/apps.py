from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class OrgConfig(registries.SanjianAppConfig):
    name = "sanjian.org"
    label = "org"
    verbose_name = _("Organisation")
