"""On the embedded default a worker keeps its SQLite connection across requests, replaces one
that broke, and leaves checkpointing the WAL to a background thread.

Each test runs a fresh process on a SQLite file (the suite's own database is in memory) and
calls the WSGI handler as gunicorn does, response closed, so the request signals run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

CALL = """
import io, json, sys, time
import django
django.setup()
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.db.backends.signals import connection_created

app = get_wsgi_application()
opened = []
connection_created.connect(lambda **kw: opened.append(1), weak=False)

def get(path):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
               "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
    status = []
    result = app(environ, lambda s, h, e=None: status.append(s))
    b"".join(result)
    result.close()  # request_finished: where CONN_MAX_AGE closes, or keeps, the connection
    return int(status[0].split()[0])
"""


def _run(tmp_path: Path, code: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(SANJIAN_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="sanjian.settings", LOG_LEVEL="ERROR")
    result = subprocess.run(
        [sys.executable, "-c", CALL + code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_connection_serves_many_requests(tmp_path):
    out = _run(
        tmp_path,
        "print(json.dumps({'statuses': [get('/healthz') for _ in range(50)], 'opened': len(opened)}))",
    )
    assert out["statuses"] == [200] * 50
    assert out["opened"] == 1  # the PRAGMAs ran once, and no request closed the database


def test_a_killed_connection_is_replaced_at_the_next_request(tmp_path):
    code = """
first = get('/healthz')
connection.connection.close()  # broken underneath Django, as a crash of the handle would leave it
second = get('/healthz')
third = get('/healthz')
print(json.dumps({'statuses': [first, second, third], 'opened': len(opened)}))
"""
    out = _run(tmp_path, code)
    assert out["statuses"] == [200, 200, 200]
    assert out["opened"] == 2


def test_the_wal_is_checkpointed_in_the_background_not_by_requests(tmp_path):
    code = """
import os
get('/healthz')
db = str(connection.settings_dict['NAME'])
with connection.cursor() as c:
    c.execute('CREATE TABLE filler (x TEXT)')
    c.executemany('INSERT INTO filler VALUES (%s)', [('x' * 1000,) for _ in range(500)])
before = os.path.getsize(db)
time.sleep(3)  # the checkpoint thread runs every second
after = os.path.getsize(db)
print(json.dumps({'before': before, 'after': after, 'open': connection.connection is not None}))
"""
    out = _run(tmp_path, code)
    assert out["open"]  # nothing was closed: the rows reached the file through the checkpoint
    assert out["after"] > out["before"] + 400_000
