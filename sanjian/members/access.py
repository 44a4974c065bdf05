"""Who may see and keep which archive, beyond what a role alone says.

Roles come from ``tenancy`` (a role tied to a unit acts on that unit's reach). Two things only
the archive knows are added here: the person a login acts as (``Person.user``), and who sits on
a branch committee (``PartyMember.party_post``): the branch's secretary, deputy and organisation
member keep its meetings, dues and transfers, and a committee member of another branch may not.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sanjian.members.models import PartyMember, Person
from sanjian.members.models.people import COMMITTEE_POSTS


def my_person(request: HttpRequest) -> Person | None:
    """The person the logged-in user acts as in this community, if any (cached on the request)."""
    if not hasattr(request, "_members_person"):
        user = request.user
        request._members_person = (
            Person.objects.select_related("party").filter(user=user).first()
            if user.is_authenticated
            else None
        )
    return request._members_person


def sees_full_id_number(request: HttpRequest) -> bool:
    return request.access.can("members.id_number")


def can_see_person(request: HttpRequest, person: Person) -> bool:
    """Managers see everyone; a unit-tied role sees the people of its units and the party members
    of its branches; everyone sees their own archive."""
    me = my_person(request)
    if me is not None and me.pk == person.pk:
        return True
    access = request.access
    if not access.can("members.view"):
        return False
    reach = access.reach("members.view")
    if reach is None:
        return True
    branch_id = getattr(getattr(person, "party", None), "branch_id", None)
    return person.unit_id in reach or branch_id in reach


def require_person(request: HttpRequest, person: Person) -> None:
    if not can_see_person(request, person):
        raise PermissionDenied


def works_for_branch(request: HttpRequest, branch: Any) -> bool:
    """Whether the user may keep ``branch``'s meetings, dues and transfers."""
    access = request.access
    if access.can("members.manage"):
        return True
    if not access.can("members.branch_work", branch):
        return False
    me = my_person(request)
    party = getattr(me, "party", None) if me is not None else None
    return bool(
        party is not None
        and party.is_active
        and party.branch_id == branch.pk
        and party.party_post in COMMITTEE_POSTS
    )


def require_branch(request: HttpRequest, branch: Any) -> None:
    if not works_for_branch(request, branch):
        raise PermissionDenied


def committee_branch_ids(request: HttpRequest) -> set[int] | None:
    """The branches whose work the user keeps; None means every branch."""
    if request.access.can("members.manage"):
        return None
    me = my_person(request)
    party: PartyMember | None = getattr(me, "party", None) if me is not None else None
    if (
        party is not None
        and party.is_active
        and party.party_post in COMMITTEE_POSTS
        and request.access.can("members.branch_work", party.branch)
    ):
        return {party.branch_id}
    return set()
