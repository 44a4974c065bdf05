"""What one request costs inside one process, beside the floor: where the time goes.

    .venv/bin/python bench/request_cost.py [--requests 400] [--rounds 3] [--backends sqlite,postgres]
                                           [--profile rating] [--pg-url postgres://…]

Each request is a WSGI call on Django's own handler, exactly as gunicorn makes it, and its
response is closed, so the request signals run: connection set-up and clean-up (``CONN_MAX_AGE``,
PRAGMAs, the WAL checkpoint of a last close) count as they do in production. No server, no
client, no socket: these figures hardly move with the machine's load, unlike throughput.

For each backend, the app (demo loaded; ``bench.settings``) and the floor (``bench/floor/``)
run in alternating rounds, each in a fresh process: floor, app, floor, app… For every endpoint
it prints the median and mean time per request, the median CPU time of this process per
request (which the machine's load hardly moves: read it when the load is high), the statements
sent per request and the database connections opened per request:

* the floor: ``hello`` (Django alone) and ``insert`` (one INSERT);
* the stack: ``bench hello`` and ``bench insert`` (``bench/urls.py``), the same behind all the
  middleware, so ``stack overhead`` = bench insert − floor insert;
* the app: ``/healthz``, the dashboard and the ranking page (as the secretary), the QR rating
  POST (the canteen's level mix, each from its own address), the public TV board;
* ``limit counter``: the shared rate counter by itself (``lib.limits``, no request around it).

``--profile rating`` (or any endpoint's key) profiles that endpoint's requests in the app's last
round with pyinstrument (cProfile when it is missing) into ``bench/output/profile-<backend>-<key>.txt``.
Figures go to ``bench/output/request_cost.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import PYTHON, base_env, db_name, floor_database, loadavg, recreate_pg  # noqa: E402

COMMUNITY = "yangyi"
LEVEL_MIX = [5] * 64 + [4] * 27 + [3] * 6 + [2] * 2 + [1]
FLOOR = [("floor hello", "GET", "/hello/"), ("floor insert", "POST", "/insert/")]


def app_endpoints(setup: dict) -> list[tuple[str, str, str]]:
    c = COMMUNITY
    return [
        ("bench hello", "GET", f"/c/{c}/bench/hello/"),
        ("bench insert", "POST", f"/c/{c}/bench/insert/"),
        ("healthz", "GET", "/healthz"),
        ("rating", "POST", f"/c/{c}/windows/r/{setup['token']}/"),
        ("board", "GET", f"/c/{c}/windows/board/{setup['board']}/"),
        ("dashboard", "GET", f"/c/{c}/"),
        ("ranking page", "GET", f"/c/{c}/windows/"),
    ]


# --- Inside the timed process ----------------------------------------------------------------


class Caller:
    """Calls a WSGI application as a server does, and closes the response (request_finished)."""

    def __init__(self, application) -> None:
        self.application = application
        self.status = ""
        self.headers: list[tuple[str, str]] = []

    def __call__(self, method: str, path: str, *, body: str = "", cookies: str = "", ip: str = "") -> bytes:
        raw = body.encode()
        path, _sep, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(raw),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if raw:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(raw))
        if cookies:
            environ["HTTP_COOKIE"] = cookies
        if ip:
            environ["HTTP_X_FORWARDED_FOR"] = ip
        result = self.application(environ, self._start)
        try:
            return b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()

    def _start(self, status: str, headers: list, exc_info: object = None) -> None:
        self.status, self.headers = status, headers


def _address() -> str:
    return ".".join(str(random.randint(1, 223)) for _i in range(4))


def timed_child(kind: str, setup: dict, requests: int, profile: str) -> dict:
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.db.backends.signals import connection_created

    from bench.common import Counter

    application = get_wsgi_application()
    call = Caller(application)
    statements, opened = Counter(), [0]
    connection.execute_wrappers.append(statements)  # the list outlives a close and reconnect
    connection_created.connect(lambda **kw: opened.__setitem__(0, opened[0] + 1), weak=False)

    cookies, token = "", ""
    endpoints = FLOOR if kind == "floor" else app_endpoints(setup)
    if kind == "app":  # the CSRF cookie and form token a phone gets with the rating page
        page = call("GET", endpoints[3][2]).decode()
        found = [v.strip() for k, v in call.headers if k == "Set-Cookie" and "csrftoken=" in v]
        if not found:
            sys.exit(f"the rating page answered {call.status} with no CSRF cookie: {page[:500]}")
        cookie = found[0]
        cookies = cookie.split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    results = {}
    for key, method, path in endpoints:
        jar = cookies
        if key in ("dashboard", "ranking page"):
            jar = f"sessionid={setup['session']}"

        def body(key: str = key, method: str = method) -> str:
            if key == "rating":
                level = random.choice(LEVEL_MIX)
                return f"csrfmiddlewaretoken={token}&level={level}" + (
                    "&reason=efficiency" if level <= 2 else ""
                )
            if method == "POST":
                return f"csrfmiddlewaretoken={token}&window={setup.get('bare_window', 1)}"
            return ""

        expected = {"rating": "303", "floor insert": "201", "bench insert": "201"}.get(key, "200")
        for _i in range(20):  # warm: templates compiled, caches filled, connection open
            call(method, path, body=body(), cookies=jar, ip=_address())
        statements.count, opened[0] = 0, 0
        times, cpu, errors = [], [], 0
        for _i in range(requests):
            data, ip = body(), _address()
            started, started_cpu = time.perf_counter_ns(), time.process_time_ns()
            call(method, path, body=data, cookies=jar, ip=ip)
            times.append((time.perf_counter_ns() - started) / 1e6)
            cpu.append((time.process_time_ns() - started_cpu) / 1e6)
            errors += not call.status.startswith(expected)
        results[key] = {
            "median_ms": round(statistics.median(times), 3),
            "cpu_ms": round(statistics.median(cpu), 3),
            "mean_ms": round(statistics.fmean(times), 3),
            "statements": round(statements.count / requests, 2),
            "connections": round(opened[0] / requests, 2),
            "errors": errors,
        }
        if key == profile:
            results[key]["profile"] = _profile(
                lambda m=method, p=path, j=jar: call(m, p, body=body(), cookies=j, ip=_address()), requests
            )
    if kind == "app":
        results["limit counter"] = _limit_counter(requests, statements)
    return results


def _limit_counter(requests: int, statements) -> dict:
    """The shared rate counter alone (``lib.limits.count_in_window``, its own statement and
    commit, as the certificate check and the interface use it; the QR rating counts inside
    its own statement or transaction instead)."""
    try:
        from sanjian.lib.limits import count_in_window
    except ImportError:  # before the shared counters
        return {"median_ms": 0, "cpu_ms": 0, "mean_ms": 0, "statements": 0, "connections": 0, "errors": 0}
    for i in range(20):
        count_in_window(f"bench:warm:{i}", 3600)
    statements.count = 0
    times, cpu = [], []
    for _i in range(requests):
        key = f"bench:{_address()}"
        started, started_cpu = time.perf_counter_ns(), time.process_time_ns()
        count_in_window(key, 3600)
        times.append((time.perf_counter_ns() - started) / 1e6)
        cpu.append((time.process_time_ns() - started_cpu) / 1e6)
    return {
        "median_ms": round(statistics.median(times), 3),
        "cpu_ms": round(statistics.median(cpu), 3),
        "mean_ms": round(statistics.fmean(times), 3),
        "statements": round(statements.count / requests, 2),
        "connections": 0,
        "errors": 0,
    }


def _profile(request, requests: int) -> str:
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _i in range(requests):
            request()
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        return out.getvalue()
    profiler = Profiler(interval=0.0001)
    profiler.start()
    for _i in range(requests):
        request()
    profiler.stop()
    return profiler.output_text(unicode=True, color=False, show_all=False)


# --- The driver ------------------------------------------------------------------------------


def _child(env: dict[str, str], *args: str) -> dict:
    result = subprocess.run(
        [PYTHON, __file__, "--child", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"{args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_backend(backend: str, args: argparse.Namespace) -> dict:
    with (
        tempfile.TemporaryDirectory(prefix=f"sanjian-cost-{backend}-") as data_dir,
        floor_database(backend, args.pg_url) as floor_env,
    ):
        env = {**base_env(data_dir), "DJANGO_SETTINGS_MODULE": "bench.settings", "PROXY_COUNT": "1"}
        if backend == "postgres":
            env["DATABASE_URL"] = recreate_pg(args.pg_url, db_name("cost_bench"))
        print(f"\n== {backend}: migrate and load the demo (load {loadavg()})", flush=True)
        result = subprocess.run(
            [PYTHON, str(ROOT / "bench" / "ratings.py"), "--child", "setup", ""],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            sys.exit(result.stderr[-3000:])
        setup = json.loads(result.stdout.strip().splitlines()[-1])
        rounds: dict[str, list[dict]] = {}
        loads = []
        for n in range(args.rounds):
            last = n == args.rounds - 1
            for kind, kenv in (("floor", floor_env), ("app", env)):
                loads.append(loadavg())
                profile = args.profile if last and kind == "app" else ""
                figures = _child(kenv, kind, json.dumps(setup), str(args.requests), profile)
                for key, value in figures.items():
                    if "profile" in value:
                        out = ROOT / "bench" / "output" / f"profile-{backend}-{key.replace(' ', '-')}.txt"
                        out.parent.mkdir(exist_ok=True)
                        out.write_text(value.pop("profile"))
                        print(f"   profile of {key}: {out.relative_to(ROOT)}")
                    rounds.setdefault(key, []).append(value)
            print(f"   round {n + 1} of {args.rounds} done (load {loads[-1]})", flush=True)
        if backend == "postgres":
            recreate_pg(args.pg_url, db_name("cost_bench"), drop_only=True)
    summary = {
        key: {
            "median_ms": statistics.median(r["median_ms"] for r in runs),
            "best_median_ms": min(r["median_ms"] for r in runs),
            "cpu_ms": statistics.median(r["cpu_ms"] for r in runs),
            "mean_ms": statistics.median(r["mean_ms"] for r in runs),
            "statements": runs[-1]["statements"],
            "connections": runs[-1]["connections"],
            "errors": sum(r["errors"] for r in runs),
        }
        for key, runs in rounds.items()
    }
    summary["_load"] = loads
    return summary


def report(backend: str, s: dict, requests: int, rounds: int) -> None:
    print(
        f"\n[{backend}] {requests} requests per endpoint per round, {rounds} rounds (floor, app alternating); load {', '.join(s['_load'])}"
    )
    print(
        f"  {'endpoint':<14}{'median ms':>10}{'best':>8}{'mean ms':>10}{'cpu ms':>9}{'statements':>12}{'connects':>10}{'errors':>8}"
    )
    for key, r in s.items():
        if key.startswith("_"):
            continue
        print(
            f"  {key:<14}{r['median_ms']:>10.3f}{r['best_median_ms']:>8.3f}{r['mean_ms']:>10.3f}{r['cpu_ms']:>9.3f}"
            f"{r['statements']:>12.2f}{r['connections']:>10.2f}{r['errors']:>8}"
        )
    floor, bench = s["floor insert"], s["bench insert"]
    overhead = bench["median_ms"] - floor["median_ms"]
    print(
        f"  stack overhead (bench insert − floor insert): {overhead:.3f} ms median, "
        f"{bench['mean_ms'] - floor['mean_ms']:.3f} ms mean, {bench['cpu_ms'] - floor['cpu_ms']:.3f} ms of CPU "
        "(target ≤ 0.3 ms)"
    )
    print(
        f"  rating / floor insert: {s['rating']['median_ms'] / floor['median_ms']:.2f}× the time "
        f"({floor['median_ms'] / s['rating']['median_ms']:.0%} of the floor's rate, one process)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--profile", default="", help="an endpoint's key, e.g. rating")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, setup, requests, profile = args.child
        print(json.dumps(timed_child(kind, json.loads(setup), int(requests), profile)))
        return
    results = {}
    for backend in args.backends.split(","):
        results[backend] = bench_backend(backend, args)
        report(backend, results[backend], args.requests, args.rounds)
    out = ROOT / "bench" / "output"
    out.mkdir(exist_ok=True)
    (out / "request_cost.json").write_text(json.dumps({"args": vars(args), "results": results}, indent=2))


if __name__ == "__main__":
    main()
