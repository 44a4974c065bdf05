"""What the health app plugs into the shared places, called from ``HealthConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries as r
from sanjian.tenancy.roles import EVERY_ROLE, Role

MEDICAL = frozenset({Role.MEDICAL, Role.MEDICAL_LEAD})


def register() -> None:
    _permissions()


def _permissions() -> None:
    r.permissions.register(
        r.Permission(
            "health.stats",
            _("See the community's health figures: counts and rates, never a person's data"),
            EVERY_ROLE,
        ),
        r.Permission("health.care", _("Read and keep health archives, plans and follow-ups"), MEDICAL),
        r.Permission(
            "health.lead",
            _("Export personal health data, read the log of archive reads, set the follow-up rules"),
            frozenset({Role.MEDICAL_LEAD}),
        ),
    )
