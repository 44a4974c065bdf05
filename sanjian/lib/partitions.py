"""Append-only high-volume tables range-partitioned by month on PostgreSQL (declarative partitioning).

A year of a mining group is ~10 million ratings: one table would carry every old month in its
indexes and vacuum, and dropping a year would be a huge DELETE. Partitioned by month, the
planner reads only the months a query asks for, a month's indexes stay small, and an old
month leaves with ``DETACH PARTITION`` (instant) and can be archived and dropped as a file.

On SQLite (and any other engine) the tables stay plain: ``partition_table`` does nothing there,
so the same migrations run everywhere.

How the ORM keeps working (the usual way, as django-postgres-extra and others do it):
PostgreSQL wants every unique constraint of a partitioned table to include the partition key, so
the primary key in the database becomes ``(id, <column>)``, while the Django model keeps ``id``
as its primary key: ``id`` still comes from one identity sequence, so it stays unique, and
``get(pk=…)``, ``save()``, the admin and history need nothing else. What cannot stay is a
foreign key *into* the table (it would have to reference ``(id, <column>)``): such a field is
declared with ``db_constraint=False`` (Django's ``on_delete`` is enforced by the ORM anyway,
and these rows are never deleted but with their partition).

Partitions are named ``<table>_pYYYYMM`` and cover one calendar month in the project's time zone
(Asia/Shanghai). A ``<table>_default`` partition catches a row outside every month created, so
an insert never fails; ``manage.py partitions`` creates the coming months ahead (run it monthly
from cron or the task queue) and detaches, archives and drops the old ones.
"""

from __future__ import annotations

import datetime
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.utils import truncate_name


@dataclass(frozen=True)
class Partitioned:
    table: str
    column: str  # the timestamp the months are cut on


# Every partitioned table, for the command. A migration converts each (``partition_table``).
PARTITIONED: list[Partitioned] = [
    Partitioned("tenancy_recordread", "read_at"),
    Partitioned("windows_rating", "created_at"),
]
_NAME = re.compile(r"_p(\d{4})(\d{2})$")


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _bound(day: datetime.date) -> str:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=_zone()).isoformat()


def partition_name(table: str, month: datetime.date) -> str:
    return truncate_name(f"{table}_p{month:%Y%m}", connection.ops.max_name_length())


def is_partitioned(table: str) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = %s",
            [table],
        )
        return cursor.fetchone() is not None


def partitions(table: str) -> list[tuple[str, datetime.date]]:
    """The monthly partitions attached to ``table``, oldest first (the default one left out)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
            [table],
        )
        names = [row[0] for row in cursor.fetchall()]
    found = []
    for name in names:
        if match := _NAME.search(name):
            found.append((name, datetime.date(int(match[1]), int(match[2]), 1)))
    return sorted(found, key=lambda item: item[1])


def create_month(table: str, month: datetime.date) -> bool:
    """Create the partition of ``month`` unless it exists; True when created.

    Rows of that month already caught by the default partition are moved into it (PostgreSQL
    refuses a new partition while the default one holds rows that belong to it)."""
    month = month_start(month)
    name = partition_name(table, month)
    if any(existing == name for existing, _ in partitions(table)):
        return False
    start, end = _bound(month), _bound(next_month(month))
    q = connection.ops.quote_name
    spec = f"FOR VALUES FROM ('{start}') TO ('{end}')"
    column = next(p.column for p in PARTITIONED if p.table == table)
    with transaction.atomic(), connection.cursor() as cursor:
        default = truncate_name(f"{table}_default", connection.ops.max_name_length())
        cursor.execute(
            f"CREATE TEMP TABLE _moving AS SELECT * FROM {q(default)} "
            f"WHERE {q(column)} >= %s AND {q(column)} < %s",
            [start, end],
        )
        cursor.execute(f"DELETE FROM {q(default)} WHERE {q(column)} >= %s AND {q(column)} < %s", [start, end])
        cursor.execute(f"CREATE TABLE {q(name)} PARTITION OF {q(table)} {spec}")
        cursor.execute(f"INSERT INTO {q(table)} SELECT * FROM _moving")
        cursor.execute("DROP TABLE _moving")
    return True


def create_ahead(table: str, months: int, today: datetime.date | None = None) -> list[str]:
    """Partitions for this month and the ``months`` after it; the names created."""
    month = month_start(today or datetime.datetime.now(_zone()).date())
    created = []
    for _ in range(months + 1):
        if create_month(table, month):
            created.append(partition_name(table, month))
        month = next_month(month)
    return created


def detach_before(
    table: str, before: datetime.date, archive_dir: Path | None = None, drop: bool = False
) -> list[str]:
    """Detach every monthly partition of ``table`` older than the month of ``before``.

    With ``archive_dir`` each detached month is first written there as ``<partition>.csv.gz``
    (PostgreSQL's COPY, a header line); with ``drop`` the detached table is then dropped. Without
    either it stays in the database as a plain table, out of the parent's queries and indexes.
    """
    cutoff = month_start(before)
    q = connection.ops.quote_name
    done = []
    for name, month in partitions(table):
        if month >= cutoff:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {q(table)} DETACH PARTITION {q(name)}")
            if archive_dir is not None:
                archive_dir.mkdir(parents=True, exist_ok=True)
                with (
                    gzip.open(archive_dir / f"{name}.csv.gz", "wb") as out,
                    cursor.copy(f"COPY {q(name)} TO STDOUT WITH (FORMAT csv, HEADER)") as copy,
                ):
                    for chunk in copy:
                        out.write(chunk)
            if drop:
                cursor.execute(f"DROP TABLE {q(name)}")
        done.append(name)
    return done


def partition_table(
    schema_editor: BaseDatabaseSchemaEditor, table: str, column: str, months_ahead: int = 3
) -> None:
    """Turn the plain ``table`` into one range-partitioned by month on ``column`` (a migration step).

    Keeps its columns, defaults, identity, check constraints, indexes and outgoing foreign keys
    (their names too, so later migrations find them); the primary key becomes ``(id, column)``.
    Existing rows are copied into monthly partitions. PostgreSQL only; a no-op elsewhere.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    q = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid = %s::regclass", [table]
        )
        if incoming := [row[0] for row in cursor.fetchall()]:
            raise RuntimeError(
                f"{table} is referenced by foreign keys {incoming}: declare them db_constraint=False"
            )
        cursor.execute(
            "SELECT indexdef FROM pg_indexes i WHERE schemaname = current_schema() AND tablename = %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass "
            "AND c.contype IN ('p', 'u'))",
            [table],
        )
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conrelid = %s::regclass",
            [table],
        )
        foreign = cursor.fetchall()
        cursor.execute(f"SELECT min({q(column)}), max({q(column)}) FROM {q(table)}")
        oldest, newest = cursor.fetchone()
    old = f"{table}_unpartitioned"
    default = truncate_name(f"{table}_default", schema_editor.connection.ops.max_name_length())
    schema_editor.execute(f"ALTER TABLE {q(table)} RENAME TO {q(old)}")
    schema_editor.execute(
        f"CREATE TABLE {q(table)} (LIKE {q(old)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY "
        f"INCLUDING STORAGE) PARTITION BY RANGE ({q(column)})"
    )
    schema_editor.execute(f"CREATE TABLE {q(default)} PARTITION OF {q(table)} DEFAULT")
    today = datetime.datetime.now(_zone()).date()
    first = month_start(min(oldest.astimezone(_zone()).date(), today) if oldest else today)
    last = month_start(max(newest.astimezone(_zone()).date(), today) if newest else today)
    month = first
    while month <= last or month < _add_months(today, months_ahead + 1):
        name = truncate_name(f"{table}_p{month:%Y%m}", schema_editor.connection.ops.max_name_length())
        schema_editor.execute(
            f"CREATE TABLE {q(name)} PARTITION OF {q(table)} "
            f"FOR VALUES FROM ('{_bound(month)}') TO ('{_bound(next_month(month))}')"
        )
        month = next_month(month)
    schema_editor.execute(f"INSERT INTO {q(table)} OVERRIDING SYSTEM VALUE SELECT * FROM {q(old)}")
    schema_editor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {q(table)}), 0) + 1, false)"
    )
    schema_editor.execute(f"DROP TABLE {q(old)}")
    schema_editor.execute(
        f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(table + '_pkey')} PRIMARY KEY (id, {q(column)})"
    )
    for definition in indexes:
        schema_editor.execute(definition)
    for name, definition in foreign:
        schema_editor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    for _ in range(months):
        day = next_month(day)
    return day
