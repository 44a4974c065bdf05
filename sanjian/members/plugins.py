"""What the members app plugs into the shared places, called from ``MembersConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries as r
from sanjian.members import indicators, panels, rights
from sanjian.org.models import UnitKind
from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, Role


def register() -> None:
    r.permissions.register(
        r.Permission(
            "members.view",
            _("See people and party members' archives"),
            LEADERS | {Role.OFFICE, Role.SUPERVISOR, Role.WINDOW_MANAGER, Role.BRANCH_COMMITTEE},
        ),
        r.Permission("members.own", _("Read one's own archive"), EVERY_ROLE),
        r.Permission(
            "members.manage", _("Keep people's and party members' archives, import and export"), LEADERS
        ),
        r.Permission("members.id_number", _("See full ID numbers"), LEADERS),
        r.Permission(
            "members.data_rights",
            _("Export a person's data and anonymise it where the law allows"),
            frozenset({Role.SECRETARY}),
        ),
        r.Permission(
            "members.branch_work",
            _("Keep a branch's meetings, dues and transfers (branch committee)"),
            LEADERS | {Role.BRANCH_COMMITTEE},
        ),
    )
    r.navigation.register(
        r.NavItem(
            "organisation",
            _("My archive"),
            "members:me",
            "members.own",
            14,
            _("Your own record, party archive and dues."),
        ),
        r.NavItem(
            "organisation",
            _("People and party members"),
            "members:people",
            "members.view",
            15,
            _("Everyone's record, the party members' e-archive, import and export."),
        ),
        r.NavItem(
            "organisation",
            _("Three-level chain"),
            "members:chain",
            "members.view",
            16,
            _("Supervising leaders, co-managing cadres and post party members."),
        ),
        r.NavItem(
            "organisation",
            _("Branch life"),
            "members:meetings",
            "members.view",
            20,
            _("Three meetings and one lesson: meetings, attendance and the yearly frequency."),
        ),
        r.NavItem(
            "organisation",
            _("Party dues"),
            "members:dues",
            "members.view",
            22,
            _("Monthly dues by the national tiers, payments and arrears."),
        ),
        r.NavItem(
            "organisation",
            _("Relationship transfers"),
            "members:transfers",
            "members.view",
            24,
            _("Moving a member's organisational relationship between branches."),
        ),
    )
    figure = "web/panels/figure.html"
    r.panels.register(
        r.Panel("members.members", figure, panels.members_figure, "members.view", 25, kind="figure"),
        r.Panel("members.arrears", figure, panels.arrears_figure, "members.manage", 45, kind="figure"),
        r.Panel(
            "members.own_archive",
            "members/own/archive.html",
            panels.own_archive,
            "members.own",
            10,
            kind="own",
        ),
        r.Panel(
            "members.own_branch_life",
            "members/own/branch_life.html",
            panels.own_branch_life,
            "members.own",
            20,
            kind="own",
        ),
    )
    r.person_sections.register(
        r.PersonSection(
            "members.dues", "members/sections/dues.html", panels.party_section, "members.manage", 10
        )
    )
    r.person_data.register(
        r.PersonData(
            "members.person",
            _("Personal record"),
            rights.person_export,
            rights.person_anonymise,
            order=10,
            free_text=rights.FREE_TEXT,
        ),
        r.PersonData(
            "members.party",
            _("Party archive, branch life and dues"),
            rights.party_export,
            None,
            kept_because=_(
                "a party member's archive, meetings and dues are kept by the Party's archive rules"
            ),
            order=11,
        ),
    )
    r.indicator_sources.register(
        r.IndicatorSource(
            key="members.meetings_held",
            label=_("Required branch meetings held"),
            measure="%",
            unit_kinds=frozenset({UnitKind.BRANCH}),
            compute=indicators.meetings_held,
            description=_(
                "The share of the months and quarters of the period in which the branch held its "
                "general meeting, committee meeting, party group meeting and party lesson as required."
            ),
        ),
        r.IndicatorSource(
            key="members.dues_paid_rate",
            label=_("Party dues paid"),
            measure="%",
            unit_kinds=frozenset({UnitKind.BRANCH}),
            compute=indicators.dues_paid_rate,
            description=_("The share of member-months of the period whose party dues are recorded."),
        ),
    )
