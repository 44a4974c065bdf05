"""Faults (issue 16, item 6): the database connection killed in the middle of a request, the disk
full under an upload, the worker killed in the middle of an import.

Each fails cleanly (JSON for the interface, the Chinese page for people), leaves nothing
half-written, and the next request works without a restart. The first and the last need a
server that other connections can reach: they run on PostgreSQL (the PostgreSQL run of CI).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django_scopes import scopes_disabled

from sanjian.members.models import Person
from sanjian.org.models import RuleDocument
from sanjian.windows.models import Rating, Ticket
from sanjian.windows.services import ratings as window_services
from sanjian.windows.tokens import window_token

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="killing a backend needs a database server"
)


def _dsn(name: str | None = None) -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    return f"postgresql://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name or db['NAME']}"


def _kill_this_requests_backend() -> None:
    """What a failover or an administrator does: the server ends this connection's backend."""
    pid = connection.connection.info.backend_pid
    with psycopg.connect(_dsn(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def _counts() -> tuple[int, int]:
    with scopes_disabled():
        return Rating.objects.count(), Ticket.objects.count()


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("via", ["page", "api"])
def test_a_connection_killed_mid_request_fails_cleanly_writes_nothing_and_the_next_request_works(
    world: Any, monkeypatch: pytest.MonkeyPatch, via: str
) -> None:
    real = window_services._ticket_open

    def killed_between_the_rating_and_its_ticket(rating: Any, *, actor: Any) -> Any:
        _kill_this_requests_backend()
        return real(rating, actor=actor)

    monkeypatch.setattr(window_services, "_ticket_open", killed_between_the_rating_and_its_ticket)
    window = world.units["window"]
    before = _counts()
    if via == "page":
        client = Client(raise_request_exception=False)
        url = world.url(f"windows/r/{window_token(window)}/")
        response = client.post(url, {"level": 1, "reason": "attitude"})
        assert response.status_code == 503
        assert response["Content-Type"].startswith("text/html")
        assert "暂时无法访问" in response.content.decode() or "数据库" in response.content.decode()
    else:
        client = Client(raise_request_exception=False)
        client.force_login(world.secretary)
        url = world.url("").replace("/c/", "/api/v1/c/") + "windows/ratings/"
        body = {"window": window.pk, "level": 1, "reason": "attitude", "device": "kiosk-1"}
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert "数据库" in response.json()["detail"]
    assert response["Retry-After"]
    assert _counts() == before  # neither the rating nor its ticket: all or nothing

    monkeypatch.setattr(window_services, "_ticket_open", real)
    if via == "page":
        again = client.post(url, {"level": 1, "reason": "attitude"})
        assert again.status_code == 303  # to the thanks page
    else:
        body["device"] = "kiosk-2"
        again = client.post(url, body, content_type="application/json")
        assert again.status_code == 201, again.content
    assert _counts() == (before[0] + 1, before[1] + 1)  # the same process, a new connection


class FullDisk(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every upload meets a full disk (the default storage and each file field's own)."""
    disk = FullDisk(location=settings.MEDIA_ROOT)
    from django.core.files import storage as storage_module

    monkeypatch.setattr(storage_module.default_storage, "_wrapped", disk)
    monkeypatch.setattr(FileSystemStorage, "_save", FullDisk._save)


def test_an_upload_on_a_full_disk_says_so_and_writes_nothing(world: Any, full_disk: None) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.secretary)
    category = RuleDocument._meta.get_field("category").choices[0][0]
    form = {
        "title": "社区党建工作意见",
        "issuer": "党总支",
        "category": category,
        "effective_date": "2026-01-01",
    }
    upload = SimpleUploadedFile("rules.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(world.url("org/documents/new/"), {**form, "file": upload})
    assert response.status_code == 507
    assert "存储空间已满" in response.content.decode()
    with scopes_disabled():
        assert not RuleDocument.objects.filter(title="社区党建工作意见").exists()
    assert client.get(world.url("org/documents/")).status_code == 200


def test_the_full_disk_answer_under_the_api_is_json(world: Any, full_disk: None) -> None:
    from sanjian.web.views import server_error

    class Request:
        path = "/api/v1/c/dongfeng/members/people/"

    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError:
        response = server_error(Request())  # type: ignore[arg-type]
    assert response.status_code == 507
    assert response["Content-Type"] == "application/json"
    assert "存储空间已满" in json.loads(response.content)["detail"]


_IMPORT = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from django_scopes import scope
    from sanjian.members import importer
    from sanjian.members.tests.sheets import person_row, xlsx
    from sanjian.tenancy.models import Community

    community = Community.objects.get(slug=sys.argv[1])
    actor = get_user_model().objects.get(username="secretary")
    real = importer.history_bulk_insert

    def then_wait(model, objs, **kwargs):
        real(model, objs, **kwargs)
        print("WRITTEN", len(objs), flush=True)  # the people and their history are in, uncommitted
        time.sleep(120)

    importer.history_bulk_insert = then_wait
    with scope(community=community.pk):
        rows = importer.read_roster(xlsx([person_row(f"导入人{i}") for i in range(40)]))
        plan = importer.check_rows(rows, community=community)
        assert not plan.errors, plan.errors
        importer.apply_plan(plan, community=community, actor=actor)
    print("COMMITTED", flush=True)
    """
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_half_imported(world: Any, tmp_path: Path) -> None:
    with scopes_disabled():
        before = Person.objects.filter(community=world.community).count()
    env = {
        **os.environ,
        "DATABASE_URL": _dsn().replace("postgresql://", "postgres://"),
        "DJANGO_SETTINGS_MODULE": "sanjian.settings",
        "SANJIAN_DATA_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", _IMPORT, world.community.slug],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = worker.stdout.readline()
        assert line.startswith("WRITTEN 40"), line + worker.stderr.read()
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=30) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
    # Wait for the server to notice and end the dead worker's backend, then count.
    with psycopg.connect(_dsn(), autocommit=True) as admin:
        for _ in range(100):
            busy = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in%%'"
            ).fetchone()[0]
            if not busy:
                break
            admin.execute("SELECT pg_sleep(0.1)")
    with scopes_disabled():
        assert Person.objects.filter(community=world.community).count() == before
        assert not Person.history.filter(name__startswith="导入人").exists()
