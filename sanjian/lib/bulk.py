"""Volume inserts for generators: COPY on PostgreSQL, ``executemany`` on SQLite, ids reserved ahead.

The ORM's ``bulk_create`` prepares every value of every object and (to return the ids) cannot
use COPY; for hundreds of thousands of rows that is most of the time. Rows here are plain tuples
of Python values in the order of the columns; a caller that needs the ids of the rows it writes
(to point children at them) reserves them first with ``reserve_ids`` and writes them itself.
Call inside a transaction: these bypass models, history and signals on purpose.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
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


@contextmanager
def checks_after(model: type[Model]) -> Iterator[None]:
    """Load ``model``'s table without its foreign keys and non-unique indexes, then put them back.

    Django makes every foreign key ``DEFERRABLE INITIALLY DEFERRED``: COPYing ten million rows
    queues twenty million row-by-row look-ups that run at COMMIT (six minutes of
    ``generate_group``'s seventeen), and every index is updated row by row during the COPY. As
    ``pg_restore`` does, the keys and indexes are dropped first and made again afterwards: an
    index is then built by one sort, and each foreign key is checked by one join per partition.
    The definitions are read back from the catalogue and replayed with the same names, so the
    table ends as its migrations made it (on a partitioned table, each partition gets its
    copies again as it did at creation; ``test_generate_group`` compares the catalogue before
    and after).

    PostgreSQL only (elsewhere it does nothing). Call inside the caller's transaction: the DDL is
    transactional, so a failure anywhere leaves the keys and indexes as they were. It holds an
    exclusive lock on the table until the transaction ends: for a generator, never on a live
    group. Deferred checks queued so far are run first (``SET CONSTRAINTS ALL IMMEDIATE``):
    PostgreSQL refuses to alter a table that has pending trigger events.
    """
    if connection.vendor != "postgresql":
        yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' AND conparentid = 0 ORDER BY conname",
            [table],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary ORDER BY c.relname",
            [table],
        )
        # A partitioned table's index reads "ON ONLY <table>": made again without ONLY, it is
        # made on every partition too, as the migration's was.
        indexes = [
            (name, definition.replace(" ON ONLY ", " ON ", 1)) for name, definition in cursor.fetchall()
        ]
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, _definition in keys:
            cursor.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {q(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in keys:
            cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")
