"""Ratings and the read log partitioned by month on PostgreSQL; plain tables on SQLite.

On PostgreSQL the migrations have turned both tables into partitioned ones: a row lands in its
month's partition, a month not created yet falls into the default partition and moves into its
own when the month is created, and old months are detached, archived and dropped by
``manage.py partitions``. The rest of the suite runs the ORM on the same tables.
"""

from __future__ import annotations

import datetime
import gzip
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django_scopes import scopes_disabled

from sanjian.lib import partitions
from sanjian.windows.models import Rating
from sanjian.windows.tests.factories import at, give_rating

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="partitions are PostgreSQL's"
)
RATINGS = "windows_rating"


def _partition_of(rating: Rating) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM windows_rating WHERE id = %s", [rating.pk])
        return cursor.fetchone()[0]


def _exists(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
        return cursor.fetchone()[0]


def test_on_sqlite_the_command_says_there_is_nothing_to_do():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's answer")
    out = io.StringIO()
    call_command("partitions", stdout=out)
    assert "PostgreSQL only" in out.getvalue()


@postgresql_only
def test_the_migrations_partition_ratings_and_reads_with_months_ahead():
    this_month = partitions.month_start(datetime.date.today())
    for spec in partitions.PARTITIONED:
        assert partitions.is_partitioned(spec.table)
        months = [month for _name, month in partitions.partitions(spec.table)]
        wanted = [this_month]
        for _ in range(3):
            wanted.append(partitions.next_month(wanted[-1]))
        assert set(wanted) <= set(months)


@postgresql_only
def test_a_rating_lands_in_its_month_and_the_orm_reads_and_follows_it(world):
    window = world.units["window"]
    today = datetime.date.today()
    rating = give_rating(window, 1, when=at(today), reason="attitude")
    assert _partition_of(rating) == f"windows_rating_p{today:%Y%m}"
    with scopes_disabled():
        again = Rating.objects.get(pk=rating.pk)
        assert again.level == 1 and again.ticket.rating == again  # the ticket's key still joins


@postgresql_only
def test_a_month_not_created_yet_waits_in_the_default_partition_until_it_is(world):
    far = datetime.date(2031, 5, 10)
    rating = give_rating(world.units["window"], 5, when=at(far))
    assert _partition_of(rating) == "windows_rating_default"
    assert partitions.create_month(RATINGS, far) is True
    assert _partition_of(rating) == "windows_rating_p203105"
    assert partitions.create_month(RATINGS, far) is False  # already there
    with scopes_disabled():
        assert Rating.objects.filter(pk=rating.pk).count() == 1  # moved, not copied


@postgresql_only
def test_the_command_creates_the_months_ahead():
    with connection.cursor() as cursor:
        last = partitions.partitions(RATINGS)[-1]
        cursor.execute(f"DROP TABLE {last[0]}")
    out = io.StringIO()
    call_command("partitions", "--ahead", "3", "--table", RATINGS, stdout=out)
    assert last[0] in out.getvalue() and _exists(last[0])


@postgresql_only
def test_old_months_are_detached_or_archived_and_dropped(world, tmp_path):
    window = world.units["window"]
    for month in (datetime.date(2024, 12, 1), datetime.date(2025, 1, 1)):
        partitions.create_month(RATINGS, month)
    december = give_rating(window, 4, when=at(datetime.date(2024, 12, 20)))
    january = give_rating(window, 5, when=at(datetime.date(2025, 1, 15)))
    with connection.cursor() as cursor:
        # The test's rows are not committed: check their deferred keys now, as a commit would
        # (PostgreSQL refuses to drop a table with checks still pending).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    out = io.StringIO()
    call_command("partitions", "--detach-before", "2025-01", "--table", RATINGS, stdout=out)
    assert "detached windows_rating_p202412" in out.getvalue()
    assert _exists("windows_rating_p202412")  # kept as a plain table, out of the ratings
    with scopes_disabled():
        assert not Rating.objects.filter(pk=december.pk).exists()
        assert Rating.objects.filter(pk=january.pk).exists()

    call_command(
        "partitions",
        "--detach-before",
        "2025-02",
        "--archive",
        str(tmp_path),
        "--drop",
        "--table",
        RATINGS,
        stdout=io.StringIO(),
    )
    assert not _exists("windows_rating_p202501")
    with gzip.open(tmp_path / "windows_rating_p202501.csv.gz", "rt") as archive:
        header, *rows = archive.read().splitlines()
    assert header.startswith("id,") and [row.split(",")[0] for row in rows] == [str(january.pk)]
    with scopes_disabled():
        assert not Rating.objects.filter(pk=january.pk).exists()


@postgresql_only
def test_drop_without_an_archive_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--archive"):
        call_command("partitions", "--detach-before", "2025-02", "--drop", stdout=io.StringIO())
