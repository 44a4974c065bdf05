from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class ReportsConfig(registries.SanjianAppConfig):
    """What people read: the dashboard, boards and summaries, from every app's selectors."""

    name = "sanjian.reports"
    label = "reports"
    verbose_name = _("Reports")
