"""manage.py generate_group: a small group, the same for the same seed, refused without a trace."""

from __future__ import annotations

import datetime
import io
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django_scopes import scopes_disabled

from sanjian.dedication.models import HourLog, SignUp
from sanjian.health.models import ArchiveCondition, FollowUpPlan, HealthArchive, Visit
from sanjian.lib.partitions import create_month
from sanjian.members.models import PartyMember, Person
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Company, Membership
from sanjian.windows.models import DailyRollup, Deduction, Inspection, InspectionLine, Rating, Ticket

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the keys and indexes are dropped on PostgreSQL only"
)
ZONE = ZoneInfo("Asia/Shanghai")


def generate(company: str, seed: int = 7, ratings: int = 600, people: int = 5, days: int = 30) -> None:
    call_command(
        "generate_group",
        *f"--communities 2 --windows 6 --people {people} --ratings {ratings} --days {days} --until 2026-11-30".split(),
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
        party = sorted(
            (place(m.community), m.person.employee_number, m.branch.code, m.status, m.joined_on, m.party_post)
            + (m.leader_id is None, m.cadre_id is None, m.post_unit.code if m.post_unit else "")
            for m in PartyMember.objects.filter(**mine).select_related(
                "community", "person", "branch", "post_unit"
            )
        )
        conditions = sorted(
            (place(d.community), d.archive.number, d.condition.code, d.diagnosed_on)
            for d in ArchiveCondition.objects.filter(**mine).select_related(
                "community", "archive", "condition"
            )
        )
        plans = sorted(
            (place(p.community), p.archive.number, p.condition.code, p.kind, p.due_date, p.status, p.done_on)
            for p in FollowUpPlan.objects.filter(**mine).select_related("community", "archive", "condition")
        )
        visits = sorted(
            (place(v.community), v.archive.number, v.date, v.systolic, v.fasting_glucose, v.annual_check)
            for v in Visit.objects.filter(**mine).select_related("community", "archive")
        )
    return ratings, people, inspections, tickets, hours, archives, party, conditions, plans, visits


def test_the_same_seed_gives_the_same_group_and_another_seed_another():
    # 60 people a community over 120 days: enough for party members and follow-ups in every kind.
    generate("alpha", people=60, days=120)
    generate("beta", people=60, days=120)
    generate("gamma", seed=8, people=60, days=120)
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


def test_the_group_has_party_members_and_follow_ups_in_realistic_proportions():
    generate("alpha", ratings=100, people=300, days=365)
    with scopes_disabled():
        mine = {"community__company__slug": "alpha"}
        members = PartyMember.objects.filter(**mine).select_related("person", "branch")
        # About one in seven: workers 15 %, retirees 20 %, residents 3 %, of 600 people.
        assert 50 <= members.count() <= 130
        assert {m.branch.kind for m in members} == {"branch"}
        assert not members.exclude(person__community=F("community")).exists()
        assert all(m.branch.code == "branch-6" for m in members if m.person.category == "retiree")
        statuses = Counter(m.status for m in members)
        assert statuses["full"] > 0.8 * members.count() and statuses["probationary"] > 0
        assert all(m.joined_on is None for m in members if m.status in ("activist", "candidate"))
        assert members.filter(party_post="secretary").count() == 2 * 6  # one per branch
        assert (
            0.9 * members.count()
            <= members.exclude(leader=None).exclude(cadre=None).count()
            < members.count()
        )
        # Conditions as the demo's proportions give them; plans from the rules; visits fulfil them.
        archives = HealthArchive.objects.filter(**mine)
        diagnoses = ArchiveCondition.objects.filter(**mine).select_related("condition")
        codes = Counter(d.condition.code for d in diagnoses)
        assert 0.15 * archives.count() < codes["hypertension"] < 0.5 * archives.count()
        assert codes["diabetes"] < codes["hypertension"] and codes["pneumoconiosis"] > 0
        plans = FollowUpPlan.objects.filter(**mine).select_related("visit", "condition")
        assert {p.condition.code for p in plans} <= {"hypertension", "diabetes", "pneumoconiosis"}
        done = [p for p in plans if p.status == "done"]
        assert all(p.visit.archive_id == p.archive_id and p.done_on == p.visit.date for p in done)
        past = [p for p in plans if p.kind == "visit" and p.due_date.isoformat() < "2026-11-01"]
        on_time = sum(1 for p in past if p.status == "done" and p.done_on <= p.due_date)
        assert 0.6 * len(past) < on_time < 0.95 * len(past)  # most on time, some late or missed
        assert not Visit.objects.filter(**mine, archive__status="lost").exists()
        assert not Visit.objects.filter(**mine, date__gt="2026-11-30").exists()


def catalogue() -> tuple[list, list]:
    """The ratings table's constraints and indexes, and those of each of its partitions, as
    PostgreSQL's catalogue describes them."""
    tables = "SELECT 'windows_rating'::regclass UNION SELECT inhrelid FROM pg_inherits WHERE inhparent = 'windows_rating'::regclass"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, contype, condeferrable, condeferred, convalidated, "
            "conparentid <> 0, pg_get_constraintdef(oid) FROM pg_constraint "
            f"WHERE conrelid IN ({tables}) ORDER BY 1, 2"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename IN "
            f"(SELECT relname FROM pg_class WHERE oid IN ({tables})) ORDER BY 1, 2"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, i.indisvalid, p.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "LEFT JOIN pg_inherits h ON h.inhrelid = i.indexrelid LEFT JOIN pg_class p ON p.oid = h.inhparent "
            f"WHERE i.indrelid IN ({tables}) ORDER BY 1"
        )
        attached = cursor.fetchall()
    return constraints, indexes + attached


@postgresql_only
def test_the_ratings_keep_the_keys_and_indexes_their_migrations_made():
    create_month("windows_rating", datetime.date(2026, 11, 1))  # the month the group is generated in
    before = catalogue()
    assert any(row[2] == "f" for row in before[0]) and len(before[1]) > 3
    generate("alpha")
    assert catalogue() == before
    with scopes_disabled():
        rating = Rating.objects.filter(community__company__slug="alpha").first()
    # The keys work again: a rating of a window that does not exist is refused.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(IntegrityError), transaction.atomic():
            cursor.execute(
                "INSERT INTO windows_rating (community_id, window_id, level, reason, comment, phone, "
                "created_at, day, source, excluded) SELECT community_id, -1, level, reason, comment, phone, "
                "created_at, day, source, excluded FROM windows_rating WHERE id = %s",
                [rating.pk],
            )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@postgresql_only
def test_a_run_that_fails_after_the_keys_are_dropped_leaves_them(monkeypatch):
    create_month("windows_rating", datetime.date(2026, 11, 1))
    before = catalogue()

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("sanjian.web.group.tickets", broken)
    with pytest.raises(RuntimeError, match="disk is full"):
        generate("alpha")
    assert catalogue() == before
    with scopes_disabled():
        assert not Company.objects.filter(slug="alpha").exists()
        assert not Rating.objects.filter(community__company__slug="alpha").exists()
