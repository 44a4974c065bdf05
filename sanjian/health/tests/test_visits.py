"""Recording follow-ups: the 14-day rule after a change, which plans a visit fulfils, overdue
plans across the turn of the year, and what the outcome does to the archive."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from sanjian.health import selectors
from sanjian.health.models import (
    ArchiveStatus,
    FollowUpPlan,
    HealthArchive,
    Outcome,
    PlanKind,
    PlanStatus,
    Visit,
    VisitMethod,
)
from sanjian.health.services import plans as plan_services
from sanjian.health.services.visits import visit_record

D = datetime.date


@pytest.fixture
def archive(med):
    """A hypertension archive opened at the start of 2024, with its 2024 and 2025 plans."""
    archive = med.archive("hypertension", opened_on=D(2024, 1, 1), medications="硝苯地平 10mg 每日两次")
    with scope(community=med.world.community.pk):
        for year in (2024, 2025):
            plan_services.plans_generate(archive=archive, year=year, actor=med.doctor)
    return archive


def _record(med, archive, **fields):
    fields.setdefault("method", VisitMethod.CLINIC)
    with scope(community=med.world.community.pk):
        return visit_record(archive=archive, actor=med.doctor, **fields)


def test_a_changed_medication_brings_the_next_follow_up_within_14_days(med, archive):
    visit = _record(
        med, archive, date=D(2025, 2, 3), medication_changed=True, medications="氨氯地平 5mg 每日一次"
    )
    assert visit.next_date == D(2025, 2, 17)
    with scope(community=med.world.community.pk):
        urgent = FollowUpPlan.objects.get(archive=archive, kind=PlanKind.URGENT)
        assert (urgent.period_start, urgent.due_date, urgent.status) == (
            D(2025, 2, 4),
            D(2025, 2, 17),
            "open",
        )
        archive.refresh_from_db()
        assert archive.medications == "氨氯地平 5mg 每日一次"


def test_a_referral_keeps_an_earlier_next_date_the_doctor_chose(med, archive):
    visit = _record(
        med,
        archive,
        date=D(2025, 2, 3),
        referral=True,
        referral_to="峰峰总医院心内科",
        next_date=D(2025, 2, 10),
    )
    assert visit.next_date == D(2025, 2, 10)
    with scope(community=med.world.community.pk):
        assert FollowUpPlan.objects.get(archive=archive, kind=PlanKind.URGENT).due_date == D(2025, 2, 10)


def test_a_next_date_past_14_days_after_a_change_is_refused_and_nothing_is_written(med, archive):
    with scope(community=med.world.community.pk):
        before = (Visit.objects.count(), FollowUpPlan.objects.count(), HealthArchive.history.count())
    with pytest.raises(ValidationError) as refused:
        _record(
            med,
            archive,
            date=D(2025, 2, 3),
            medication_changed=True,
            medications="氨氯地平",
            next_date=D(2025, 3, 3),
        )
    assert "14" in refused.value.message_dict["next_date"][0]
    with scope(community=med.world.community.pk):
        assert (Visit.objects.count(), FollowUpPlan.objects.count(), HealthArchive.history.count()) == before
        archive.refresh_from_db()
        assert archive.medications == "硝苯地平 10mg 每日两次"


def test_the_14_day_follow_up_may_be_made_by_phone_but_a_quarterly_one_may_not(med, archive):
    _record(med, archive, date=D(2025, 2, 3), medication_changed=True, medications="氨氯地平")
    _record(med, archive, date=D(2025, 2, 14), method=VisitMethod.PHONE)
    with scope(community=med.world.community.pk):
        urgent = FollowUpPlan.objects.get(archive=archive, kind=PlanKind.URGENT)
        assert (urgent.status, urgent.done_on, urgent.on_time) == (PlanStatus.DONE, D(2025, 2, 14), True)
        # the first visit did the first quarter; the phone call did not do the second
        q2 = FollowUpPlan.objects.get(archive=archive, kind=PlanKind.VISIT, due_date=D(2025, 6, 30))
        assert q2.status == PlanStatus.OPEN


def test_overdue_runs_across_the_turn_of_the_year(med, archive):
    with scope(community=med.world.community.pk):
        for plan in FollowUpPlan.objects.filter(due_date__lt=D(2024, 12, 31)):
            plan.status = PlanStatus.DONE
            plan.done_on = plan.due_date
            plan.save()
        late = selectors.overdue(today=D(2025, 1, 10), doctor=med.doctor)
        assert [(p.kind, p.due_date) for p in late] == [
            (PlanKind.VISIT, D(2024, 12, 31)),
            (PlanKind.CHECK, D(2024, 12, 31)),
        ] or [(p.kind, p.due_date) for p in late] == [
            (PlanKind.CHECK, D(2024, 12, 31)),
            (PlanKind.VISIT, D(2024, 12, 31)),
        ]
        assert not selectors.overdue(today=D(2024, 12, 31)).exists()  # due today is not late yet
    _record(med, archive, date=D(2025, 1, 10), method=VisitMethod.HOME, annual_check=True)
    with scope(community=med.world.community.pk):
        assert not selectors.overdue(today=D(2025, 1, 10)).exists()
        december = FollowUpPlan.objects.get(kind=PlanKind.VISIT, due_date=D(2024, 12, 31))
        first_quarter = FollowUpPlan.objects.get(kind=PlanKind.VISIT, due_date=D(2025, 3, 31))
        assert (december.on_time, first_quarter.on_time) == (False, True)
        assert december.visit_id == first_quarter.visit_id


def test_a_visit_before_a_period_begins_does_not_count_for_it(med, archive):
    _record(med, archive, date=D(2024, 12, 20))
    with scope(community=med.world.community.pk):
        q1 = FollowUpPlan.objects.get(kind=PlanKind.VISIT, due_date=D(2025, 3, 31))
        assert q1.status == PlanStatus.OPEN


def test_the_yearly_check_needs_a_visit_that_includes_it(med, archive):
    _record(med, archive, date=D(2025, 5, 5))
    with scope(community=med.world.community.pk):
        assert FollowUpPlan.objects.get(kind=PlanKind.CHECK, due_date__year=2025).status == PlanStatus.OPEN
    _record(med, archive, date=D(2025, 5, 6), annual_check=True)
    with scope(community=med.world.community.pk):
        assert FollowUpPlan.objects.get(kind=PlanKind.CHECK, due_date__year=2025).status == PlanStatus.DONE


def test_a_lost_person_fulfils_nothing_and_the_next_visit_brings_them_back(med, archive):
    _record(med, archive, date=D(2025, 2, 1), outcome=Outcome.LOST, method=VisitMethod.PHONE)
    with scope(community=med.world.community.pk):
        archive.refresh_from_db()
        assert archive.status == ArchiveStatus.LOST
        assert not FollowUpPlan.objects.filter(status=PlanStatus.DONE, due_date__year=2025).exists()
    _record(med, archive, date=D(2025, 3, 1))
    archive.refresh_from_db()
    assert archive.status == ArchiveStatus.MANAGED


def test_ending_management_needs_a_reason_and_cancels_the_open_plans(med, archive):
    with pytest.raises(ValidationError) as refused:
        _record(med, archive, date=D(2025, 2, 1), outcome=Outcome.ENDED)
    assert "end_reason" in refused.value.message_dict
    _record(med, archive, date=D(2025, 2, 1), outcome=Outcome.ENDED, end_reason="迁居外地")
    with scope(community=med.world.community.pk):
        archive.refresh_from_db()
        assert (archive.status, archive.end_reason) == (ArchiveStatus.ENDED, "迁居外地")
        assert not FollowUpPlan.objects.filter(status=PlanStatus.OPEN).exists()
    with pytest.raises(ValidationError):
        _record(med, archive, date=D(2025, 2, 2))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"systolic": 150}, "diastolic"),
        ({"systolic": 120, "diastolic": 130}, "diastolic"),
        ({"systolic": 400, "diastolic": 90}, "systolic"),
        ({"spo2": 101}, "spo2"),
        ({"referral": True}, "referral_to"),
        ({"medication_changed": True}, "medications"),
        ({"date": D(2099, 1, 1)}, "date"),
    ],
)
def test_bad_measurements_are_refused_with_a_message_and_write_nothing(med, archive, fields, field):
    fields.setdefault("date", D(2025, 2, 1))
    with pytest.raises(ValidationError) as refused:
        _record(med, archive, **fields)
    assert field in refused.value.message_dict
    with scope(community=med.world.community.pk):
        assert not Visit.objects.exists()


def test_bmi_comes_from_the_visits_weight_and_the_archives_height(med):
    archive = med.archive("diabetes", height_cm=170)
    visit = _record(med, archive, date=archive.opened_on, weight_kg=72)
    assert str(visit.bmi()) == "24.9"
