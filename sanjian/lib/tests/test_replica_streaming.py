"""The TV board served from a real streaming replica (PostgreSQL only, run as root).

``tools/pg-replica start`` makes a second cluster on 127.0.0.1:5433 (``REPLICA_PORT``) as a hot
standby of the primary; an app server runs with ``DATABASE_REPLICA_URL`` pointing at this test's
database there. Replay on the replica is paused to make the lag visible: a rating submitted on
the primary is then missing from the board a TV reads (proof that the board reads the replica),
present on the board of the resident who sent it (read-after-write, the primary), and on every
board once replay resumes, within the lag. A replica already running is reused and left running.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from urllib.parse import urlencode

import psycopg
import pytest
from django.db import connection
from django_scopes import scopes_disabled

from sanjian.lib.replica import PIN_COOKIE
from sanjian.org.models import UnitKind
from sanjian.testing import factories as f
from sanjian.testing.servers import ROOT, HttpClient, app_server, collect_static, database_url, server_env
from sanjian.windows.tokens import board_token, window_token

SCRIPT = ROOT / "tools" / "pg-replica"
REPLICA_PORT = os.environ.get("REPLICA_PORT", "5433")
LAG_ALLOWED = 30  # seconds: far above a loopback replica's lag, so only a broken replica fails


def _cannot_run() -> str:
    if os.geteuid() != 0:
        return "tools/pg-replica runs as root"
    if not shutil.which("pg_createcluster"):
        return "needs Debian's postgresql-common"
    return ""


@pytest.fixture(scope="module")
def replica_cluster():
    if reason := _cannot_run():
        pytest.skip(reason)
    env = {**os.environ, "REPLICA_PORT": REPLICA_PORT}
    running = subprocess.run([SCRIPT, "status"], env=env).returncode == 0
    if not running:
        subprocess.run([SCRIPT, "start"], env=env, check=True)
    yield
    if not running:
        subprocess.run([SCRIPT, "stop"], env=env, check=True)


def _replica(dbname: str) -> psycopg.Connection:
    return psycopg.connect(
        host="127.0.0.1", port=REPLICA_PORT, user="postgres", dbname=dbname, autocommit=True
    )


def _until(check, what: str) -> None:
    deadline = time.monotonic() + LAG_ALLOWED
    while not check():
        assert time.monotonic() < deadline, f"{what} not within {LAG_ALLOWED} s"
        time.sleep(0.1)


def _board_total(page: str, window: str) -> int:
    """The "ratings" column of the window's row on the board."""
    row = re.search(rf"<td>{window}.*?</tr>", page, re.S).group(0)
    cells = re.findall(r'<td class="text-end">([^<]*)</td>', row)
    return int(cells[1].replace(",", ""))


@pytest.mark.django_db(transaction=True)
def test_a_rating_on_the_primary_reaches_the_board_served_by_the_replica(replica_cluster, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica is PostgreSQL's")
    with scopes_disabled():
        community = f.CommunityFactory(slug="replica")
        window = f.UnitFactory(community=community, kind=UnitKind.WINDOW, name="复制窗口")
        rate, board = window_token(window), board_token(community, 1)
    dbname = connection.settings_dict["NAME"]
    replica = _replica(dbname)

    def replicated(sql: str, *params) -> bool:
        return replica.execute(sql, params).fetchone()[0]

    _until(
        lambda: replicated("select count(*) = 1 from org_unit where id = %s", window.pk),
        "the window on the replica",
    )
    replica_url = database_url().replace(f":{connection.settings_dict['PORT'] or 5432}/", f":{REPLICA_PORT}/")
    env = server_env(tmp_path, DATABASE_URL=database_url(), DATABASE_REPLICA_URL=replica_url)
    collect_static(env)
    with app_server(env) as port:
        tv, resident = HttpClient(port), HttpClient(port)
        board_path, rate_path = f"/c/replica/windows/board/{board}/", f"/c/replica/windows/r/{rate}/"
        status, page = tv.get(board_path)
        assert status == 200 and _board_total(page, "复制窗口") == 0

        replica.execute("select pg_wal_replay_pause()")
        try:
            _status, form = resident.get(rate_path)
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
            status, _text, _response = resident.request(
                "POST", rate_path, urlencode({"csrfmiddlewaretoken": csrf, "level": 5})
            )
            assert status == 303 and PIN_COOKIE in resident.cookies
            assert _board_total(tv.get(board_path)[1], "复制窗口") == 0  # the replica has not replayed it
            assert _board_total(resident.get(board_path)[1], "复制窗口") == 1  # read-after-write: the primary
        finally:
            replica.execute("select pg_wal_replay_resume()")
        _until(
            lambda: _board_total(tv.get(board_path)[1], "复制窗口") == 1, "the rating on the replica's board"
        )
    replica.close()
