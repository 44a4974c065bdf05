from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "sanjian.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from sanjian.assessment import sources
        from sanjian.org import indicators, panels
        from sanjian.org.models import UnitKind
        from sanjian.reports.panels import Panel
        from sanjian.reports.panels import register as panel
        from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, Role, register
        from sanjian.web.navigation import NavItem
        from sanjian.web.navigation import register as nav

        register("org.view", _("See the organisation"), EVERY_ROLE)
        register("org.manage", _("Manage units and the three-level linkage"), LEADERS)
        register(
            "org.unit_contact",
            _("Keep a unit's location and phone up to date"),
            LEADERS | {Role.OFFICE, Role.SUPERVISOR, Role.WINDOW_MANAGER},
        )
        register("documents.view", _("Read the rule documents"), EVERY_ROLE)
        register("documents.manage", _("Manage the rule documents"), LEADERS)
        register("standards.view", _("See the branch standardisation checklist"), EVERY_ROLE)
        register("standards.manage", _("Check branches against the standard"), LEADERS)
        nav(
            NavItem(
                "organisation",
                _("Organisation tree"),
                "org:tree",
                "org.view",
                10,
                _("Party branches, departments, supervising units, networks and windows."),
            ),
            NavItem(
                "organisation",
                _("Standardised party branches"),
                "org:standards",
                "standards.view",
                30,
                _("The yearly checklist of every branch and the share that meets the standard."),
            ),
            NavItem(
                "organisation",
                _("Rules and regulations"),
                "org:documents",
                "documents.view",
                40,
                _("The written rules that define everyone's duties."),
            ),
            NavItem(
                "excellence",
                _("Service windows and linkage"),
                "org:windows",
                "org.view",
                10,
                _("The benchmark windows and the department and unit that guarantee each."),
            ),
        )
        figure = "web/panels/figure.html"
        panel(
            Panel("org.windows", figure, panels.windows_figure, "org.view", 10, kind="figure"),
            Panel("org.branches", figure, panels.branches_figure, "org.view", 20, kind="figure"),
            Panel("org.standard", figure, panels.standard_figure, "standards.view", 30, kind="figure"),
            Panel("org.documents", figure, panels.documents_figure, "documents.view", 40, kind="figure"),
            Panel(
                "org.networks",
                "org/panels/networks.html",
                panels.networks_panel,
                "org.view",
                10,
                width="col-lg-7",
            ),
        )
        sources.register(
            sources.Source(
                key="org.branch_standard_rate",
                label=_("Standardised branch items met"),
                measure="%",
                unit_kinds=frozenset({UnitKind.BRANCH}),
                compute=indicators.branch_standard_rate,
                description=_("The share of this year's standardisation checklist the branch has met."),
            )
        )
