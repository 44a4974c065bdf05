"""What the reports app plugs into the shared registries (``lib.registries``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries as r
from sanjian.lib.persondata import nothing_to_replace
from sanjian.reports import rights, services
from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, STAFF, Role


def register() -> None:
    r.permissions.register(
        r.Permission(
            "reports.summary",
            _("Read and download the work summary"),
            LEADERS | {Role.BRANCH_COMMITTEE},
        ),
        r.Permission("reports.summary_edit", _("Edit the work summary"), LEADERS),
        # A plain party member starts from their own page (web's ``my_home``), not the community's.
        r.Permission("reports.dashboard", _("See the community dashboard"), STAFF),
        r.Permission(
            "reports.downloads", _("Make documents in the background and download them"), EVERY_ROLE
        ),
        r.Permission("reports.honours", _("See the honours register"), EVERY_ROLE),
        r.Permission("reports.honours_manage", _("Keep the honours register"), LEADERS),
    )
    r.navigation.register(
        r.NavItem(
            "reports",
            _("Dashboard"),
            "reports:dashboard",
            "reports.dashboard",
            10,
            _("The community at a glance."),
        ),
        r.NavItem(
            "reports",
            _("Work summary"),
            "reports:summary",
            "reports.summary",
            20,
            _("The work summary of a period, written from the records: edit it, download it as Word or PDF."),
        ),
        r.NavItem(
            "reports",
            _("Notices"),
            "reports:notices",
            "reports.summary",
            25,
            _("The monthly notice and the notices of published assessment results, as Word and PDF."),
        ),
        r.NavItem(
            "reports",
            _("Honours"),
            "reports:honours",
            "reports.honours",
            30,
            _("Titles won by the community, its units and its members, with their evidence."),
        ),
    )
    r.navigation.register(
        r.NavItem(
            "reports",
            _("My downloads"),
            "reports:downloads",
            "reports.downloads",
            60,
            _("Documents made in the background, with their progress; download them when they are ready."),
        ),
    )
    r.person_moved.register(r.PersonMoved("reports.honours", services.honours_move))
    r.person_data.register(
        r.PersonData(
            "reports.honours",
            _("Honours"),
            rights.honours_export,
            nothing_to_replace,
            order=70,
            free_text=rights.FREE_TEXT,
        )
    )
