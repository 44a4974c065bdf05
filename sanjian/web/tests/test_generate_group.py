"""manage.py generate_group: a small group, the same for the same seed, refused without a trace."""

from __future__ import annotations

import io
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Sum
from django_scopes import scopes_disabled

from sanjian.dedication.models import HourLog, SignUp
from sanjian.health.models import HealthArchive
from sanjian.members.models import Person
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Company, Membership
from sanjian.windows.models import DailyRollup, Deduction, Inspection, InspectionLine, Rating, Ticket

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


def snapshot(company: str) -> tuple[list, ...]:
    """The group's ratings, people, inspections, tickets, hours and archives, with positions
    instead of ids."""

    def place(community) -> str:
        return community.slug.split("-")[-1]

    with scopes_disabled():
        mine = {"community__company__slug": company}
        inspections = sorted(
            (
                place(i.community),
                i.window.code,
                i.inspected_on,
                i.score,
                i.lines.count(),
                i.inspector.username[-9:],
            )
            for i in Inspection.objects.filter(**mine).select_related("community", "window", "inspector")
        )
        tickets = sorted(
            (t.rating.created_at, t.status, t.deadline, t.rectified_on)
            for t in Ticket.objects.filter(**mine).select_related("rating")
        )
        hours = sorted(
            (place(h.community), h.person.employee_number, h.started_at, h.minutes, h.status)
            for h in HourLog.objects.filter(**mine).select_related("community", "person")
        )
        archives = sorted(
            (place(a.community), a.number, a.person.employee_number, a.blood_type, a.status, a.opened_on)
            for a in HealthArchive.objects.filter(**mine).select_related("community", "person")
        )
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
    return ratings, people, inspections, tickets, hours, archives


def test_the_same_seed_gives_the_same_group_and_another_seed_another():
    generate("alpha")
    generate("beta")
    generate("gamma", seed=8)
    alpha, beta, gamma = snapshot("alpha"), snapshot("beta"), snapshot("gamma")
    assert all(alpha)  # every kind was generated
    assert alpha == beta
    for kind in range(len(alpha)):
        assert alpha[kind] != gamma[kind]


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


def test_the_group_has_logins_inspections_tickets_hours_and_archives():
    generate("alpha")
    with scopes_disabled():
        mine = {"community__company__slug": "alpha"}
        company = Company.objects.get(slug="alpha")
        roles = Counter(Membership.objects.filter(community__company=company).values_list("role", flat=True))
        assert roles == {"secretary": 2, "inspector": 2, "medical": 2}
        assert Membership.objects.get(company=company).role == "company_admin"
        # Every window inspected once a month (30 days: once), each inspection scored from its items.
        inspections = Inspection.objects.filter(**mine)
        assert inspections.count() == 12 and not inspections.exclude(status="submitted").exists()
        for inspection in inspections:
            lines = InspectionLine.objects.filter(inspection=inspection)
            taken = sum(d.points for d in Deduction.objects.filter(line__inspection=inspection))
            assert lines.count() > 10 and inspection.points_applicable == sum(line.points for line in lines)
            assert inspection.points_earned == inspection.points_applicable - taken
        # One ticket for every bad rating, in its community; the last week's still open.
        bad = Rating.objects.filter(**mine, level__lte=2)
        tickets = Ticket.objects.filter(**mine).select_related("rating")
        assert sorted(t.rating_id for t in tickets) == sorted(bad.values_list("pk", flat=True))
        assert not tickets.exclude(window=F("rating__window")).exists()
        assert {t.status for t in tickets if t.opened_on.isoformat() > "2026-11-23"} == {"open"}
        closed = [t for t in tickets if t.status == "closed"]
        assert closed and all(t.rectified_on and t.closed_by_id and t.callback_result for t in closed)
        # Hours: one log per sign-up, in the person's own community; archives under the doctor.
        logs = HourLog.objects.filter(**mine)
        assert logs.count() == SignUp.objects.filter(**mine).count() > 0
        assert not logs.exclude(person__community=F("community")).exists()
        assert {log.status for log in logs} <= {"verified", "pending"}
        archives = HealthArchive.objects.filter(**mine).select_related("doctor")
        assert 0 < archives.count() <= 10
        assert all(a.doctor.username.endswith("-medical") for a in archives)


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
