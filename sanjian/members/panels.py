"""The members app's figures on the dashboard and its section of the person page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.members import selectors
from sanjian.members.access import my_person
from sanjian.members.models import PartyMember
from sanjian.members.models.people import MEMBER_STATUSES
from sanjian.tenancy.access import community_url


def members_figure(request: HttpRequest) -> dict[str, Any]:
    count = PartyMember.objects.filter(is_active=True, status__in=MEMBER_STATUSES).count()
    url = community_url(request, "members:people") + "?status=member"
    return {"value": count, "label": _("party members on the archive"), "url": url}


def arrears_figure(request: HttpRequest) -> dict[str, Any]:
    month = timezone.localdate().replace(day=1)
    owing = sum(selectors.arrears_counts(month).values())
    label = _("members without dues paid for %(month)s") % {"month": f"{month:%Y-%m}"}
    return {"value": owing, "label": label, "url": community_url(request, "members:dues")}


def party_section(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The person page's own party section lives in the page; this hook shows dues to the member."""
    party = getattr(person, "party", None)
    if party is None or not party.is_member:
        return None
    year = timezone.localdate().year
    return {"lines": selectors.dues_statement(party, year), "year": year, "party": party}


def own_archive(request: HttpRequest) -> dict[str, Any] | None:
    """The member's own card: who they are in the archive, their branch, and this year's dues."""
    person = my_person(request)
    if person is None:
        return None
    party = getattr(person, "party", None)
    today = timezone.localdate()
    unpaid = (
        sum(
            1
            for line in selectors.dues_statement(party, today.year)
            if line.month <= today and line.due and line.payment is None
        )
        if party is not None and party.is_member
        else None
    )
    return {"person": person, "party": party, "unpaid": unpaid, "year": today.year}


def own_branch_life(request: HttpRequest) -> dict[str, Any] | None:
    """The meetings of their branch the member was expected at, latest first (read-only)."""
    person = my_person(request)
    party = getattr(person, "party", None) if person is not None else None
    if party is None or not party.is_active:
        return None
    return {"party": party, "meetings": selectors.meetings_attended(party)}
