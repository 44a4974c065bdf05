from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "sanjian.tenancy"
    label = "tenancy"
    verbose_name = _("Companies and communities")

    def ready(self) -> None:
        from sanjian.lib import memo
        from sanjian.tenancy.models import Community, Company

        # Every request resolves its community from a memo (selectors.community_for_slug).
        memo.watch(Community, Company)
