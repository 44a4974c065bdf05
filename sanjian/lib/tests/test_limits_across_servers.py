"""The documented rate limits hold across server processes and restarts, with no Redis.

Two gunicorn servers (one worker each, as two workers of ``make run`` are) serve the same
database: the test's own, committed (on SQLite copied to a file, on PostgreSQL the test
database itself). One address without cookies rates one window through both, alternately,
and looks certificates up through both.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django_scopes import scopes_disabled

from sanjian.org.models import UnitKind
from sanjian.testing import factories as f
from sanjian.windows.tokens import window_token

ROOT = Path(settings.BASE_DIR)
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def _free_port() -> int:
    for port in range(8100, 8200):  # the range this project's servers keep to on shared machines
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8100-8199")


@contextmanager
def _server(env: dict[str, str]):
    port = _free_port()
    process = subprocess.Popen(
        [GUNICORN, "sanjian.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "error"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _i in range(300):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _request(port: int, method: str, path: str, body: str = "", cookie: str = "") -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    return response.status, response.getheader("Set-Cookie") or "", response.read().decode()


@pytest.fixture
def shared_database(tmp_path):
    """The environment of servers that see this test's committed rows."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(SANJIAN_DATA_DIR=str(tmp_path), SECRET_KEY=settings.SECRET_KEY, LOG_LEVEL="ERROR")

    def commit() -> dict[str, str]:
        if connection.vendor == "postgresql":
            s = connection.settings_dict
            env["DATABASE_URL"] = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        else:
            env.pop("DATABASE_URL", None)
            target = sqlite3.connect(tmp_path / "sanjian.sqlite3")
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
        return env

    return commit


@pytest.mark.django_db(transaction=True)
def test_one_address_gets_the_documented_limits_across_two_servers_and_a_restart(shared_database):
    with scopes_disabled():
        community = f.CommunityFactory(slug="limits")
        window = f.UnitFactory(community=community, kind=UnitKind.WINDOW, name="窗口")
        token = window_token(window)
    env = shared_database()
    # The servers run the production storage, which needs the collected manifest (`make run` and
    # a deploy collect it first; a fresh clone has none).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    rate = f"/c/limits/windows/r/{token}/"
    verify = "/c/limits/dedication/certificates/verify/?serial=SJ-0000-000000"
    with _server(env) as first, _server(env) as second:
        status, set_cookie, page = _request(first, "GET", rate)
        assert status == 200
        cookie = re.search(r"csrftoken=([^;]+)", set_cookie).group(0)
        token_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({"csrfmiddlewaretoken": token_field, "level": 5})

        answers = [_request((first, second)[i % 2], "POST", rate, body, cookie)[0] for i in range(35)]
        assert answers.count(303) == 10  # WINDOWS_RATINGS_PER_IP_PER_HOUR, not 10 per worker
        assert answers[:10] == [303] * 10 and set(answers[10:]) == {429}

        lookups = [_request((first, second)[i % 2], "GET", verify)[0] for i in range(40)]
        assert (
            lookups[:30] == [404] * 30
        )  # unknown serial, answered: DEDICATION_VERIFY_LOOKUPS_PER_IP_PER_HOUR
        assert set(lookups[30:]) == {429}

    with _server(env) as restarted:
        assert _request(restarted, "POST", rate, body, cookie)[0] == 429
        assert _request(restarted, "GET", verify)[0] == 429
