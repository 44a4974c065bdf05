"""The assessment platform's automatic indicators from verified hours: hours per party member of
a branch, and the branch's total hours."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from sanjian.assessment import sources
from sanjian.dedication.services import hours
from sanjian.dedication.tests.conftest import at, make_activity
from sanjian.lib.registries import indicator_sources
from sanjian.org.models import UnitKind
from sanjian.testing import factories as f
from sanjian.testing.members import PartyMemberFactory, PersonFactory


@pytest.fixture
def logs(world, ded, in_scope):
    """Branch (organiser + 3 members): 4 h and 2 h verified yesterday, 3 h pending, 2 h rejected,
    and 5 h verified forty days ago. Branch 2 (secretary + 2 members): 1.5 h verified yesterday."""
    crew, day = ded.crew, ded.yesterday
    earlier_day = day - datetime.timedelta(days=40)
    earlier = make_activity(world.community, crew.organiser.person, at(earlier_day, 8), at(earlier_day, 13))
    second = make_activity(world.community, crew.other_secretary.person, at(day, 14), at(day, 16))

    def add(person, activity, start, end, decide=None):
        entry = hours.log_create(
            community=world.community,
            person=person,
            activity=activity,
            started_at=start,
            ended_at=end,
            actor=None,
        )
        if decide:
            hours.log_decide(log=entry, verify=decide == "verify", reason="未到场", actor=world.secretary)

    m = [x.person for x in crew.members]
    add(m[0], ded.activity, at(day, 8), at(day, 12), "verify")
    add(m[1], ded.activity, at(day, 9), at(day, 11), "verify")
    add(m[2], ded.activity, at(day, 8), at(day, 11))
    add(crew.organiser.person, ded.activity, at(day, 10), at(day, 12), "reject")
    add(m[0], earlier, at(earlier_day, 8), at(earlier_day, 13), "verify")
    add(crew.other_members[0].person, second, at(day, 14), at(day, 15, 30), "verify")
    return day


def test_hours_per_member_counts_verified_logs_of_the_period_only(world, logs):
    branch, branch2 = world.units["branch"], world.units["branch2"]
    values = sources.compute("dedication.hours_per_member", [branch, branch2], logs, logs)
    # 6 verified hours yesterday over 4 members; the pending 3 h and rejected 2 h do not count.
    assert values == {branch.pk: Decimal("1.50"), branch2.pk: Decimal("0.50")}
    month = sources.compute("dedication.hours_per_member", [branch], logs - datetime.timedelta(days=45), logs)
    assert month == {branch.pk: Decimal("2.75")}  # (6 + 5) / 4


def test_hours_per_member_is_none_for_a_branch_without_members_and_for_other_units(world, logs):
    with scopes_disabled():
        empty = f.UnitFactory(
            community=world.community,
            kind=UnitKind.BRANCH,
            name="空支部",
            code="b9",
            parent=world.units["general"],
        )
    window = world.units["window"]
    values = sources.compute(
        "dedication.hours_per_member", [empty, window, world.units["branch"]], logs, logs
    )
    assert values[empty.pk] is None and values[window.pk] is None
    assert values[world.units["branch"].pk] == Decimal("1.50")


def test_members_who_left_the_organisation_are_not_counted(world, ded, logs):
    with scopes_disabled():
        ded.crew.members[2].is_active = False
        ded.crew.members[2].save()
    values = sources.compute("dedication.hours_per_member", [world.units["branch"]], logs, logs)
    assert values == {world.units["branch"].pk: Decimal("2.00")}  # 6 h over 3 members


def test_branch_total_counts_verified_hours_and_zero_for_a_quiet_branch(world, logs):
    with scopes_disabled():
        quiet = f.UnitFactory(
            community=world.community,
            kind=UnitKind.BRANCH,
            name="安静支部",
            code="b8",
            parent=world.units["general"],
        )
    branch, branch2 = world.units["branch"], world.units["branch2"]
    values = sources.compute("dedication.hours_total", [branch, branch2, quiet], logs, logs)
    assert values == {branch.pk: Decimal("6.0"), branch2.pk: Decimal("1.5"), quiet.pk: Decimal("0.0")}


def test_both_sources_are_registered_for_branches_in_hours(world):
    for key in ("dedication.hours_per_member", "dedication.hours_total"):
        source = indicator_sources.get(key)
        assert source.unit_kinds == frozenset({UnitKind.BRANCH}) and source.higher_is_better
        assert str(source.measure) and str(source.description)


def test_the_query_count_does_not_follow_the_number_of_branches(world, logs, django_assert_max_num_queries):
    with scopes_disabled():
        many = [
            f.UnitFactory(
                community=world.community,
                kind=UnitKind.BRANCH,
                name=f"支部{i}",
                code=f"m{i}",
                parent=world.units["general"],
            )
            for i in range(30)
        ]
        for unit in many:
            PartyMemberFactory(person=PersonFactory(community=world.community), branch=unit)
    units = [world.units["branch"], *many]
    with django_assert_max_num_queries(2):
        per_member = sources.compute("dedication.hours_per_member", units, logs, logs)
    with django_assert_max_num_queries(1):
        total = sources.compute("dedication.hours_total", units, logs, logs)
    assert per_member[many[0].pk] == Decimal("0.00") and per_member[world.units["branch"].pk] == Decimal(
        "1.50"
    )
    assert total[many[-1].pk] == Decimal("0.0")


def test_another_communitys_hours_do_not_count(world, ded, logs):
    """A source runs in the caller's scope: a branch of the neighbour community with hours of its
    own does not leak into this community's figures, nor the other way round."""
    from django_scopes import scope

    with scopes_disabled():
        general = f.UnitFactory(community=world.neighbour_community, kind=UnitKind.GENERAL_BRANCH, code="g")
        foreign = f.UnitFactory(
            community=world.neighbour_community, kind=UnitKind.BRANCH, code="x", parent=general
        )
        member = PartyMemberFactory(person=PersonFactory(community=world.neighbour_community), branch=foreign)
        activity = make_activity(world.neighbour_community, member.person, at(logs, 8), at(logs, 10))
    with scope(community=world.neighbour_community.pk):
        entry = hours.log_create(
            community=world.neighbour_community,
            person=member.person,
            activity=activity,
            started_at=at(logs, 8),
            ended_at=at(logs, 10),
            actor=None,
        )
        hours.log_decide(log=entry, verify=True, actor=world.neighbour)
        assert sources.compute("dedication.hours_total", [foreign], logs, logs) == {
            foreign.pk: Decimal("2.0")
        }
    assert sources.compute("dedication.hours_total", [world.units["branch"]], logs, logs) == {
        world.units["branch"].pk: Decimal("6.0")
    }
