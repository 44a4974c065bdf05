"""Who may do what on one unit's assessment, beyond the plain permission table.

The table (``AppConfig.ready``) says which roles may enter scores or appeal at all; here the
indicator narrows who enters its scores, and a unit appeals only through people tied to it.
"""

from __future__ import annotations

from sanjian.assessment.models import Indicator
from sanjian.org.models import Unit
from sanjian.tenancy.access import Access
from sanjian.tenancy.roles import LEADERS, roles_with


def _tied_roles(access: Access, roles: set[str] | frozenset[str], unit: Unit, *, unit_only: bool) -> bool:
    for membership in access.memberships:
        if membership.role not in roles:
            continue
        if membership.unit_id is None:
            if not unit_only:
                return True
        elif unit.pk in access.reach_of(membership):  # the unit, what is under it and what it guarantees
            return True
    return False


def may_enter(access: Access, indicator: Indicator, unit: Unit) -> bool:
    """Leaders always; otherwise a role the indicator names, acting on a unit within its reach."""
    if access.is_operator:
        return True
    roles = (set(indicator.entry_roles or ()) | LEADERS) & roles_with("assessment.enter")
    return _tied_roles(access, roles, unit, unit_only=False)


def may_appeal(access: Access, unit: Unit) -> bool:
    """Only people tied to the unit (or to a unit that guarantees it) appeal its result."""
    return _tied_roles(access, roles_with("assessment.appeal"), unit, unit_only=True)


def may_enter_costs(access: Access, unit: Unit) -> bool:
    return access.can("assessment.costs", unit)
