"""What the org app plugs into the shared registries (``lib.registries``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries as r
from sanjian.lib.persondata import no_own_records, nothing_to_replace
from sanjian.org import indicators, panels, rights, selectors
from sanjian.org.models import UnitKind
from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, STAFF, Role


def register() -> None:
    _person_data()
    r.permissions.register(
        r.Permission("org.view", _("See the organisation"), STAFF),
        r.Permission("org.manage", _("Manage units and the three-level linkage"), LEADERS),
        r.Permission(
            "org.unit_contact",
            _("Keep a unit's location and phone up to date"),
            LEADERS | {Role.OFFICE, Role.SUPERVISOR, Role.WINDOW_MANAGER},
        ),
        r.Permission("documents.view", _("Read the rule documents"), EVERY_ROLE),
        r.Permission("documents.manage", _("Manage the rule documents"), LEADERS),
        r.Permission("standards.view", _("See the branch standardisation checklist"), STAFF),
        r.Permission("standards.manage", _("Check branches against the standard"), LEADERS),
    )
    r.navigation.register(
        r.NavItem(
            "organisation",
            _("Organisation tree"),
            "org:tree",
            "org.view",
            10,
            _("Party branches, departments, supervising units, networks and windows."),
        ),
        r.NavItem(
            "organisation",
            _("Standardised party branches"),
            "org:standards",
            "standards.view",
            30,
            _("The yearly checklist of every branch and the share that meets the standard."),
        ),
        r.NavItem(
            "organisation",
            _("Rules and regulations"),
            "org:documents",
            "documents.view",
            40,
            _("The written rules that define everyone's duties."),
        ),
        r.NavItem(
            "excellence",
            _("Service windows and linkage"),
            "org:windows",
            "org.view",
            10,
            _("The benchmark windows and the department and unit that guarantee each."),
        ),
    )
    figure = "web/panels/figure.html"
    r.panels.register(
        r.Panel("org.windows", figure, panels.windows_figure, "org.view", 10, kind="figure"),
        r.Panel("org.branches", figure, panels.branches_figure, "org.view", 20, kind="figure"),
        r.Panel("org.standard", figure, panels.standard_figure, "standards.view", 30, kind="figure"),
        r.Panel("org.documents", figure, panels.documents_figure, "documents.view", 40, kind="figure"),
        r.Panel(
            "org.networks",
            "org/panels/networks.html",
            panels.networks_panel,
            "org.view",
            10,
            width="col-lg-7",
        ),
    )
    r.indicator_sources.register(
        r.IndicatorSource(
            key="org.branch_standard_rate",
            label=_("Standardised branch items met"),
            measure="%",
            unit_kinds=frozenset({UnitKind.BRANCH}),
            compute=indicators.branch_standard_rate,
            description=_("The share of this year's standardisation checklist the branch has met."),
        )
    )
    r.unit_reach.register(r.UnitReach("org.unit_reach", selectors.unit_reach))


def _person_data() -> None:
    r.person_data.register(
        r.PersonData(
            "org.notes",
            _("Notes of the organisation's records that name the person"),
            no_own_records,
            nothing_to_replace,
            order=20,
            free_text=rights.FREE_TEXT,
        )
    )
