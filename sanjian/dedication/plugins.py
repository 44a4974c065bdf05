"""What the dedication app plugs into the shared places, called from ``DedicationConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    _permissions()
    _navigation()
    _sources()
    _panels()


def _permissions() -> None:
    from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, Role, register

    register("dedication.view", _("See dedication projects, activities and the volunteer boards"), EVERY_ROLE)
    register(
        "dedication.take_part", _("Sign up for activities, check in and log one's own hours"), EVERY_ROLE
    )
    register(
        "dedication.organise",
        _("Organise volunteer activities and verify their hours"),
        LEADERS | {Role.PARTY_MEMBER},
    )
    register(
        "dedication.manage",
        _("Keep dedication projects and their benefit, issue certificates and export hours"),
        LEADERS,
    )


def _navigation() -> None:
    from sanjian.web.navigation import NavItem, register

    register(
        NavItem(
            "excellence",
            _("Dedication projects"),
            "dedication:projects",
            "dedication.view",
            40,
            _("Party members' dedication projects and double-hundred activities: targets and progress."),
        ),
        NavItem(
            "excellence",
            _("Volunteer activities"),
            "dedication:activities",
            "dedication.view",
            42,
            _("Sign up, check in by QR code, and your own volunteer hours."),
        ),
        NavItem(
            "excellence",
            _("Hours to verify"),
            "dedication:verify",
            "dedication.organise",
            44,
            _("Pending hour logs of your activities and your branch: verify or reject."),
        ),
        NavItem(
            "excellence",
            _("Volunteer service certificates"),
            "dedication:certificates",
            "dedication.view",
            45,
            _("Certificates of verified volunteer hours and their public verification."),
        ),
        NavItem(
            "excellence",
            _("Volunteer board"),
            "dedication:board",
            "dedication.view",
            46,
            _("Verified hours by member, branch and project; the monthly leaderboard and milestones."),
        ),
    )


def _sources() -> None:
    """Indicator sources for the assessment platform (see ``assessment.sources``)."""
    from sanjian.assessment import sources
    from sanjian.dedication import panels, selectors
    from sanjian.org.models import UnitKind

    sources.register(
        sources.Source(
            key="dedication.hours_per_member",
            label=_("Verified volunteer hours per party member"),
            measure=_("hours"),
            unit_kinds=frozenset({UnitKind.BRANCH}),
            compute=selectors.hours_per_member,
            description=_(
                "Verified volunteer hours given in the branch over the period, divided by its party "
                "members on the archive today. Pending and rejected logs do not count; a branch "
                "without members has no value."
            ),
        )
    )
    sources.register(
        sources.Source(
            key="dedication.hours_total",
            label=_("Verified volunteer hours of the branch"),
            measure=_("hours"),
            unit_kinds=frozenset({UnitKind.BRANCH}),
            compute=panels.hours_total,
            description=_(
                "All verified volunteer hours given in the branch over the period, counted on the "
                "day the work started. Pending and rejected logs do not count."
            ),
        )
    )


def _panels() -> None:
    """Dashboard panels and the person page's section."""
    from sanjian.dedication import panels
    from sanjian.members.profile import register_section
    from sanjian.reports.panels import Panel, register

    figure = "web/panels/figure.html"
    register(
        Panel("dedication.hours", figure, panels.hours_figure, "dedication.view", 30, kind="figure"),
        Panel("dedication.benefit", figure, panels.benefit_figure, "dedication.view", 31, kind="figure"),
    )
    register_section(
        "dedication.hours", "dedication/sections/hours.html", panels.hours_section, "dedication.view", 20
    )
