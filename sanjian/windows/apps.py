from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WindowsConfig(AppConfig):
    name = "sanjian.windows"
    label = "windows"
    verbose_name = _("Benchmark service windows")

    def ready(self) -> None:
        _memo()
        _permissions()
        _navigation()
        _panels()
        _sources()


def _memo() -> None:
    from sanjian.lib import memo
    from sanjian.org.models import Unit
    from sanjian.windows.models import Policy, WindowProfile

    # The QR pages find their window (tokens.py) and policy (services.policy_for) in the memo.
    memo.watch(Unit, WindowProfile, Policy)


def _permissions() -> None:
    from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, Role, register

    office, supervisor, window, inspector = Role.OFFICE, Role.SUPERVISOR, Role.WINDOW_MANAGER, Role.INSPECTOR
    linked = LEADERS | {office, supervisor, window}
    register("windows.view", _("See the window standards, rankings and benchmark titles"), EVERY_ROLE)
    register("windows.standards_manage", _("Keep the window standards"), LEADERS)
    register(
        "windows.exemptions_manage", _("Say which items do not apply to a window"), LEADERS | {supervisor}
    )
    register("windows.inspect", _("Inspect windows"), LEADERS | {inspector, supervisor})
    register(
        "windows.inspection_correct", _("Correct a submitted inspection"), LEADERS | {inspector, supervisor}
    )
    register("windows.inspections_view", _("See the inspections of windows"), linked | {inspector})
    register("windows.ratings_view", _("See residents' ratings"), linked | {inspector})
    register("windows.tickets_view", _("See rectification tickets"), linked | {inspector})
    register("windows.ticket_handle", _("Rectify, call back and appeal"), linked)
    register(
        "windows.ticket_close", _("Close or reopen a called-back ticket"), LEADERS | {office, supervisor}
    )
    register("windows.appeal_decide", _("Decide appeals against ratings"), LEADERS | {supervisor})
    register("windows.posters", _("Print the QR posters"), linked)
    register("windows.qr_revoke", _("Replace a window's QR code"), LEADERS | {supervisor})
    register("windows.benchmarks_manage", _("Designate benchmark windows"), LEADERS)
    register("windows.settings", _("Change the ratings settings"), LEADERS)
    register("windows.ratings_submit_api", _("Submit ratings through the interface"), LEADERS)


def _navigation() -> None:
    from sanjian.web.navigation import NavItem, register

    register(
        NavItem(
            "excellence",
            _("Window rankings"),
            "windows:ranking",
            "windows.view",
            20,
            _("The monthly ranking of the windows: satisfaction, inspections, overdue tickets."),
        ),
        NavItem(
            "excellence",
            _("Window inspections"),
            "windows:inspections",
            "windows.inspections_view",
            30,
            _("Inspections of the windows against their standard, on a phone."),
        ),
        NavItem(
            "excellence",
            _("Rectification tickets"),
            "windows:tickets",
            "windows.tickets_view",
            40,
            _("Every bad rating followed up within its deadline, with call-back and appeal."),
        ),
        NavItem(
            "excellence",
            _("Window standards"),
            "windows:standards",
            "windows.view",
            50,
            _("The refined work standard of each service network, under the five standards."),
        ),
        NavItem(
            "excellence",
            _("Benchmark windows"),
            "windows:benchmarks",
            "windows.view",
            60,
            _("The windows designated as benchmarks for the year, and why."),
        ),
        NavItem(
            "excellence",
            _("Ratings settings"),
            "windows:settings",
            "windows.settings",
            90,
            _("Deadlines of the tickets and the link of the TV board."),
        ),
    )


def _panels() -> None:
    from sanjian.reports.panels import Panel, register
    from sanjian.windows import panels

    figure = "web/panels/figure.html"
    register(
        Panel("windows.satisfaction", figure, panels.satisfaction_figure, "windows.view", 15, kind="figure"),
        Panel("windows.overdue", figure, panels.overdue_figure, "windows.tickets_view", 16, kind="figure"),
        Panel(
            "windows.month",
            "windows/panels/month.html",
            panels.month_panel,
            "windows.view",
            20,
            width="col-lg-7",
        ),
        Panel(
            "windows.overdue_tickets",
            "windows/panels/overdue.html",
            panels.overdue_panel,
            "windows.tickets_view",
            21,
            width="col-lg-5",
        ),
    )


def _sources() -> None:
    from sanjian.assessment.sources import Source, register
    from sanjian.org.models import UnitKind
    from sanjian.windows import indicators

    windows = frozenset({UnitKind.WINDOW})
    register(
        Source(
            key="windows.satisfaction_rate",
            label=_("Residents' satisfaction rate"),
            measure="%",
            unit_kinds=windows,
            compute=indicators.satisfaction_rate,
            description=_(
                "The share of ratings in the top two levels over the period, from the daily rollups."
            ),
        )
    )
    register(
        Source(
            key="windows.inspection_score",
            label=_("Inspection score"),
            measure=_("points"),
            unit_kinds=windows,
            compute=indicators.inspection_score,
            description=_("The average score (0–100) of the window's submitted inspections over the period."),
        )
    )
    register(
        Source(
            key="windows.overdue_tickets",
            label=_("Overdue rectification tickets"),
            measure=_("tickets"),
            unit_kinds=windows,
            compute=indicators.overdue_tickets,
            higher_is_better=False,
            description=_("Tickets due in the period that were not rectified by their deadline."),
        )
    )
