from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class WindowsConfig(registries.SanjianAppConfig):
    name = "sanjian.windows"
    label = "windows"
    verbose_name = _("Benchmark service windows")
