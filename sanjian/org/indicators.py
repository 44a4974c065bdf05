"""The organisation's automatic indicators for the assessment platform."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count

from sanjian.lib.money import rate
from sanjian.org.models import BranchCheck, StandardItem, Unit


def branch_standard_rate(
    branches: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """The share (0–100) of the year's standardisation items a branch has met, for the year the
    period ends in. None when the community has no items in use."""
    # Per community: under a company scope, each branch is measured against its own checklist.
    items = dict(
        StandardItem.objects.filter(is_active=True).values_list("community_id").annotate(n=Count("pk"))
    )
    met = dict(
        BranchCheck.objects.filter(branch__in=branches, year=end.year, met=True, item__is_active=True)
        .values_list("branch_id")
        .annotate(n=Count("pk"))
    )
    return {
        b.pk: rate(met.get(b.pk, 0), items[b.community_id], 4) * 100
        for b in branches
        if items.get(b.community_id)
    }
