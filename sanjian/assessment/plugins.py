"""What the assessment app plugs into the shared registries (``lib.registries``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.assessment import indicators, panels, rights
from sanjian.assessment.models import ASSESSED_KINDS
from sanjian.lib import registries as r
from sanjian.lib.persondata import no_own_records, nothing_to_replace
from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, STAFF, Role


def register() -> None:
    _person_data()
    r.permissions.register(
        r.Permission(
            "assessment.view", _("See the assessment: periods, letters, entries and warnings"), STAFF
        ),
        r.Permission("assessment.results", _("See the published results"), EVERY_ROLE),
        r.Permission(
            "assessment.manage", _("Run the assessment: periods, indicators, letters, publication"), LEADERS
        ),
        r.Permission(
            "assessment.enter",
            _("Enter assessment scores"),
            LEADERS | {Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR},
        ),
        r.Permission(
            "assessment.costs",
            _("Enter actual costs against the quotas"),
            LEADERS | {Role.OFFICE, Role.SUPERVISOR},
        ),
        r.Permission(
            "assessment.appeal",
            _("Appeal a unit's published result"),
            frozenset({Role.OFFICE, Role.SUPERVISOR, Role.WINDOW_MANAGER, Role.BRANCH_COMMITTEE}),
        ),
    )
    r.navigation.register(
        r.NavItem(
            "assessment",
            _("Assessment periods"),
            "assessment:periods",
            "assessment.view",
            10,
            _("Monthly periods, responsibility letters, score entries, review and publication."),
        ),
        r.NavItem(
            "assessment",
            _("Published results"),
            "assessment:published",
            "assessment.results",
            20,
            _("Every unit's score, rank and the reasons behind each point."),
        ),
        r.NavItem(
            "assessment",
            _("Trends and early warnings"),
            "assessment:warnings",
            "assessment.view",
            30,
            _("Month-over-month scores of each unit and the units falling behind."),
        ),
        r.NavItem(
            "assessment",
            _("Indicator library"),
            "assessment:indicators",
            "assessment.manage",
            40,
            _("Indicators, their scoring rules and the templates per kind of unit."),
        ),
    )
    r.panels.register(
        r.Panel(
            "assessment.movers", "assessment/panels/movers.html", panels.movers_panel, "assessment.view", 30
        ),
    )
    r.indicator_sources.register(
        r.IndicatorSource(
            key="assessment.cost_variance",
            label=_("Cost variance against the quotas"),
            measure="%",
            unit_kinds=frozenset(ASSESSED_KINDS),
            compute=indicators.cost_variance_rate,
            higher_is_better=False,
            description=_("The mean of (actual − quota) ÷ quota over the unit's cost items of the period."),
        )
    )


def _person_data() -> None:
    r.person_data.register(
        r.PersonData(
            "assessment.notes",
            _("Assessment reasons and appeals that name the person"),
            no_own_records,
            nothing_to_replace,
            order=35,
            free_text=rights.FREE_TEXT,
        )
    )
