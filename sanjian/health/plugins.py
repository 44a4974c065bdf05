"""What the health app plugs into the shared places, called from ``HealthConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.health import indicators, panels, rights
from sanjian.health.services import moves
from sanjian.lib import registries as r
from sanjian.org.models import UnitKind
from sanjian.tenancy.roles import STAFF, Role

MEDICAL = frozenset({Role.MEDICAL, Role.MEDICAL_LEAD})


def register() -> None:
    _permissions()
    _navigation()
    _panels()
    _sources()
    r.person_moved.register(r.PersonMoved("health.archive", moves.archive_follows_person))
    r.person_data.register(
        r.PersonData(
            "health.archive",
            _("Health archive"),
            rights.person_export,
            None,
            kept_because=_("medical records are kept as they were written"),
            perm="health.lead",
            order=60,
            free_text=rights.FREE_TEXT,
        )
    )


def _permissions() -> None:
    r.permissions.register(
        r.Permission(
            "health.stats",
            _("See the community's health figures: counts and rates, never a person's data"),
            STAFF,
        ),
        r.Permission("health.care", _("Read and keep health archives, plans and follow-ups"), MEDICAL),
        r.Permission(
            "health.lead",
            _("Export personal health data, read the log of archive reads, set the follow-up rules"),
            frozenset({Role.MEDICAL_LEAD}),
        ),
    )


def _navigation() -> None:
    r.navigation.register(
        r.NavItem(
            "service",
            _("My follow-ups"),
            "health:overdue",
            "health.care",
            60,
            _(
                "Your overdue follow-ups first, then those due in the next 30 days; record a visit on the phone."
            ),
        ),
        r.NavItem(
            "service",
            _("Health archives"),
            "health:archives",
            "health.care",
            61,
            _("Over 400 archives of workers and residents: conditions, medications, visits and plans."),
        ),
        r.NavItem(
            "service",
            _("Outreach"),
            "health:outreach_list",
            "health.care",
            62,
            _("Health talks, free checks and medicine delivered to the dormitories, month by month."),
        ),
        r.NavItem(
            "service",
            _("Health statistics"),
            "health:stats",
            "health.stats",
            63,
            _("Archives by condition, follow-ups and the on-time rate: counts and rates only."),
        ),
        r.NavItem(
            "service",
            _("Follow-up rules"),
            "health:rules",
            "health.care",
            65,
            _("How often each chronic condition is followed up; the medical lead changes them."),
        ),
        r.NavItem(
            "service",
            _("Log of archive reads"),
            "health:reads",
            "health.lead",
            64,
            _("Who opened, exported or fetched which health archive, and when."),
        ),
    )


def _panels() -> None:
    figure = "web/panels/figure.html"
    r.panels.register(
        r.Panel("health.overdue", figure, panels.overdue_figure, "health.care", 5, kind="figure"),
        r.Panel("health.on_time", figure, panels.on_time_figure, "health.stats", 60, kind="figure"),
    )


def _sources() -> None:
    r.indicator_sources.register(
        r.IndicatorSource(
            key="health.on_time_rate",
            label=_("Follow-ups done on time"),
            measure="%",
            unit_kinds=frozenset({UnitKind.NETWORK, UnitKind.GENERAL_BRANCH}),
            compute=indicators.on_time_rate,
            description=_(
                "Of the follow-ups due in the period (and past their due date), the share done by "
                "the due date: for a medical service network, those of the doctors tied to it; for "
                "the general branch, the whole community's. Asked month by month, the on-time rate "
                "per doctor and month."
            ),
        ),
    )
