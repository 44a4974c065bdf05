"""Totals and boards count verified hours only, by the day the work started."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from sanjian.dedication import indicators, selectors
from sanjian.dedication.models import BenefitEntry, HourLog
from sanjian.dedication.services import hours, projects
from sanjian.dedication.tests.conftest import at, make_activity


@pytest.fixture
def logs(world, ded, in_scope):
    """Member 0: 3 h verified yesterday and 2 h verified last month; member 1: 1 h verified and
    4 h pending; member 2: 2 h rejected; the other branch's secretary: 1.5 h verified."""
    crew, day = ded.crew, ded.yesterday
    last_month = (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    earlier = make_activity(
        world.community,
        crew.organiser.person,
        at(last_month, 9),
        at(last_month, 11),
        project=ded.project,
        category="project",
    )
    second = make_activity(world.community, crew.organiser.person, at(day, 13), at(day, 18))

    def add(person, activity, start, end, decide=None):
        entry = hours.log_create(
            community=world.community,
            person=person,
            activity=activity,
            started_at=start,
            ended_at=end,
            actor=None,
        )
        if decide == "verify":
            hours.log_decide(log=entry, verify=True, actor=world.secretary)
        elif decide == "reject":
            hours.log_decide(log=entry, verify=False, reason="不实", actor=world.secretary)
        return entry

    m = [x.person for x in crew.members]
    add(m[0], ded.activity, at(day, 8), at(day, 11), "verify")
    add(m[0], earlier, at(last_month, 9), at(last_month, 11), "verify")
    add(m[1], ded.activity, at(day, 8), at(day, 9), "verify")
    add(m[1], second, at(day, 13), at(day, 17))
    add(m[2], ded.activity, at(day, 8), at(day, 10), "reject")
    add(crew.other_secretary.person, second, at(day, 13), at(day, 14, 30), "verify")
    return {"day": day, "last_month": last_month, "members": m}


def test_only_verified_hours_count(world, ded, logs):
    assert selectors.community_minutes() == (3 + 2 + 1) * 60 + 90
    assert selectors.cadre_minutes() == selectors.community_minutes()  # all are party members here
    by_person = selectors.minutes_by("person", None, None)
    assert by_person[logs["members"][0].pk] == 300
    assert logs["members"][2].pk not in by_person
    assert by_person[logs["members"][1].pk] == 60  # the pending four hours do not count


def test_periods_count_by_the_day_the_work_started(world, ded, logs):
    day = logs["day"]
    month_start = day.replace(day=1)
    assert selectors.community_minutes(month_start, day) == (3 + 1) * 60 + 90
    assert selectors.community_minutes(logs["last_month"], logs["last_month"]) == 120


def test_branch_and_project_totals(world, ded, logs):
    by_branch = selectors.minutes_by("branch", None, None)
    assert by_branch == {world.units["branch"].pk: 360, world.units["branch2"].pk: 90}
    progress = selectors.project_progress(ded.project)
    assert progress.hours == Decimal("6.0")  # 3 + 2 + 1 within the project's activities
    assert progress.hours_percent == 6
    assert selectors.projects_progress([ded.project])[ded.project.pk] == progress


def test_benefit_and_imputed_value_are_kept_apart(world, ded, logs):
    projects.benefit_save(
        community=world.community,
        entry=BenefitEntry(
            project=ded.project,
            kind="repairs",
            occurred_on=logs["day"],
            amount=Decimal("1200.50"),
            basis="维修水泵3台×400.17元",
        ),
        actor=world.secretary,
    )
    ded.project.hourly_value = Decimal("25.00")
    with scopes_disabled():
        ded.project.save()
    progress = selectors.project_progress(ded.project)
    assert progress.benefit == Decimal("1200.50")
    assert progress.imputed_value == Decimal("150.00")
    assert selectors.benefit_total() == Decimal("1200.50")


def test_leaderboard_with_month_over_month_change(world, ded, logs):
    board = selectors.leaderboard(logs["day"])
    first = board["people"][0]
    assert (first.key, first.hours, first.previous, first.change) == (
        logs["members"][0].pk,
        Decimal("3.0"),
        Decimal("2.0"),
        Decimal("1.0"),
    )
    assert [row.key for row in board["branches"]] == [world.units["branch"].pk, world.units["branch2"].pk]
    assert board["branches"][0].hours == Decimal("4.0")


def test_ties_share_a_rank():
    rows = selectors._rank([(1, 60), (2, 60), (3, 30)], {}, {})
    assert [r.rank for r in rows] == [1, 1, 3]


def test_milestones():
    assert selectors.milestones_reached(49 * 60 + 59) == []
    assert selectors.milestones_reached(100 * 60) == [50, 100]


def test_hours_per_member_of_each_branch(world, ded, logs, django_assert_max_num_queries):
    branches = [world.units["branch"], world.units["branch2"], world.units["general"]]
    with django_assert_max_num_queries(2):
        values = indicators.hours_per_member(branches, logs["last_month"], logs["day"])
    # branch: 4 active members (organiser + 3), 6 h; branch2: 3 members, 1.5 h; general: nobody
    assert values == {branches[0].pk: Decimal("1.50"), branches[1].pk: Decimal("0.50"), branches[2].pk: None}


def test_a_log_keeps_the_branch_it_was_given_in(world, ded, logs):
    member = ded.crew.members[0]
    with scopes_disabled():
        member.branch = world.units["branch2"]
        member.save()
    assert selectors.minutes_by("branch", None, None)[world.units["branch"].pk] == 360
    assert HourLog.objects.filter(person=member.person, branch=world.units["branch"]).count() == 2
