"""``manage.py generate_group``: a whole mining group's data, fast and the same for the same seed.

For scale tests and benchmarks (docs/scaling.md), not for the demo (``load_demo`` builds that
through the services, with history): a company of ``--communities`` communities, each with its
unit tree (general branch, five service networks, ``--windows`` windows among them), ``--people``
people, and ``--ratings`` ratings over the ``--days`` days up to ``--until``, with the day's
rhythm of a canteen (breakfast, a lunch peak, supper), busier and quieter windows, levels and
reasons as residents give them; the daily rollups the boards read are computed from them. Then
what the reports read besides (``sanjian/web/group.py``): logins with their roles, the window
standards and a monthly inspection of every window, a rectification ticket for every bad
rating, fortnightly volunteer activities with sign-ups and hours, and health archives.

Speed: PostgreSQL gets the ratings and the other volume through COPY, SQLite through
``executemany`` in blocks (``lib.bulk``); the units, people and standards through ``bulk_create``. Everything in one transaction: a refused run (an
existing company, bad numbers) writes nothing. Rows are built from ``random.Random(seed)``
only, so the same arguments give the same group (ids aside).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from sanjian.lib.bulk import checks_after
from sanjian.lib.partitions import create_month, is_partitioned, month_start, next_month
from sanjian.members.models import Gender, Person, PersonCategory
from sanjian.org.demo import BRANCHES
from sanjian.org.models import NetworkType, Unit, UnitKind
from sanjian.tenancy.models import Community, Company
from sanjian.web import group
from sanjian.web.demo import (
    COMMUNITY,
    COMPANY,
    GENERAL_BRANCH,
    GIVEN,
    NETWORKS,
    PLACES,
    SURNAMES,
    WINDOW,
)
from sanjian.web.group import Window
from sanjian.windows.models import Rating

PATTERN = [0, 0, 1, 0, 2, 0, 3, 4]  # which network each window joins, in turn: canteens most
# Share of a day's ratings by hour (local time): breakfast, the lunch peak, supper.
HOURS = {
    6: 2,
    7: 6,
    8: 4,
    9: 2,
    10: 3,
    11: 22,
    12: 25,
    13: 6,
    14: 2,
    15: 2,
    16: 3,
    17: 10,
    18: 9,
    19: 3,
    20: 1,
}
LEVELS = [(5, 64), (4, 26), (3, 6), (2, 3), (1, 1)]
REASONS = ["efficiency", "attitude", "environment", "quality", "other"]
COLUMNS = "community_id, window_id, level, reason, comment, phone, created_at, day, source, excluded"


def _id_number(birth: datetime.date, serial: int) -> str:
    """A well-formed 18-digit resident ID number (GB 11643 check digit)."""
    body = f"13{serial // 1000 % 100:02d}06{birth:%Y%m%d}{serial % 1000:03d}"  # unique below 100,000
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


class Command(BaseCommand):
    help = "Fill a realistic mining group (communities, units, people, ratings with lunch peaks) fast, from a seed."

    def add_arguments(self, parser) -> None:  # noqa: ANN001 - argparse
        parser.add_argument("--communities", type=int, default=100)
        parser.add_argument(
            "--ratings", type=int, default=100_000, help="ratings in all (10 million for a year)"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--company", default="group", help="slug of the new company")
        parser.add_argument("--windows", type=int, default=20, help="service windows per community")
        parser.add_argument("--people", type=int, default=1000, help="people per community")
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument(
            "--until", type=datetime.date.fromisoformat, default=None, help="last day (today)"
        )

    def handle(self, *args, **o) -> None:
        for name in ("communities", "windows", "days"):
            if o[name] < 1:
                raise CommandError(_("--%(name)s must be at least 1.") % {"name": name})
        if o["ratings"] < 0 or o["people"] < 0:
            raise CommandError(_("--ratings and --people cannot be negative."))
        if Company.objects.filter(slug=o["company"]).exists():
            raise CommandError(
                _("A company with the short name %(slug)s exists already.") % {"slug": o["company"]}
            )
        zone = ZoneInfo(settings.TIME_ZONE)
        until = o["until"] or datetime.datetime.now(zone).date()
        rng = random.Random(o["seed"])
        started = time.monotonic()
        with transaction.atomic():
            company = Company.objects.create(name=COMPANY.format(o["company"]), slug=o["company"])
            communities = Community.objects.bulk_create(
                Community(
                    company=company,
                    name=COMMUNITY.format(
                        PLACES[i % len(PLACES)], i // len(PLACES) + 1 if i >= len(PLACES) else ""
                    ),
                    slug=f"{o['company']}-{i + 1:03d}",
                )
                for i in range(o["communities"])
            )
            windows, branches = self._units(communities, o["windows"])
            residents = self._people(rng, communities, o["people"])
            people = {community: [p.pk for p in persons] for community, persons in residents.items()}
            first = until - datetime.timedelta(days=o["days"] - 1)
            if is_partitioned("windows_rating"):  # each month in its own partition, not the default one
                month = month_start(first)
                while month <= until:
                    create_month("windows_rating", month)
                    month = next_month(month)
            users = group.logins(company, communities)
            # The ratings' keys and indexes are checked and built once after the load, not row by row.
            with checks_after(Rating):
                self._ratings(rng, windows, o["ratings"], until, o["days"], zone)
                self._rollups(communities)
                tickets = group.tickets(communities, until)
            standards = group.standards(communities)
            counts = {
                "inspections": group.inspections(rng, windows, standards, users, first, until, zone),
                "tickets": tickets,
                "hour logs": group.volunteering(rng, people, users, first, until, zone),
                "party members": group.party_members(rng, residents, branches, windows, until),
                **group.archives(rng, residents, users, first, until, zone),
            }
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"{company.slug}: {len(communities)} communities, {len(windows)} windows, "
            f"{o['people'] * len(communities)} people, {o['ratings']} ratings, "
            + ", ".join(f"{n} {what}" for what, n in counts.items())
            + f" in {time.monotonic() - started:.1f} s"
        )

    def _units(
        self, communities: list[Community], per_community: int
    ) -> tuple[list[Window], dict[int, list[int]]]:
        """The unit trees: every window with its popularity, and community → its party branches
        (the demo's six, the retirees' last)."""
        roots = Unit.objects.bulk_create(
            Unit(community=c, kind=UnitKind.GENERAL_BRANCH, name=GENERAL_BRANCH.format(c.name), code="root")
            for c in communities
        )
        branches: dict[int, list[int]] = {}
        for branch in Unit.objects.bulk_create(
            Unit(community=c, kind=UnitKind.BRANCH, name=name, code=f"branch-{i}", parent=root, sort_order=i)
            for c, root in zip(communities, roots, strict=True)
            for i, name in enumerate(BRANCHES, 1)
        ):
            branches.setdefault(branch.community_id, []).append(branch.pk)
        networks = Unit.objects.bulk_create(
            Unit(
                community=c,
                kind=UnitKind.NETWORK,
                name=name,
                code=f"net-{kind}",
                parent=root,
                network_type=kind,
            )
            for c, root in zip(communities, roots, strict=True)
            for kind, name, _names in NETWORKS
        )
        windows = []
        for c_index, community in enumerate(communities):
            own = networks[c_index * len(NETWORKS) : (c_index + 1) * len(NETWORKS)]
            for j in range(per_community):
                network_index = PATTERN[j % len(PATTERN)]
                names = NETWORKS[network_index][2]
                windows.append(
                    Unit(
                        community=community,
                        kind=UnitKind.WINDOW,
                        name=WINDOW.format(names[j % len(names)], j + 1),
                        code=f"w{j + 1}",
                        parent=own[network_index],
                        sort_order=j,
                    )
                )
        created = Unit.objects.bulk_create(windows, batch_size=2000)
        # Canteen windows are the busiest; the rest by their order, with a long tail.
        windows = [
            Window(
                w.community_id,
                w.pk,
                (4.0 if w.parent.network_type == NetworkType.CANTEEN else 1.0) / (1 + w.sort_order / 4),
                w.parent.network_type,
            )
            for w in created
        ]
        return windows, branches

    def _people(
        self, rng: random.Random, communities: list[Community], per_community: int
    ) -> dict[int, list[Person]]:
        """The people of every community; returns community id → them (with their ids), in order."""
        categories = [PersonCategory.WORKER] * 6 + [PersonCategory.RETIREE] * 3 + [PersonCategory.RESIDENT]
        batch: list[Person] = []
        for community in communities:
            for k in range(per_community):
                birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 55))
                batch.append(
                    Person(
                        community=community,
                        name=rng.choice(SURNAMES)
                        + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                        gender=rng.choice((Gender.MALE, Gender.MALE, Gender.FEMALE)),
                        birth_date=birth,
                        id_number=_id_number(birth, k),
                        category=rng.choice(categories),
                        employee_number=f"E{k + 1:06d}",
                    )
                )
        made: dict[int, list[Person]] = {c.pk: [] for c in communities}
        for person in Person.objects.bulk_create(batch, batch_size=5000):
            made[person.community_id].append(person)
        return made

    def _rows(
        self,
        rng: random.Random,
        windows: list[Window],
        count: int,
        until: datetime.date,
        days: int,
        zone: ZoneInfo,
    ) -> Iterator[tuple]:
        """Ratings as (community, window, level, reason, created_at, day), in a seeded order."""
        weights = [w.popularity for w in windows]
        hours, hour_weights = list(HOURS), list(HOURS.values())
        levels, level_weights = [lv for lv, _ in LEVELS], [w for _, w in LEVELS]
        first = until - datetime.timedelta(days=days - 1)
        block = 10_000
        for start in range(0, count, block):
            n = min(block, count - start)
            picked = rng.choices(windows, weights, k=n)
            day_offsets = [rng.randrange(days) for _ in range(n)]
            picked_hours = rng.choices(hours, hour_weights, k=n)
            picked_levels = rng.choices(levels, level_weights, k=n)
            seconds = [rng.randrange(3600) for _ in range(n)]
            for i in range(n):
                day = first + datetime.timedelta(days=day_offsets[i])
                moment = datetime.datetime.combine(day, datetime.time(picked_hours[i]), tzinfo=zone)
                moment += datetime.timedelta(seconds=seconds[i])
                level = picked_levels[i]
                reason = REASONS[(start + i) % len(REASONS)] if level < 3 else ""
                yield picked[i].community_id, picked[i].pk, level, reason, moment, day

    def _ratings(
        self,
        rng: random.Random,
        windows: list[Window],
        count: int,
        until: datetime.date,
        days: int,
        zone: ZoneInfo,
    ) -> None:
        rows = self._rows(rng, windows, count, until, days, zone)
        if connection.vendor == "postgresql":
            raw = connection.connection  # psycopg's own, inside Django's transaction
            with raw.cursor() as cursor, cursor.copy(f"COPY windows_rating ({COLUMNS}) FROM STDIN") as copy:
                lines = []
                for community, window, level, reason, moment, day in rows:
                    lines.append(
                        f"{community}\t{window}\t{level}\t{reason}\t\t\t{moment.isoformat()}\t{day}\tqr\tf\n"
                    )
                    if len(lines) == 50_000:
                        copy.write("".join(lines))
                        lines = []
                copy.write("".join(lines))
            return
        sql = f"INSERT INTO windows_rating ({COLUMNS}) VALUES (%s, %s, %s, %s, '', '', %s, %s, 'qr', 0)"
        with connection.cursor() as cursor:
            batch = []
            for community, window, level, reason, moment, day in rows:
                # Stored as Django stores it on SQLite: naive UTC.
                utc = moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")
                batch.append((community, window, level, reason, utc, day.isoformat()))
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)

    def _rollups(self, communities: list[Community]) -> None:
        """The daily rollups of the new communities, from their ratings (one statement)."""
        levels = ", ".join(f"SUM(CASE WHEN level = {n} THEN 1 ELSE 0 END)" for n in range(1, 6))
        ids = [c.pk for c in communities]
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO windows_dailyrollup (community_id, window_id, day, level_1, level_2, level_3, level_4, level_5) "
                f"SELECT community_id, window_id, day, {levels} FROM windows_rating "
                f"WHERE community_id IN ({marks}) AND NOT excluded GROUP BY community_id, window_id, day",
                ids,
            )
