"""Per-window-per-day rollups of the ratings: kept exact as ratings arrive, and rebuildable.

``rating_insert`` writes a rating and counts it together: on PostgreSQL one statement (the
rating's INSERT and the rollup's upsert in one data-modifying WITH, atomic by itself and one
round trip), on SQLite the two statements in one transaction. The upsert, ``INSERT … ON
CONFLICT DO UPDATE SET level_n = level_n + 1``, is atomic on both (SQLite 3.24+), so two ratings
of the same window in the same second both count, whoever commits first. ``rollups_rebuild`` recomputes them from the ratings, reports every difference and,
unless asked only to check, writes the ratings' truth.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F

from sanjian.lib import limits
from sanjian.lib.limits import Limit
from sanjian.tenancy.models import Community
from sanjian.windows.models import DailyRollup, Rating

LEVEL_FIELDS = ("level_1", "level_2", "level_3", "level_4", "level_5")
Counts = tuple[int, int, int, int, int]
ZERO: Counts = (0, 0, 0, 0, 0)


def _upsert_sql() -> dict[int, str]:
    q = connection.ops.quote_name
    table = q(DailyRollup._meta.db_table)
    keys = ["community_id", "window_id", "day"]
    columns = ", ".join(q(c) for c in [*keys, *LEVEL_FIELDS])
    placeholders = ", ".join(["%s"] * (len(keys) + len(LEVEL_FIELDS)))
    conflict = ", ".join(q(c) for c in keys)
    return {
        level: (
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {q(field)} = {table}.{q(field)} + 1"
        )
        for level, field in enumerate(LEVEL_FIELDS, start=1)
    }


_SQL: dict[str, dict] = {}
#: The columns a rating is inserted with (and ``excluded``), in ``_rating_values``' order; the
#: demo's bulk insert uses the same list.
RATING_COLUMNS = [
    "community_id",
    "window_id",
    "level",
    "reason",
    "comment",
    "phone",
    "created_at",
    "day",
    "source",
]


def _rating_values(rating: Rating) -> list:
    ops = connection.ops
    return [
        rating.community_id,
        rating.window_id,
        rating.level,
        rating.reason,
        rating.comment,
        rating.phone,
        ops.adapt_datetimefield_value(rating.created_at),
        ops.adapt_datefield_value(rating.day),
        rating.source,
    ]


def _insert_sql(*, limited: bool = False) -> str:
    """The rating's INSERT; ``limited`` (PostgreSQL, inside ``_combined_sql``): only when the
    ``hit`` counter is within the limit, the last parameter."""
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in RATING_COLUMNS)
    marks = ", ".join(["%s"] * len(RATING_COLUMNS))
    values = (
        f"SELECT {marks}, false WHERE (SELECT count FROM hit) <= %s"
        if limited
        else f"VALUES ({marks}, false)"
    )
    return f"INSERT INTO {q(Rating._meta.db_table)} ({columns}, {q('excluded')}) {values} RETURNING {q('id')}"


def _combined_sql(level: int, *, limited: bool) -> str:
    """PostgreSQL: the rating and its count in one statement; ``limited``: the rate counter's
    upsert too, the rating written only within the limit (no row answered otherwise)."""
    q = connection.ops.quote_name
    table, field = q(DailyRollup._meta.db_table), q(LEVEL_FIELDS[level - 1])
    keys = ", ".join(q(c) for c in ["community_id", "window_id", "day"])
    counts = ", ".join("1" if n == level else "0" for n in range(1, 6))
    counter = f"{limits.counter_cte('hit')}, " if limited else ""
    return (
        f"WITH {counter}new AS ({_insert_sql(limited=limited)}, {keys}) "
        f"INSERT INTO {table} ({keys}, {', '.join(q(f) for f in LEVEL_FIELDS)}) "
        f"SELECT {keys}, {counts} FROM new "
        f"ON CONFLICT ({q('community_id')}, {q('window_id')}, {q('day')}) DO UPDATE SET {field} = {table}.{field} + 1 "
        f"RETURNING (SELECT {q('id')} FROM new)"
    )


def rating_insert(rating: Rating, *, limit: Limit | None = None) -> Rating | None:
    """Insert ``rating`` (validated by the caller) and count it in its window's row of its day.

    With ``limit``, first count one event against it (``lib.limits``) and, when over it, write
    no rating and answer None. The count costs no round trip of its own: on PostgreSQL it is
    part of the one statement, on SQLite of the one transaction (with Redis, one call to it).
    """
    if limit is not None and limits.uses_redis():
        if not limits.allows(limit):
            return None
        limit = None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            key = (rating.level, limit is not None)
            if key not in _SQL.setdefault("combined", {}):
                _SQL["combined"][key] = _combined_sql(rating.level, limited=limit is not None)
            params = _rating_values(rating)
            if limit is not None:
                params = [*limits.upsert_params(limit.key, limit.seconds), *params, limit.limit]
            cursor.execute(_SQL["combined"][key], params)
            row = cursor.fetchone()
            if row is None:
                return None
            rating.pk = row[0]
        else:
            # Part of the caller's transaction when there is one (a bad rating and its ticket):
            # no savepoint, all or nothing.
            with transaction.atomic(savepoint=False):
                if limit is not None:
                    cursor.execute(limits.UPSERT, limits.upsert_params(limit.key, limit.seconds))
                    if cursor.fetchone()[0] > limit.limit:
                        return None
                cursor.execute(_insert_sql(), _rating_values(rating))
                rating.pk = cursor.fetchone()[0]
                rollup_add(rating)
    if limit is not None:
        limits.maybe_purge()
    rating._state.adding, rating._state.db = False, connection.alias
    return rating


def rollup_add(rating: Rating) -> None:
    """Count ``rating`` in its window's row of its day. Call inside the rating's transaction."""
    if connection.vendor not in _SQL:
        _SQL[connection.vendor] = _upsert_sql()
    sql = _SQL[connection.vendor][rating.level]
    ones = [1 if level == rating.level else 0 for level in range(1, 6)]
    day = connection.ops.adapt_datefield_value(rating.day)
    with connection.cursor() as cursor:
        cursor.execute(sql, [rating.community_id, rating.window_id, day, *ones])


def rollup_remove(rating: Rating) -> None:
    """Stop counting ``rating`` (an appeal against it was upheld)."""
    field = LEVEL_FIELDS[rating.level - 1]
    DailyRollup.objects.filter(window_id=rating.window_id, day=rating.day).update(**{field: F(field) - 1})


@dataclass(frozen=True)
class Difference:
    window_id: int
    day: datetime.date
    stored: Counts
    actual: Counts


def _lock_rollups() -> None:
    # Ratings arriving during a rebuild wait for it on their upsert, then count on top of the
    # rebuilt rows: nothing is counted twice or lost. SQLite's writer lock does the same.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {connection.ops.quote_name(DailyRollup._meta.db_table)} IN EXCLUSIVE MODE"
            )


def rollups_rebuild(*, community: Community, fix: bool = True) -> list[Difference]:
    """Compare the community's rollups with its ratings; with ``fix``, make them equal.

    Call inside the community's scope. Ratings removed by an upheld appeal are not counted.
    """
    with transaction.atomic():
        _lock_rollups()
        actual: dict[tuple[int, datetime.date], list[int]] = defaultdict(lambda: [0] * 5)
        grouped = (
            Rating.objects.filter(community=community, excluded=False)
            .order_by()
            .values_list("window_id", "day", "level")
            .annotate(n=Count("pk"))
        )
        for window_id, day, level, n in grouped:
            actual[(window_id, day)][level - 1] = n
        stored = {(row.window_id, row.day): row for row in DailyRollup.objects.filter(community=community)}
        differences = []
        for key in sorted(set(actual) | set(stored)):
            want = tuple(actual.get(key, ZERO))
            have = stored[key].counts if key in stored else ZERO
            if want != have:
                differences.append(Difference(key[0], key[1], have, want))
        if fix and differences:
            _apply(community, differences, stored)
    return differences


def _apply(community: Community, differences: list[Difference], stored: dict) -> None:
    create, update, delete = [], [], []
    for diff in differences:
        row = stored.get((diff.window_id, diff.day))
        if diff.actual == ZERO:
            delete.append(row.pk)
            continue
        if row is None:
            row = DailyRollup(community=community, window_id=diff.window_id, day=diff.day)
            create.append(row)
        else:
            update.append(row)
        for field, value in zip(LEVEL_FIELDS, diff.actual, strict=True):
            setattr(row, field, value)
    DailyRollup.objects.filter(pk__in=delete).delete()
    DailyRollup.objects.bulk_create(create, batch_size=1000)
    DailyRollup.objects.bulk_update(update, LEVEL_FIELDS, batch_size=1000)


def rollups_from_ratings(ratings: list[Rating]) -> list[DailyRollup]:
    """Rollup rows for ratings built in memory (the demo's bulk load), before they are saved."""
    counts: dict[tuple[int, int, datetime.date], list[int]] = defaultdict(lambda: [0] * 5)
    for rating in ratings:
        if not rating.excluded:
            counts[(rating.community_id, rating.window_id, rating.day)][rating.level - 1] += 1
    return [
        DailyRollup(community_id=c, window_id=w, day=d, **dict(zip(LEVEL_FIELDS, n, strict=True)))
        for (c, w, d), n in counts.items()
    ]
