"""Background work: next year's follow-up plans, made before the year begins."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scope, scopes_disabled
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanjian.health.models import HealthArchive
from sanjian.health.services.plans import plans_generate_year
from sanjian.tenancy.models import Community


def plan_year(today: datetime.date) -> int:
    """The year whose plans are due to be made: next year in December, this year otherwise."""
    return today.year + 1 if today.month == 12 else today.year


def plans_generate_everywhere(*, year: int) -> dict[str, int]:
    """Make the missing plans of ``year`` in every community that keeps archives, each in its
    own scope and transaction: community slug → plans made (0 the second time)."""
    with scopes_disabled():
        ids = set(HealthArchive.objects.values_list("community_id", flat=True).distinct())
        communities = list(Community.objects.filter(pk__in=ids).order_by("slug"))
    made = {}
    for community in communities:
        with scope(community=community.pk):
            made[community.slug] = plans_generate_year(community=community, year=year, actor=None)
    return made


@db_periodic_task(crontab(month="12,1", day="1", hour="3", minute="10"))
def generate_yearly_plans() -> dict[str, int]:
    # On 1 December for the coming year, so that January's plans are there in time; again on
    # 1 January for archives opened in December (it makes only what is missing).
    return plans_generate_everywhere(year=plan_year(timezone.localdate()))
