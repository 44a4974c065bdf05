"""Next year's plans: the command and the December task make them once for every managed archive."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scope, scopes_disabled

from sanjian.health.models import FollowUpPlan, HealthArchive
from sanjian.health.services.conditions import conditions_ensure
from sanjian.health.tasks import generate_yearly_plans, plan_year, plans_generate_everywhere


def plans(med, year, community=None):
    with scopes_disabled():
        return FollowUpPlan.objects.filter(
            community=community or med.world.community, due_date__year=year
        ).count()


def run(*args):
    out = io.StringIO()
    call_command("health_plans", *args, stdout=out)
    return out.getvalue()


def test_the_command_makes_next_years_plans_once(med):
    med.archive("hypertension", "diabetes")  # 4 + 4 follow-ups and one yearly check each
    med.archive("pneumoconiosis")  # 2 follow-ups and a yearly check
    ended = med.archive("hypertension")
    with scopes_disabled():  # ended by a visit in real life; the plans only look at the status
        HealthArchive.objects.filter(pk=ended.pk).update(status="ended")
    assert plans(med, 2031) == 0
    out = run("--community", med.world.community.slug, "--year", "2031")
    assert plans(med, 2031) == 10 + 3 and "13" in out
    with scopes_disabled():
        made = FollowUpPlan.objects.filter(due_date__year=2031)
        assert {p.due_date for p in made if p.kind == "visit" and p.condition.code == "hypertension"} == {
            datetime.date(2031, 3, 31),
            datetime.date(2031, 6, 30),
            datetime.date(2031, 9, 30),
            datetime.date(2031, 12, 31),
        }
        assert all(p.doctor == med.doctor and p.history.count() == 1 for p in made)
    assert "0 follow-up plans" in run("--community", med.world.community.slug, "--year", "2031")
    assert plans(med, 2031) == 13


def test_the_task_covers_every_community_and_makes_nothing_twice(med):
    med.archive("hypertension")
    with scope(community=med.world.neighbour_community.pk):
        conditions_ensure(community=med.world.neighbour_community, actor=None)
    med.archive("diabetes", community=med.world.neighbour_community)
    made = plans_generate_everywhere(year=2031)
    assert made == {med.world.community.slug: 5, med.world.neighbour_community.slug: 5}
    assert set(plans_generate_everywhere(year=2031).values()) == {0}
    year = plan_year(datetime.date.today())
    generate_yearly_plans.call_local()
    counts = plans(med, year), plans(med, year, med.world.neighbour_community)
    generate_yearly_plans.call_local()
    assert (plans(med, year), plans(med, year, med.world.neighbour_community)) == counts
    assert counts[0] > 0 and counts[1] > 0


def test_the_plan_year_is_next_year_in_december():
    assert plan_year(datetime.date(2026, 12, 1)) == 2027
    assert plan_year(datetime.date(2027, 1, 1)) == 2027


def test_an_unknown_community_or_year_is_refused(med):
    with pytest.raises(CommandError):
        run("--community", "nowhere", "--year", "2031")
    with pytest.raises(CommandError):
        run("--community", med.world.community.slug, "--year", "1900")
