"""Volume inserts for generators: COPY on PostgreSQL, ``executemany`` on SQLite, ids reserved ahead.

The ORM's ``bulk_create`` prepares every value of every object and (to return the ids) cannot
use COPY; for hundreds of thousands of rows that is most of the time. Rows here are plain tuples
of Python values in the order of the columns; a caller that needs the ids of the rows it writes
(to point children at them) reserves them first with ``reserve_ids`` and writes them itself.
Call inside a transaction: these bypass models, history and signals on purpose.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection
from django.db.models import Model

BLOCK = 20_000  # rows a round trip


def reserve_ids(model: type[Model], count: int) -> int:
    """The first of ``count`` consecutive ids nobody else will be given; the caller writes them.

    PostgreSQL: the identity sequence is moved on by ``count`` (one statement, so a concurrent
    insert gets an id before or after the block, never inside it). SQLite: one writer at a time,
    so the ids after the largest are free until this transaction ends.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if count == 0:
                return 1
            cursor.execute(
                "SELECT setval(s, nextval(s) + %s - 1) FROM pg_get_serial_sequence(%s, 'id') AS s",
                [count, model._meta.db_table],
            )
            return cursor.fetchone()[0] - count + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return cursor.fetchone()[0] + 1


def _sqlite_value(value: object) -> object:
    """As Django stores it on SQLite (aware datetimes as naive UTC text)."""
    ops = connection.ops
    if isinstance(value, datetime.datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return ops.adapt_datefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def insert_rows(model: type[Model], columns: str, rows: Iterable[Sequence[object]]) -> int:
    """Write ``rows`` into ``model``'s table; ``columns`` names theirs, separated by spaces.
    Returns how many rows."""
    q = connection.ops.quote_name
    fields = columns.split()
    table, names = q(model._meta.db_table), ", ".join(q(c) for c in fields)
    written = 0
    if connection.vendor == "postgresql":
        raw = connection.connection  # psycopg's own, inside Django's transaction
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        return written
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        batch: list[list[object]] = []
        for row in rows:
            batch.append([_sqlite_value(v) for v in row])
            if len(batch) == BLOCK:
                cursor.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
