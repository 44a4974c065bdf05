"""What the service app plugs into the shared places, called from ``ServiceConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries as r
from sanjian.service.services import dormitories
from sanjian.tenancy.roles import EVERY_ROLE, LEADERS, Role


def register() -> None:
    _permissions()
    r.person_moved.register(r.PersonMoved("service.dormitories", dormitories.person_moved))


def _permissions() -> None:
    r.permissions.register(
        r.Permission(
            "service.view",
            _("See the apartments, cleaning, canteen and the red-flag boards"),
            EVERY_ROLE,
        ),
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
