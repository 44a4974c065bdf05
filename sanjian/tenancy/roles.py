"""Roles and the permissions that follow from them.

A permission is granted to roles; apps declare their own permissions from ``AppConfig.ready()``
through ``register`` so that the permission table grows with the apps and lives beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMPANY_ADMIN = "company_admin", _("Company community party committee")
    SECRETARY = "secretary", _("Community party general branch (secretary)")
    OFFICE = "office", _("Office department staff")
    SUPERVISOR = "supervisor", _("Supervising unit staff")
    WINDOW_MANAGER = "window_manager", _("Window manager")
    INSPECTOR = "inspector", _("Inspector")
    PARTY_MEMBER = "party_member", _("Party member")
    MEDICAL = "medical", _("Medical staff")


#: The unit kind that a membership of this role must be attached to; None: no unit needed.
REQUIRED_UNIT_KIND: dict[str, str | None] = {
    Role.OFFICE: "office",
    Role.SUPERVISOR: "supervisor",
    Role.WINDOW_MANAGER: "window",
}
#: Roles whose membership may name a unit (and is then confined to it), though it need not.
OPTIONAL_UNIT_KIND: dict[str, str] = {
    Role.PARTY_MEMBER: "branch",
    Role.MEDICAL: "network",
    Role.INSPECTOR: "supervisor",
}
COMPANY_ROLES = frozenset({Role.COMPANY_ADMIN})
EVERY_ROLE = frozenset(Role)
LEADERS = frozenset({Role.COMPANY_ADMIN, Role.SECRETARY})


@dataclass(frozen=True)
class Permission:
    code: str
    label: str | Promise
    roles: frozenset[str]


_PERMISSIONS: dict[str, Permission] = {}


def register(code: str, label: str | Promise, roles: frozenset[str] | set[str]) -> Permission:
    """Declare a permission and the roles that hold it. Declaring one twice is a bug."""
    if code in _PERMISSIONS and _PERMISSIONS[code].roles != frozenset(roles):
        raise ValueError(f"permission {code!r} is declared twice with different roles")
    _PERMISSIONS[code] = Permission(code=code, label=label, roles=frozenset(roles))
    return _PERMISSIONS[code]


def roles_with(code: str) -> frozenset[str]:
    try:
        return _PERMISSIONS[code].roles
    except KeyError:
        raise KeyError(f"unknown permission {code!r}: register it in the app's ready()") from None


def all_permissions() -> list[Permission]:
    return sorted(_PERMISSIONS.values(), key=lambda p: p.code)
