"""Benchmark: import a roster of 10,000 rows (a third of them party members with chain links),
from upload through checking to the one-transaction write, and print rows/s and peak memory.

    .venv/bin/python bench/import_members.py                      # embedded SQLite, in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanjian_members_bench .venv/bin/python bench/import_members.py

The PostgreSQL database is created if missing and emptied first. Target: >= 2,000 rows/s, < 300 MB.
"""

from __future__ import annotations

import datetime
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanjian.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["SANJIAN_DATA_DIR"] = tempfile.mkdtemp(prefix="sanjian-bench-")


def _ensure_postgres_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    name = parse(url)["NAME"]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    _ensure_postgres_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from sanjian.members import importer  # noqa: E402
from sanjian.members.models import ImportStatus, PartyMember, Person  # noqa: E402
from sanjian.members.validators import check_character  # noqa: E402
from sanjian.org.models import Unit, UnitKind  # noqa: E402
from sanjian.tenancy.models import Community, Company  # noqa: E402


def world() -> tuple[Community, object]:
    call_command("migrate", verbosity=0)
    call_command("flush", verbosity=0, interactive=False)
    with scopes_disabled():
        company = Company.objects.create(name="基准集团", slug="bench")
        community = Community.objects.create(company=company, name="基准社区", slug="bench")
        general = Unit.objects.create(
            community=community, kind=UnitKind.GENERAL_BRANCH, name="党总支", code="gb"
        )
        for i in range(1, 7):
            Unit.objects.create(
                community=community, kind=UnitKind.BRANCH, name=f"第{i}党支部", code=f"b{i}", parent=general
            )
        network = Unit.objects.create(
            community=community, kind=UnitKind.NETWORK, name="食堂", code="n", network_type="canteen"
        )
        for i in range(1, 21):
            Unit.objects.create(
                community=community, kind=UnitKind.WINDOW, name=f"窗口{i}", code=f"w{i}", parent=network
            )
    user = get_user_model().objects.create(username="bench-secretary")
    return community, user


def id_number(i: int) -> str:
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=i // 400)
    first17 = f"130481{born:%Y%m%d}{(i % 400) * 2 + 1:03d}"
    return first17 + check_character(first17)


def roster(rows: int) -> bytes:
    names = importer.headers()
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(names.values()))
    for i in range(rows):
        row = {
            "name": f"职工{i}",
            "gender": "男",
            "id_number": id_number(i),
            "phone": f"138{i:08d}",
            "employee_number": f"E{i:06d}",
            "unit": f"窗口{i % 20 + 1}",
            "post": "服务员",
        }
        if i % 3 == 0:
            row |= {
                "branch": f"第{i % 6 + 1}党支部",
                "status": "正式党员",
                "joined_on": "2010-07-01",
                "full_on": "2011-07-01",
                "post_unit": f"w{i % 20 + 1}",
            }
            if i >= 30:
                row |= {"leader": id_number(i % 30), "cadre": id_number(i - 3)}
        sheet.append([row.get(k) for k in names])  # a blank cell is no cell, as in a real roster
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    community, user = world()
    content = roster(ROWS)
    upload = SimpleUploadedFile("roster.xlsx", content)
    with scope(community=community.pk):
        start = time.perf_counter()
        batch = importer.batch_create(community=community, upload=upload, actor=user)
        importer.batch_check(batch)
        checked = time.perf_counter()
        assert batch.status == ImportStatus.READY, batch.errors[:5]
        importer.batch_apply(batch, actor=user)
        done = time.perf_counter()
        assert batch.status == ImportStatus.DONE
        people, members = Person.objects.count(), PartyMember.objects.count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = done - start
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(
        f"rows: {ROWS} ({people} people, {members} party members written, file {len(content) / 1024:.0f} KB)"
    )
    print(f"read and check: {checked - start:.2f} s; write in one transaction: {done - checked:.2f} s")
    print(f"total: {total:.2f} s = {ROWS / total:,.0f} rows/s (target >= 2,000)")
    print(f"peak memory (max RSS of the process): {peak_mb:.0f} MB (target < 300)")


if __name__ == "__main__":
    main()
