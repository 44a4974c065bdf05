from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "sanjian.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from sanjian.members import plugins

        plugins.register_all()
