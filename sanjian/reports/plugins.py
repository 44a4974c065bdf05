"""What the reports app plugs into the shared registries (``lib.registries``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries as r
from sanjian.tenancy.roles import LEADERS, Role


def register() -> None:
    r.permissions.register(
        r.Permission(
            "reports.summary",
            _("Read and download the work summary"),
            LEADERS | {Role.BRANCH_COMMITTEE},
        ),
        r.Permission("reports.summary_edit", _("Edit the work summary"), LEADERS),
    )
    r.navigation.register(
        r.NavItem(
            "reports", _("Dashboard"), "reports:dashboard", "org.view", 10, _("The community at a glance.")
        ),
        r.NavItem(
            "reports",
            _("Work summary"),
            "reports:summary",
            "reports.summary",
            20,
            _("The work summary of a period, written from the records: edit it, download it as Word or PDF."),
        ),
    )
