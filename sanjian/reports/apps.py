from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What people read: the dashboard, boards and summaries, from every app's selectors."""

    name = "sanjian.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from sanjian.web.navigation import NavItem, register

        register(
            NavItem(
                "reports",
                _("Dashboard"),
                "reports:dashboard",
                "org.view",
                10,
                _("The community at a glance."),
            )
        )
