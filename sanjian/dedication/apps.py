from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedicationConfig(AppConfig):
    name = "sanjian.dedication"
    label = "dedication"
    verbose_name = _("Party members' dedication")

    def ready(self) -> None:
        from sanjian.dedication import plugins

        plugins.register_all()
