"""The members app's figures on the dashboard, its profile sections and indicator sources."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib.money import rate
from sanjian.members import selectors
from sanjian.members.models import DuesPayment, PartyMember
from sanjian.members.models.people import MEMBER_STATUSES
from sanjian.org.models import Unit


def members_figure(request: HttpRequest) -> dict[str, Any]:
    count = PartyMember.objects.filter(is_active=True, status__in=MEMBER_STATUSES).count()
    url = reverse("members:people", args=[request.community.slug]) + "?status=member"
    return {"value": count, "label": _("party members on the archive"), "url": url}


def arrears_figure(request: HttpRequest) -> dict[str, Any]:
    month = timezone.localdate().replace(day=1)
    owing = sum(selectors.arrears_counts(month).values())
    label = _("members without dues paid for %(month)s") % {"month": f"{month:%Y-%m}"}
    return {"value": owing, "label": label, "url": reverse("members:dues", args=[request.community.slug])}


def party_section(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The person page's own party section lives in the page; this hook shows dues to the member."""
    party = getattr(person, "party", None)
    if party is None or not party.is_member:
        return None
    year = timezone.localdate().year
    return {"lines": selectors.dues_statement(party, year), "year": year, "party": party}


def meetings_held(
    branches: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    return selectors.meetings_held_rate(list(branches), start, end)


def dues_paid_rate(
    branches: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """The share (0–100) of member-months in ``start``..``end`` with dues recorded, per branch.

    Counts today's active members of each branch over the whole months of the period (joined
    before the month ended); None for a branch without members or without a whole month."""
    months = []
    day = (
        start.replace(day=1)
        if start.day == 1
        else (start.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    )
    while selectors.month_end(day.year, day.month) <= end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    members = PartyMember.objects.filter(branch__in=branches, is_active=True, status__in=MEMBER_STATUSES)
    joined: dict[int, list[tuple[int, datetime.date | None]]] = {}
    for pk, branch_id, joined_on in members.values_list("pk", "branch_id", "joined_on"):
        joined.setdefault(branch_id, []).append((pk, joined_on))
    paid = set(
        DuesPayment.objects.filter(member__in=members, month__in=months).values_list("member_id", "month")
    )
    result: dict[int, Decimal | None] = {}
    for branch in branches:
        owed = [
            (pk, m)
            for pk, joined_on in joined.get(branch.pk, [])
            for m in months
            if joined_on is None or joined_on <= selectors.month_end(m.year, m.month)
        ]
        result[branch.pk] = rate(sum(1 for o in owed if o in paid), len(owed), 4) * 100 if owed else None
    return result
