from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class WebConfig(registries.SanjianAppConfig):
    """The shell every page lives in: layout, navigation, language, home, health check."""

    name = "sanjian.web"
    label = "web"
    verbose_name = _("Web shell")

    def ready(self) -> None:
        super().ready()
        from django.contrib import admin

        admin.site.site_header = _("Sanjian back office")
        admin.site.site_title = _("Sanjian back office")
        admin.site.index_title = _("Records of every company and community")
