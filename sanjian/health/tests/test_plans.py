"""Follow-up plans made from the rules: one per part of the year, the yearly check, none for a
condition without a rule, none for periods that ended before the archive was opened."""

from __future__ import annotations

import datetime

from django_scopes import scope

from sanjian.health.models import FollowUpPlan, FollowUpRule, PlanKind, PlanStatus
from sanjian.health.services import plans as plan_services
from sanjian.health.services.archives import archive_update

D = datetime.date


def _plans(archive, year, kind=PlanKind.VISIT, code=None):
    qs = FollowUpPlan.objects.filter(archive=archive, kind=kind, due_date__year=year)
    if code:
        qs = qs.filter(condition__code=code)
    return [(p.period_start, p.due_date) for p in qs.order_by("due_date")]


def test_hypertension_gets_four_quarterly_follow_ups_and_a_yearly_check(med):
    archive = med.archive("hypertension", opened_on=D(2025, 1, 1))
    with scope(community=med.world.community.pk):
        plan_services.plans_generate(archive=archive, year=2025, actor=med.doctor)
        assert _plans(archive, 2025) == [
            (D(2025, 1, 1), D(2025, 3, 31)),
            (D(2025, 4, 1), D(2025, 6, 30)),
            (D(2025, 7, 1), D(2025, 9, 30)),
            (D(2025, 10, 1), D(2025, 12, 31)),
        ]
        assert _plans(archive, 2025, PlanKind.CHECK) == [(D(2025, 1, 1), D(2025, 12, 31))]
        assert {p.doctor for p in FollowUpPlan.objects.filter(archive=archive)} == {med.doctor}


def test_pneumoconiosis_has_its_own_rule_and_a_condition_without_rule_gets_no_plan(med):
    archive = med.archive("pneumoconiosis", "coronary", opened_on=D(2025, 1, 1))
    with scope(community=med.world.community.pk):
        plan_services.plans_generate(archive=archive, year=2025, actor=med.doctor)
        assert _plans(archive, 2025, code="pneumoconiosis") == [
            (D(2025, 1, 1), D(2025, 6, 30)),
            (D(2025, 7, 1), D(2025, 12, 31)),
        ]
        assert _plans(archive, 2025, code="coronary") == []


def test_an_archive_opened_in_the_year_starts_with_the_period_it_was_opened_in(med):
    archive = med.archive("diabetes", opened_on=D(2025, 5, 10))
    with scope(community=med.world.community.pk):
        plan_services.plans_generate(archive=archive, year=2025, actor=med.doctor)
        assert _plans(archive, 2025) == [
            (D(2025, 5, 10), D(2025, 6, 30)),
            (D(2025, 7, 1), D(2025, 9, 30)),
            (D(2025, 10, 1), D(2025, 12, 31)),
        ]


def test_a_changed_rule_shapes_the_next_plans_and_generating_twice_adds_nothing(med):
    archive = med.archive("hypertension", opened_on=D(2024, 1, 1))
    with scope(community=med.world.community.pk):
        rule = FollowUpRule.objects.get(condition__code="hypertension")
        rule.visits_per_year, rule.annual_check = 12, False
        rule.save()
        made = plan_services.plans_generate(archive=archive, year=2025, actor=med.doctor)
        assert len(made) == 12
        assert _plans(archive, 2025)[1] == (D(2025, 2, 1), D(2025, 2, 28))
        assert _plans(archive, 2025, PlanKind.CHECK) == []
        assert plan_services.plans_generate(archive=archive, year=2025, actor=med.doctor) == []
        assert made[0].history.get().history_user == med.doctor


def test_the_year_for_the_whole_community_at_once_writes_history(med):
    first = med.archive("hypertension", opened_on=D(2024, 3, 1))
    second = med.archive("diabetes", "pneumoconiosis", opened_on=D(2024, 3, 1))
    with scope(community=med.world.community.pk):
        made = plan_services.plans_generate_year(community=med.world.community, year=2025, actor=med.lead)
        assert made == 5 + 5 + 3
        plans = FollowUpPlan.objects.filter(due_date__year=2025)
        assert plans.count() == 13 and set(plans.values_list("archive", flat=True)) == {first.pk, second.pk}
        history = FollowUpPlan.history.filter(due_date__year=2025)
        assert history.count() == 13 and {h.history_user for h in history} == {med.lead}
        assert (
            plan_services.plans_generate_year(community=med.world.community, year=2025, actor=med.lead) == 0
        )
        assert all(p.status == PlanStatus.OPEN for p in plans)


def test_an_archive_opened_today_has_this_years_plans_from_today(med):
    archive = med.archive("hypertension")
    today = archive.opened_on
    with scope(community=med.world.community.pk):
        plans = FollowUpPlan.objects.filter(archive=archive, kind=PlanKind.VISIT)
        assert plans.exists()
        assert min(p.period_start for p in plans) == today
        assert all(p.due_date >= today for p in plans)


def test_taking_a_condition_off_cancels_its_open_plans(med):
    archive = med.archive("hypertension", "diabetes")
    with scope(community=med.world.community.pk):
        archive_update(archive=archive, conditions=[med.conditions["diabetes"]], actor=med.doctor)
        left = FollowUpPlan.objects.filter(archive=archive, condition__code="hypertension")
        assert left.exists() and {p.status for p in left} == {PlanStatus.CANCELLED}
        assert {
            p.status for p in FollowUpPlan.objects.filter(archive=archive, condition__code="diabetes")
        } == {PlanStatus.OPEN}
