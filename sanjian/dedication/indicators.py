"""The dedication app's automatic indicators for the assessment platform (``lib.registries``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Sum

from sanjian.dedication.selectors import hours_of, minutes_by, verified
from sanjian.members.models import PartyMember
from sanjian.members.models.people import MEMBER_STATUSES
from sanjian.org.models import Unit


def hours_per_member(
    branches: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """Verified hours of the period per active member of each branch; None for a branch with no
    members. The assessment platform's indicator ``dedication.hours_per_member``."""
    ids = [b.pk for b in branches]
    minutes = {
        row["branch"]: row["total"]
        for row in verified(start, end)
        .filter(branch__in=ids)
        .values("branch")
        .annotate(total=Sum("minutes"))
        .order_by()
    }
    members = {
        row["branch"]: row["n"]
        for row in PartyMember.objects.filter(branch__in=ids, is_active=True, status__in=MEMBER_STATUSES)
        .values("branch")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return {
        pk: (Decimal(minutes.get(pk) or 0) / 60 / members[pk]).quantize(Decimal("0.01"))
        if members.get(pk)
        else None
        for pk in ids
    }


def hours_total(
    branches: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """Verified hours given in each branch over the period; 0 for a branch whose members gave none."""
    minutes = minutes_by("branch", start, end)
    return {b.pk: hours_of(minutes.get(b.pk)) for b in branches}
