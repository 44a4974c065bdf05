"""The demo's health year for 阳邑社区: just over 400 archives, realistic shares of the chronic
conditions, a year of follow-ups (most on time, some overdue, some lost), monthly outreach.

The shares asserted are wide on purpose: the demo draws them by age and sex as the surveys
report them (hypertension about a quarter of adults, type 2 diabetes about a tenth,
pneumoconiosis among older male miners), and the ranges say what "realistic" means here."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.utils import timezone

from sanjian.health.models import (
    ArchiveCondition,
    ArchiveStatus,
    FollowUpPlan,
    HealthArchive,
    OutreachEvent,
    PlanKind,
    PlanStatus,
    Visit,
)
from sanjian.lib.dates import Month


def share(code: str) -> float:
    with_it = ArchiveCondition.objects.filter(condition__code=code).values("archive").distinct().count()
    return with_it / HealthArchive.objects.count()


def test_just_over_400_archives(yangyi):
    assert 400 < HealthArchive.objects.count() < 480


@pytest.mark.parametrize(
    ("code", "low", "high"),
    [("hypertension", 0.18, 0.40), ("diabetes", 0.05, 0.18), ("pneumoconiosis", 0.01, 0.12)],
)
def test_the_shares_of_the_chronic_conditions_are_realistic(yangyi, code, low, high):
    assert low <= share(code) <= high, share(code)


def test_a_year_of_visits_most_on_time_some_overdue_some_lost(yangyi):
    today = timezone.localdate()
    months = {Month.of(d) for d in Visit.objects.values_list("date", flat=True)}
    assert len(months) >= 10
    done = FollowUpPlan.objects.filter(kind=PlanKind.VISIT, status=PlanStatus.DONE)
    on_time = done.filter(done_on__lte=F("due_date")).count()
    assert done.count() > 300 and on_time / done.count() >= 0.75
    assert done.count() > on_time  # some done late
    overdue = FollowUpPlan.objects.filter(status=PlanStatus.OPEN, due_date__lt=today).count()
    assert 0 < overdue < done.count() / 4
    assert HealthArchive.objects.filter(status=ArchiveStatus.LOST).count() > 0


def test_outreach_every_month(yangyi):
    this = Month.of(timezone.localdate())
    months = {Month.of(d) for d in OutreachEvent.objects.values_list("date", flat=True)}
    assert {this.plus(-back) for back in range(1, 13)} <= months
    assert all(e.people_served >= e.served.count() > 0 for e in OutreachEvent.objects.all())


def test_every_archive_has_history(yangyi):
    missing = HealthArchive.objects.exclude(
        pk__in=HealthArchive.history.filter(history_type="+").values("id")
    ).count()
    assert missing == 0
