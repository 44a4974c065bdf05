"""What the windows app plugs into the shared registries (``lib.registries``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import memo
from sanjian.lib import registries as r
from sanjian.lib.persondata import no_own_records, nothing_to_replace
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, Role
from sanjian.windows import indicators, panels, rights
from sanjian.windows.models import Policy, WindowProfile


def register() -> None:
    _person_data()
    # The QR pages find their window (tokens.py) and policy (selectors.policy_for) in the memo.
    memo.watch(Unit, WindowProfile, Policy)
    _permissions()
    _navigation()
    _panels()
    _sources()


def _permissions() -> None:
    office, supervisor, window, inspector = Role.OFFICE, Role.SUPERVISOR, Role.WINDOW_MANAGER, Role.INSPECTOR
    linked = LEADERS | {office, supervisor, window}
    r.permissions.register(
        r.Permission(
            "windows.view", _("See the window standards, rankings and benchmark titles"), EVERY_ROLE
        ),
        r.Permission("windows.standards_manage", _("Keep the window standards"), LEADERS),
        r.Permission(
            "windows.exemptions_manage", _("Say which items do not apply to a window"), LEADERS | {supervisor}
        ),
        r.Permission("windows.inspect", _("Inspect windows"), LEADERS | {inspector, supervisor}),
        r.Permission(
            "windows.inspection_correct",
            _("Correct a submitted inspection"),
            LEADERS | {inspector, supervisor},
        ),
        r.Permission("windows.inspections_view", _("See the inspections of windows"), linked | {inspector}),
        r.Permission("windows.ratings_view", _("See residents' ratings"), linked | {inspector}),
        r.Permission("windows.tickets_view", _("See rectification tickets"), linked | {inspector}),
        r.Permission("windows.ticket_handle", _("Rectify, call back and appeal"), linked),
        r.Permission(
            "windows.ticket_close", _("Close or reopen a called-back ticket"), LEADERS | {office, supervisor}
        ),
        r.Permission("windows.appeal_decide", _("Decide appeals against ratings"), LEADERS | {supervisor}),
        r.Permission("windows.posters", _("Print the QR posters"), linked),
        r.Permission("windows.qr_revoke", _("Replace a window's QR code"), LEADERS | {supervisor}),
        r.Permission("windows.benchmarks_manage", _("Designate benchmark windows"), LEADERS),
        r.Permission("windows.settings", _("Change the ratings settings"), LEADERS),
        r.Permission("windows.ratings_submit_api", _("Submit ratings through the interface"), LEADERS),
    )


def _navigation() -> None:
    r.navigation.register(
        r.NavItem(
            "excellence",
            _("Window rankings"),
            "windows:ranking",
            "windows.view",
            20,
            _("The monthly ranking of the windows: satisfaction, inspections, overdue tickets."),
        ),
        r.NavItem(
            "excellence",
            _("Window inspections"),
            "windows:inspections",
            "windows.inspections_view",
            30,
            _("Inspections of the windows against their standard, on a phone."),
        ),
        r.NavItem(
            "excellence",
            _("Rectification tickets"),
            "windows:tickets",
            "windows.tickets_view",
            40,
            _("Every bad rating followed up within its deadline, with call-back and appeal."),
        ),
        r.NavItem(
            "excellence",
            _("Window standards"),
            "windows:standards",
            "windows.view",
            50,
            _("The refined work standard of each service network, under the five standards."),
        ),
        r.NavItem(
            "excellence",
            _("Benchmark windows"),
            "windows:benchmarks",
            "windows.view",
            60,
            _("The windows designated as benchmarks for the year, and why."),
        ),
        r.NavItem(
            "excellence",
            _("Ratings settings"),
            "windows:settings",
            "windows.settings",
            90,
            _("Deadlines of the tickets and the link of the TV board."),
        ),
    )


def _panels() -> None:
    figure = "web/panels/figure.html"
    r.panels.register(
        r.Panel(
            "windows.satisfaction", figure, panels.satisfaction_figure, "windows.view", 15, kind="figure"
        ),
        r.Panel("windows.overdue", figure, panels.overdue_figure, "windows.tickets_view", 16, kind="figure"),
        r.Panel(
            "windows.month",
            "windows/panels/month.html",
            panels.month_panel,
            "windows.view",
            20,
            width="col-lg-7",
        ),
        r.Panel(
            "windows.overdue_tickets",
            "windows/panels/overdue.html",
            panels.overdue_panel,
            "windows.tickets_view",
            21,
            width="col-lg-5",
        ),
    )


def _sources() -> None:
    windows = frozenset({UnitKind.WINDOW})
    r.indicator_sources.register(
        r.IndicatorSource(
            key="windows.satisfaction_rate",
            label=_("Residents' satisfaction rate"),
            measure="%",
            unit_kinds=windows,
            compute=indicators.satisfaction_rate,
            description=_(
                "The share of ratings in the top two levels over the period, from the daily rollups."
            ),
        ),
        r.IndicatorSource(
            key="windows.inspection_score",
            label=_("Inspection score"),
            measure=_("points"),
            unit_kinds=windows,
            compute=indicators.inspection_score,
            description=_("The average score (0–100) of the window's submitted inspections over the period."),
        ),
        r.IndicatorSource(
            key="windows.overdue_tickets",
            label=_("Overdue rectification tickets"),
            measure=_("tickets"),
            unit_kinds=windows,
            compute=indicators.overdue_tickets,
            higher_is_better=False,
            description=_("Tickets due in the period that were not rectified by their deadline."),
        ),
    )


def _person_data() -> None:
    r.person_data.register(
        r.PersonData(
            "windows.notes",
            _("Ratings, inspections and tickets that name the person"),
            no_own_records,
            nothing_to_replace,
            order=30,
            free_text=rights.FREE_TEXT,
        )
    )
