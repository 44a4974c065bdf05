"""What the service app plugs into the shared places, called from ``ServiceConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries as r
from sanjian.org.models import UnitKind
from sanjian.service import indicators, rights
from sanjian.service.services import canteen, dormitories
from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, STAFF, Role


def register() -> None:
    _permissions()
    _navigation()
    _sources()
    r.person_moved.register(
        r.PersonMoved("service.dormitories", dormitories.person_moved),
        r.PersonMoved("service.production_records", canteen.person_moved),
    )
    r.person_data.register(
        r.PersonData(
            "service.records",
            _("Civilised service"),
            rights.person_export,
            rights.person_anonymise,
            order=50,
            free_text=rights.FREE_TEXT,
        )
    )


def _permissions() -> None:
    r.permissions.register(
        r.Permission(
            "service.view",
            _("See the apartments, cleaning, canteen, inspections and requests"),
            STAFF,
        ),
        r.Permission("service.flags", _("See the red-flag boards and their monthly notices"), EVERY_ROLE),
        r.Permission(
            "service.inspect",
            _("Inspect apartment floors and cleaning areas on the deduction sheets"),
            LEADERS | {Role.INSPECTOR, Role.SUPERVISOR},
        ),
        r.Permission(
            "service.manage",
            _("Keep the apartments, rooms, duties, cleaning areas, canteen and banquets"),
            LEADERS | {Role.SUPERVISOR},
        ),
    )


def _navigation() -> None:
    r.navigation.register(
        r.NavItem(
            "service",
            _("Staff apartments"),
            "service:buildings",
            "service.view",
            10,
            _("Buildings, rooms and beds, who lives where, and which attendant answers for each floor."),
        ),
        r.NavItem(
            "service",
            _("Service inspections"),
            "service:inspections",
            "service.view",
            12,
            _("Floor and cleaning inspections on 100-point deduction sheets; fill one in on a phone."),
        ),
        r.NavItem(
            "service",
            _("Repairs and complaints"),
            "service:requests",
            "service.view",
            14,
            _("Residents' repair and complaint requests per room, and the satisfaction call-back."),
        ),
        r.NavItem(
            "service",
            _("Cleaning"),
            "service:areas",
            "service.view",
            16,
            _("Cleaning areas and their size, the all-day shift timeline with its gaps."),
        ),
        r.NavItem(
            "service",
            _("Staff canteen"),
            "service:dishes",
            "service.view",
            17,
            _("The dish of the week and its ratings, themed months, production records and banquets."),
        ),
        r.NavItem(
            "service",
            _("Mobile red flag"),
            "service:flags",
            "service.flags",
            18,
            _(
                "Red-flag competitions: the monthly ranking from the inspections, the awards and each unit's flags."
            ),
        ),
    )


def _sources() -> None:
    """Indicator sources for the assessment platform."""
    r.indicator_sources.register(
        r.IndicatorSource(
            key="service.red_flags",
            label=_("Mobile red flags won"),
            measure=_("flags"),
            unit_kinds=frozenset({UnitKind.NETWORK, UnitKind.WINDOW}),
            compute=indicators.red_flags,
            description=_(
                "Red flags the unit won in the period's monthly rounds of every red-flag competition, "
                "counted once the committee has confirmed the round."
            ),
        ),
    )
