"""Response times of the main pages, as the demo's secretary (and member, and committee) see them.

    .venv/bin/python bench/pages.py [--requests 30] [--workers 3] [--backends sqlite,postgres]

For SQLite (a fresh file) and PostgreSQL (database ``<BENCH_DB_PREFIX>pages_bench``, dropped and made
again), it migrates, loads the demo, starts the app under gunicorn on a loopback port with the
secretary's session, and requests each page sequentially (after warming every worker), printing
the median and 95th percentile in milliseconds and the page size. Sequential on purpose: it
measures what one person waits for a page, not throughput (bench/ratings.py does that). Then,
in one process through the WSGI handler, it counts the statements each page sends to the
database (target: every page p50 < 30 ms on the demo).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ratings import COMMUNITY, PYTHON, ROOT, gunicorn
from bench.servers import db_name, loadavg

PAGES = [  # (name, path, the demo login that opens it)
    ("dashboard", f"/c/{COMMUNITY}/", "secretary"),
    ("unit tree", f"/c/{COMMUNITY}/org/", "secretary"),
    ("people", f"/c/{COMMUNITY}/members/", "secretary"),
    ("branch life", f"/c/{COMMUNITY}/members/meetings/", "secretary"),
    ("window ranking", f"/c/{COMMUNITY}/windows/", "secretary"),
    ("assessment periods", f"/c/{COMMUNITY}/assessment/", "secretary"),
    ("dedication projects", f"/c/{COMMUNITY}/dedication/", "secretary"),
    ("volunteer board", f"/c/{COMMUNITY}/dedication/board/", "secretary"),
    ("my volunteer hours", f"/c/{COMMUNITY}/dedication/hours/", "member"),
    ("company overview", "/company/hankuang/", "company"),
]

SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username="{username}")
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print(s.session_key)
"""


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def environment(backend: str, data_dir: str, pg_url: str) -> dict[str, str]:
    env = {**os.environ, "SANJIAN_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if backend == "postgres":
        import psycopg

        with psycopg.connect(pg_url + "/postgres", autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {db_name('pages_bench')}")
            db.execute(f"CREATE DATABASE {db_name('pages_bench')}")
        env["DATABASE_URL"] = f"{pg_url}/{db_name('pages_bench')}"
    return env


def measure(base: str, session: str, path: str, requests: int, workers: int) -> dict:
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session}"), ("Accept-Language", "zh-CN")]
    for _i in range(workers * 2):
        opener.open(base + path).read()
    times, size = [], 0
    for _i in range(requests):
        started = time.perf_counter()
        with opener.open(base + path) as response:
            body = response.read()
            if response.status != 200:
                sys.exit(f"{path} answered {response.status}")
        times.append((time.perf_counter() - started) * 1000)
        size = len(body)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "kb": round(size / 1024, 1),
    }


def statements(sessions: dict[str, str]) -> dict[str, int]:
    """In this process (run with the backend's environment): statements per page, warmed."""
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from bench.common import Counter
    from bench.request_cost import Caller

    call, counter, counts = Caller(get_wsgi_application()), Counter(), {}
    connection.execute_wrappers.append(counter)
    for name, path, who in PAGES:
        cookie = f"sessionid={sessions[who]}"
        call("GET", path, cookies=cookie)
        counter.count = 0
        call("GET", path, cookies=cookie)
        if not call.status.startswith("200"):
            sys.exit(f"{path} answered {call.status}")
        counts[name] = counter.count
    return counts


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(statements(json.loads(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    results: dict[str, dict] = {}
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory(prefix="sanjian-pages-") as data_dir:
            env = environment(backend, data_dir, args.pg_url)
            started = time.perf_counter()
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "load_demo", "-v", "0")
            setup = time.perf_counter() - started
            sessions = {
                who: manage(env, "shell", "-c", SESSION.format(username=who)).strip().splitlines()[-1]
                for who in {who for _name, _path, who in PAGES}
            }
            with gunicorn(env, args.workers) as base:
                results[backend] = {
                    name: measure(base, sessions[who], path, args.requests, args.workers)
                    for name, path, who in PAGES
                }
            counted = subprocess.run(
                [PYTHON, __file__, "--child", json.dumps(sessions)],
                env={**env, "DJANGO_SETTINGS_MODULE": "sanjian.settings"},
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if counted.returncode:
                sys.exit(counted.stderr[-3000:])
            for name, count in json.loads(counted.stdout.strip().splitlines()[-1]).items():
                results[backend][name]["statements"] = count
            print(f"{backend}: migrate + load_demo {setup:.1f} s")
    print(f"(load {loadavg()}; target: p50 < 30 ms)")
    print(
        f"\n{'page':<22}"
        + "".join(f"{b + ' p50/p95 ms':>24}{'statements':>11}" for b in results)
        + f"{'KB':>8}"
    )
    for name, _path, _who in PAGES:
        cells = "".join(
            f"{results[b][name]['p50_ms']:>14} / {results[b][name]['p95_ms']:<7}{results[b][name]['statements']:>11}"
            for b in results
        )
        print(f"{name:<22}{cells}{next(iter(results.values()))[name]['kb']:>8}")
    out = ROOT / "bench" / "output"
    out.mkdir(exist_ok=True)
    (out / "pages.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
