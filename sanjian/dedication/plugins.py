"""What the dedication app plugs into the shared places, called from ``DedicationConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.dedication import indicators, panels, rights
from sanjian.lib import registries as r
from sanjian.org.models import UnitKind
from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, Role


def register() -> None:
    _permissions()
    _navigation()
    _sources()
    _panels()
    r.person_data.register(
        r.PersonData(
            "dedication.hours",
            _("Dedication and volunteer hours"),
            rights.person_export,
            rights.person_anonymise,
            order=40,
            free_text=rights.FREE_TEXT,
        )
    )


def _permissions() -> None:
    r.permissions.register(
        r.Permission(
            "dedication.view", _("See dedication projects, activities and the volunteer boards"), EVERY_ROLE
        ),
        r.Permission(
            "dedication.take_part", _("Sign up for activities, check in and log one's own hours"), EVERY_ROLE
        ),
        r.Permission(
            "dedication.organise",
            _("Organise volunteer activities and verify their hours"),
            LEADERS | {Role.BRANCH_COMMITTEE},
        ),
        r.Permission(
            "dedication.manage",
            _("Keep dedication projects and their benefit, issue certificates and export hours"),
            LEADERS,
        ),
    )


def _navigation() -> None:
    r.navigation.register(
        r.NavItem(
            "excellence",
            _("Dedication projects"),
            "dedication:projects",
            "dedication.view",
            40,
            _("Party members' dedication projects and double-hundred activities: targets and progress."),
        ),
        r.NavItem(
            "excellence",
            _("Volunteer activities"),
            "dedication:activities",
            "dedication.view",
            42,
            _("Sign up, check in by QR code, and your own volunteer hours."),
        ),
        r.NavItem(
            "excellence",
            _("Hours to verify"),
            "dedication:verify",
            "dedication.organise",
            44,
            _("Pending hour logs of your activities and your branch: verify or reject."),
        ),
        r.NavItem(
            "excellence",
            _("Volunteer service certificates"),
            "dedication:certificates",
            "dedication.view",
            45,
            _("Certificates of verified volunteer hours and their public verification."),
        ),
        r.NavItem(
            "excellence",
            _("Volunteer board"),
            "dedication:board",
            "dedication.view",
            46,
            _("Verified hours by member, branch and project; the monthly leaderboard and milestones."),
        ),
    )


def _sources() -> None:
    """Indicator sources for the assessment platform."""
    r.indicator_sources.register(
        r.IndicatorSource(
            key="dedication.hours_per_member",
            label=_("Verified volunteer hours per party member"),
            measure=_("hours"),
            unit_kinds=frozenset({UnitKind.BRANCH}),
            compute=indicators.hours_per_member,
            description=_(
                "Verified volunteer hours given in the branch over the period, divided by its party "
                "members on the archive today. Pending and rejected logs do not count; a branch "
                "without members has no value."
            ),
        ),
        r.IndicatorSource(
            key="dedication.hours_total",
            label=_("Verified volunteer hours of the branch"),
            measure=_("hours"),
            unit_kinds=frozenset({UnitKind.BRANCH}),
            compute=indicators.hours_total,
            description=_(
                "All verified volunteer hours given in the branch over the period, counted on the "
                "day the work started. Pending and rejected logs do not count."
            ),
        ),
    )


def _panels() -> None:
    """Dashboard panels and the person page's section."""
    figure = "web/panels/figure.html"
    r.panels.register(
        r.Panel("dedication.hours", figure, panels.hours_figure, "dedication.view", 30, kind="figure"),
        r.Panel("dedication.benefit", figure, panels.benefit_figure, "dedication.view", 31, kind="figure"),
        r.Panel(
            "dedication.own",
            "dedication/own/volunteering.html",
            panels.own_volunteering,
            "dedication.take_part",
            30,
            kind="own",
        ),
    )
    r.person_sections.register(
        r.PersonSection(
            "dedication.hours", "dedication/sections/hours.html", panels.hours_section, "dedication.view", 20
        )
    )
