"""The members app's automatic indicators for the assessment platform (``lib.registries``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from sanjian.lib.dates import Month, whole_months
from sanjian.lib.money import rate
from sanjian.members import selectors
from sanjian.members.models import DuesPayment, PartyMember
from sanjian.members.models.people import MEMBER_STATUSES
from sanjian.org.models import Unit


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
    months = [m.start for m in whole_months(start, end)]
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
            if joined_on is None or joined_on <= Month.of(m).end
        ]
        result[branch.pk] = rate(sum(1 for o in owed if o in paid), len(owed), 4) * 100 if owed else None
    return result
