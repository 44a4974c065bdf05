from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """目标考核: periods, indicators, responsibility letters, cost quotas, scores, publication."""

    name = "sanjian.assessment"
    label = "assessment"
    verbose_name = _("Target assessment")

    def ready(self) -> None:
        from sanjian.assessment import indicators, panels, sources
        from sanjian.assessment.models import ASSESSED_KINDS
        from sanjian.reports.panels import Panel
        from sanjian.reports.panels import register as panel
        from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, Role, register
        from sanjian.web.navigation import NavItem
        from sanjian.web.navigation import register as nav

        register("assessment.view", _("See the assessment and its published results"), EVERY_ROLE)
        register(
            "assessment.manage", _("Run the assessment: periods, indicators, letters, publication"), LEADERS
        )
        register(
            "assessment.enter",
            _("Enter assessment scores"),
            LEADERS | {Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR},
        )
        register(
            "assessment.costs",
            _("Enter actual costs against the quotas"),
            LEADERS | {Role.OFFICE, Role.SUPERVISOR},
        )
        register(
            "assessment.appeal",
            _("Appeal a unit's published result"),
            {Role.OFFICE, Role.SUPERVISOR, Role.WINDOW_MANAGER, Role.PARTY_MEMBER},
        )
        nav(
            NavItem(
                "assessment",
                _("Assessment periods"),
                "assessment:periods",
                "assessment.view",
                10,
                _("Monthly periods, responsibility letters, score entries, review and publication."),
            ),
            NavItem(
                "assessment",
                _("Published results"),
                "assessment:published",
                "assessment.view",
                20,
                _("Every unit's score, rank and the reasons behind each point."),
            ),
            NavItem(
                "assessment",
                _("Trends and early warnings"),
                "assessment:warnings",
                "assessment.view",
                30,
                _("Month-over-month scores of each unit and the units falling behind."),
            ),
            NavItem(
                "assessment",
                _("Indicator library"),
                "assessment:indicators",
                "assessment.manage",
                40,
                _("Indicators, their scoring rules and the templates per kind of unit."),
            ),
        )
        panel(
            Panel(
                "assessment.movers",
                "assessment/panels/movers.html",
                panels.movers_panel,
                "assessment.view",
                30,
            ),
        )
        sources.register(
            sources.Source(
                key="assessment.cost_variance",
                label=_("Cost variance against the quotas"),
                measure="%",
                unit_kinds=frozenset(ASSESSED_KINDS),
                compute=indicators.cost_variance_rate,
                higher_is_better=False,
                description=_(
                    "The mean of (actual − quota) ÷ quota over the unit's cost items of the period."
                ),
            )
        )
