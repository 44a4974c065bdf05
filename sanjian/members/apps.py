from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class MembersConfig(registries.SanjianAppConfig):
    name = "sanjian.members"
    label = "members"
    verbose_name = _("Members")
