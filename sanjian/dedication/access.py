"""Who may organise activities and verify hours, beyond what a role alone says.

Hours are verified by the activity's organiser or by the secretary of the party branch the log
belongs to (the general branch's leaders may verify any); nobody verifies their own hours.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sanjian.dedication.models import Activity, HourLog
from sanjian.members.access import my_person
from sanjian.members.models.people import PartyPost


def is_leader(request: HttpRequest) -> bool:
    return request.access.can("dedication.manage")


def secretary_branch_id(request: HttpRequest) -> int | None:
    """The branch whose secretary the user is, if any."""
    me = my_person(request)
    party = getattr(me, "party", None) if me is not None else None
    if party is not None and party.is_active and party.party_post == PartyPost.SECRETARY:
        return party.branch_id
    return None


def can_organise(request: HttpRequest, activity: Activity | None = None) -> bool:
    """Leaders organise any activity; a party member organises the activities they run, and
    creates new ones with themself as organiser."""
    if is_leader(request):
        return True
    if not request.access.can("dedication.organise"):
        return False
    me = my_person(request)
    if me is None:
        return False
    return activity is None or activity.organiser_id == me.pk


def can_verify(request: HttpRequest, log: HourLog) -> bool:
    me = my_person(request)
    if log.person.user_id is not None and log.person.user_id == request.user.pk:
        return False
    if is_leader(request):
        return True
    if not request.access.can("dedication.organise") or me is None:
        return False
    if log.activity.organiser_id == me.pk:
        return True
    branch = secretary_branch_id(request)
    return branch is not None and branch == log.branch_id


def require_verify(request: HttpRequest, log: HourLog) -> None:
    if not can_verify(request, log):
        raise PermissionDenied


def require_organise(request: HttpRequest, activity: Activity | None = None) -> None:
    if not can_organise(request, activity):
        raise PermissionDenied
