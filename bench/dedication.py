"""Benchmark: the volunteer boards and totals over a community's hundred thousand verified logs.

    .venv/bin/python bench/dedication.py               # SQLite, in a temporary folder
    .venv/bin/python bench/dedication.py --postgres    # PostgreSQL, database sanjian_dedication_bench
    .venv/bin/python bench/dedication.py --members 500 --logs 100000

Builds one community of M party members in 10 branches (a few residents without a branch
besides), 14 projects and five activities a day over the last 400 days, and L hour logs in bulk
(each person at most one two-to-three-hour log a day, so every rule of a log holds; 95 % verified,
the rest pending or rejected), plus a second community of the same size, so that the reads have
another community's rows to skip. It then times the reads that pages run, each the median of 5
runs, with the queries it sends: the monthly leaderboard, the board's totals (community, cadre
and benefit totals, hours by branch, progress of every project), the assessment source (hours
per member for every branch, for a year), and a member's certificate-style totals (verified hours
and activities of a year) for 50 members.

``--without-person-day-index`` drops the model's index on (community, person, worked_on) before
timing, to show what it does for a member's totals of a period (certificates).

The PostgreSQL database is dropped and created afresh (``--postgres``, or ``BENCH_DATABASE_URL``).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Counter, fresh_database  # noqa: E402  (after the path is set)

PG_URL = "postgres://postgres@127.0.0.1:5432/sanjian_dedication_bench"
BRANCHES = 10
#: HourLog's index on (community, person, worked_on), as migration 0001 names it.
PERSON_DAY_INDEX = "dedication__communi_60b54a_idx"
ACTIVITIES_PER_DAY = 5
DAYS = 400


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--logs", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help=f"run on {PG_URL}")
    parser.add_argument(
        "--without-person-day-index",
        action="store_true",
        help="drop the index on (community, person, worked_on) first, to compare a member's totals",
    )
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    where = fresh_database(PG_URL if args.postgres else "")
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanjian.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scope

    print(f"database: {where}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    builder = Builder()
    community, people = builder.community("bench-a", args.members, args.logs)
    builder.community("bench-b", args.members, args.logs)
    if args.without_person_day_index:
        connection.cursor().execute(f"DROP INDEX {PERSON_DAY_INDEX}")
        print("without the index on (community, person, worked_on)")
    if connection.vendor == "postgresql":  # as autovacuum would have by then
        connection.cursor().execute("ANALYZE")
    print(
        f"set-up: 2 communities × ({args.members} members, {DAYS * ACTIVITIES_PER_DAY} activities, "
        f"{args.logs} logs) in {time.perf_counter() - started:.1f} s"
    )
    with scope(community=community.pk):
        for label, seconds, queries in reads(people):
            print(f"  {label:<46} {seconds * 1000:8.1f} ms  {queries:3d} queries")


def timed(fn: Callable[[], Any], runs: int = 5) -> tuple[float, int]:
    """The median time of ``runs`` calls and the queries of one."""
    from django.db import connection

    times, counter = [], Counter()
    for n in range(runs):
        started = time.perf_counter()
        if n == 0:
            with connection.execute_wrapper(counter):
                fn()
        else:
            fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), counter.count


def reads(people: list) -> list[tuple[str, float, int]]:
    from django.db.models import Sum
    from django.utils import timezone

    from sanjian.dedication import panels, selectors
    from sanjian.dedication.models import Project
    from sanjian.lib.dates import Month
    from sanjian.org.models import Unit, UnitKind

    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    month = Month.of(today).previous().start
    branches = list(Unit.objects.filter(kind=UnitKind.BRANCH))
    projects = list(Project.objects.all())

    def certificates() -> None:
        for person in people[:50]:
            logs = selectors.verified(year_ago, today).filter(person=person)
            logs.aggregate(total=Sum("minutes"))
            list(logs.values_list("activity__title", "worked_on").order_by("worked_on"))

    def sections() -> None:
        for person in people[:50]:
            panels.hours_section(None, person)

    rows = []
    for label, fn in [
        ("leaderboard of last month (top 10, with change)", lambda: selectors.leaderboard(month)),
        ("community total of the year", lambda: selectors.community_minutes(year_ago, today)),
        ("cadre total of the year", lambda: selectors.cadre_minutes(year_ago, today)),
        ("benefit total of the year", lambda: selectors.benefit_total(year_ago, today)),
        ("hours by branch of the year", lambda: selectors.minutes_by("branch", year_ago, today)),
        ("progress of the 14 projects, all time", lambda: selectors.projects_progress(projects)),
        (
            f"hours per member, {len(branches)} branches, a year",
            lambda: selectors.hours_per_member(branches, year_ago, today),
        ),
        ("certificate totals of 50 members, a year each", certificates),
        ("person-page hours sections of 50 members", sections),
        ("every member's hours, all time (one grouping)", lambda: selectors.minutes_by("person", None, None)),
    ]:
        seconds, queries = timed(fn)
        rows.append((label, seconds, queries))
    logs = selectors.verified(year_ago, today).filter(person=people[0])
    plan = logs.values_list("activity__title", "worked_on").order_by("worked_on").explain()
    print("plan of a member's logs of a year:", " | ".join(line.strip() for line in plan.splitlines()))
    return rows


class Builder:
    """Builds communities fast with bulk inserts; the logs keep every rule by construction."""

    def __init__(self) -> None:
        from django.contrib.auth import get_user_model

        from sanjian.tenancy.models import Company

        self.company = Company.objects.create(name="基准测试集团", slug="bench")
        self.actor = get_user_model().objects.create(username="bench-secretary")

    def community(self, slug: str, members: int, logs: int) -> tuple[Any, list]:
        from django_scopes import scope

        from sanjian.tenancy.models import Community

        community = Community.objects.create(company=self.company, name=slug, slug=slug)
        with scope(community=community.pk):
            branches = self._branches(community)
            people = self._people(community, branches, members)
            activities = self._activities(community, people)
            self._logs(community, people, activities, logs)
        return community, people

    def _branches(self, community) -> list:
        from sanjian.org.models import Unit, UnitKind

        general = Unit.objects.create(
            community=community, kind=UnitKind.GENERAL_BRANCH, name="党总支", code="g"
        )
        return Unit.objects.bulk_create(
            Unit(community=community, kind=UnitKind.BRANCH, name=f"第{i}支部", code=f"b{i}", parent=general)
            for i in range(BRANCHES)
        )

    def _people(self, community, branches: list, members: int) -> list:
        from sanjian.members.models import PartyMember, Person

        residents = members // 10
        people = Person.objects.bulk_create(
            Person(
                community=community, name=f"志愿者{i}", gender="male", id_number=f"{community.pk:02d}{i:016d}"
            )
            for i in range(members + residents)
        )
        PartyMember.objects.bulk_create(
            PartyMember(
                community=community,
                person=person,
                branch=branches[i % len(branches)],
                status="full",
                joined_on=datetime.date(2010, 7, 1),
                full_on=datetime.date(2011, 7, 1),
            )
            for i, person in enumerate(people[:members])
        )
        for i, person in enumerate(people):
            person.branch_id = branches[i % len(branches)].pk if i < members else None
        return people

    def _activities(self, community, people: list) -> list:
        from django.utils import timezone

        from sanjian.dedication.models import Activity, BenefitEntry, Project

        tz = timezone.get_default_timezone()
        today = timezone.localdate()
        projects = Project.objects.bulk_create(
            Project(
                community=community,
                name=f"项目{i}",
                kind="dedication" if i < 6 else "double_hundred",
                goal="奉献",
                leader=people[i],
                starts_on=today - datetime.timedelta(days=DAYS + 1),
                target_hours=Decimal(2000),
                target_benefit=Decimal(5000),
                hourly_value=Decimal("20.00") if i % 2 else None,
            )
            for i in range(14)
        )
        BenefitEntry.objects.bulk_create(
            BenefitEntry(
                community=community,
                project=projects[i % 14],
                kind="repairs",
                occurred_on=today - datetime.timedelta(days=i),
                amount=Decimal("100.00"),
                basis="基准",
            )
            for i in range(DAYS)
        )
        activities = []
        for day in range(1, DAYS + 1):
            date = today - datetime.timedelta(days=day)
            for k in range(ACTIVITIES_PER_DAY):
                start = datetime.datetime.combine(date, datetime.time(7 + 3 * k), tzinfo=tz)
                activities.append(
                    Activity(
                        community=community,
                        project=projects[(day + k) % 14],
                        title=f"活动{day}-{k}",
                        place="社区",
                        starts_at=start,
                        ends_at=start + datetime.timedelta(hours=3),
                        organiser=people[k],
                    )
                )
        return Activity.objects.bulk_create(activities, batch_size=2000)

    def _logs(self, community, people: list, activities: list, count: int) -> None:
        from django.utils import timezone

        from sanjian.dedication.models import HourLog

        now = timezone.now()
        # Person i works on every other day, in one activity of the day and within its hours.
        slots = [(day, i) for day in range(DAYS) for i in range(len(people)) if (i + day) % 2 == 0]
        if len(slots) < count:
            raise SystemExit(f"{count} logs need more people or days: one log a person a day at most")
        logs = []
        for n, (day, i) in enumerate(slots[:count]):
            activity = activities[day * ACTIVITIES_PER_DAY + i % ACTIVITIES_PER_DAY]
            minutes = 120 + (i * 7 + day) % 60
            status = "verified" if n % 20 else ("pending" if n % 40 else "rejected")
            logs.append(
                HourLog(
                    community=community,
                    person=people[i],
                    branch_id=people[i].branch_id,
                    activity=activity,
                    started_at=activity.starts_at,
                    ended_at=activity.starts_at + datetime.timedelta(minutes=minutes),
                    minutes=minutes,
                    worked_on=timezone.localtime(activity.starts_at).date(),
                    source="checkin",
                    status=status,
                    reject_reason="不实" if status == "rejected" else "",
                    decided_by=self.actor if status != "pending" else None,
                    decided_at=now if status != "pending" else None,
                )
            )
        HourLog.objects.bulk_create(logs, batch_size=5000)


if __name__ == "__main__":
    main()
