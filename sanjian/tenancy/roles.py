"""Roles, and the permissions that follow from them.

A permission is granted to roles; apps declare their own permissions in their ``plugins.py``
(``lib.registries.permissions``), so that the permission table grows with the apps and lives
beside them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class Role(models.TextChoices):
    COMPANY_ADMIN = "company_admin", _("Company community party committee")
    SECRETARY = "secretary", _("Community party general branch (secretary)")
    OFFICE = "office", _("Office department staff")
    SUPERVISOR = "supervisor", _("Supervising unit staff")
    WINDOW_MANAGER = "window_manager", _("Window manager")
    INSPECTOR = "inspector", _("Inspector")
    PARTY_MEMBER = "party_member", _("Party member")
    BRANCH_COMMITTEE = "branch_committee", _("Party branch committee member")
    MEDICAL = "medical", _("Medical staff")
    MEDICAL_LEAD = "medical_lead", _("Medical lead")


#: The unit kind that a membership of this role must be attached to; None: no unit needed.
REQUIRED_UNIT_KIND: dict[str, str | None] = {
    Role.OFFICE: "office",
    Role.SUPERVISOR: "supervisor",
    Role.WINDOW_MANAGER: "window",
}
#: Roles whose membership may name a unit (and is then confined to it), though it need not.
OPTIONAL_UNIT_KIND: dict[str, str] = {
    Role.PARTY_MEMBER: "branch",
    Role.BRANCH_COMMITTEE: "branch",
    Role.MEDICAL: "network",
    Role.MEDICAL_LEAD: "network",
    Role.INSPECTOR: "supervisor",
}
COMPANY_ROLES = frozenset({Role.COMPANY_ADMIN})
EVERY_ROLE = frozenset(Role)
LEADERS = frozenset({Role.COMPANY_ADMIN, Role.SECRETARY})
#: Every role given for a piece of the community's work. A plain party member is not among them:
#: they read their own archive, their branch's life, volunteering and the public boards (results,
#: rankings, benchmark windows, red flags, honours, rule documents), not the office's ledgers.
STAFF = EVERY_ROLE - {Role.PARTY_MEMBER}


def roles_with(code: str) -> frozenset[str]:
    """The roles that hold permission ``code`` (declared by its app in ``plugins.py``)."""
    return registries.permissions.get(code).roles
