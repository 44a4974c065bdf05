"""manage.py generate_group: a small group, the same for the same seed, refused without a trace."""

from __future__ import annotations

import io
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Sum
from django_scopes import scopes_disabled

from sanjian.members.models import Person
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Company
from sanjian.windows.models import DailyRollup, Rating

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Shanghai")


def generate(company: str, seed: int = 7, ratings: int = 600) -> None:
    call_command(
        "generate_group",
        *f"--communities 2 --windows 6 --people 5 --ratings {ratings} --days 30 --until 2026-11-30".split(),
        "--seed",
        str(seed),
        "--company",
        company,
        stdout=io.StringIO(),
    )


def snapshot(company: str) -> tuple[list, list]:
    """The group's ratings and people, with positions instead of ids."""
    with scopes_disabled():
        ratings = sorted(
            (r.community.slug.split("-")[-1], r.window.code, r.created_at, r.level, r.reason)
            for r in Rating.objects.filter(community__company__slug=company).select_related(
                "window", "community"
            )
        )
        people = sorted(
            (p.community.slug.split("-")[-1], p.employee_number, p.name, p.id_number)
            for p in Person.objects.filter(community__company__slug=company).select_related("community")
        )
    return ratings, people


def test_the_same_seed_gives_the_same_group_and_another_seed_another():
    generate("alpha")
    generate("beta")
    generate("gamma", seed=8)
    assert snapshot("alpha") == snapshot("beta")
    assert snapshot("alpha")[0] != snapshot("gamma")[0]


def test_the_group_is_whole_and_its_rollups_match_its_ratings():
    generate("alpha")
    with scopes_disabled():
        company = Company.objects.get(slug="alpha")
        assert company.communities.count() == 2
        windows = Unit.objects.filter(community__company=company, kind=UnitKind.WINDOW)
        assert windows.count() == 12 and not windows.filter(parent__kind=UnitKind.NETWORK).count() < 12
        assert Person.objects.filter(community__company=company).count() == 10
        ratings = Rating.objects.filter(community__company=company)
        assert ratings.count() == 600
        assert not ratings.exclude(window__community=F("community")).exists()  # each in its own community
        assert not ratings.filter(level__lt=3, reason="").exists()
        total = DailyRollup.objects.filter(community__company=company).aggregate(
            n=Sum(F("level_1") + F("level_2") + F("level_3") + F("level_4") + F("level_5"))
        )["n"]
        assert total == 600
        hours = Counter(r.created_at.astimezone(ZONE).hour for r in ratings)
        days = {r.created_at.astimezone(ZONE).date() for r in ratings}
    assert hours[11] + hours[12] > 0.35 * 600  # the lunch peak
    assert min(days).isoformat() >= "2026-11-01" and max(days).isoformat() <= "2026-11-30"


def test_an_existing_company_is_refused_and_nothing_is_written():
    generate("alpha", ratings=10)
    with scopes_disabled():
        before = Rating.objects.count(), Unit.objects.count()
    with pytest.raises(CommandError, match="已存在|exists already"):
        generate("alpha", ratings=10)
    with pytest.raises(CommandError, match="至少为 1|at least 1"):
        call_command("generate_group", "--communities", "0", "--company", "delta", stdout=io.StringIO())
    with scopes_disabled():
        assert (Rating.objects.count(), Unit.objects.count()) == before
        assert not Company.objects.filter(slug="delta").exists()
