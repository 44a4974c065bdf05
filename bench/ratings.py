"""Benchmark of the platform's hottest path, residents rating windows by QR code, beside the floor.

    .venv/bin/python bench/ratings.py [--seconds 12] [--rounds 4] [--connections 16,32]
        [--workers 3] [--servers gunicorn,granian] [--backends sqlite,postgres] [--client wrk|python]
        [--sizes 10000,1000000] [--pg-sizes 10000,10000000]

For SQLite (a fresh file) and PostgreSQL (``<BENCH_DB_PREFIX>windows_bench``, default prefix
``sanjian_``, dropped and made again; ``--pg-url`` names the server), it:

1. migrates, loads the demo, and starts the app and the floor (``bench/floor/``: a minimal
   Django project, one model, ``CommonMiddleware`` only, persistent connections, its own
   database on the same engine) under the same server with the same number of workers;
2. drives, with concurrent keep-alive clients (``wrk``, installed from Debian when missing and
   possible, else a Python asyncio client), three endpoints in alternating rounds so that the
   shared machine's load hits them alike: the floor's insert; the in-stack bare insert (a view
   of ``bench/urls.py`` behind the project's whole stack that inserts one rating row); and the
   rating endpoint itself (the QR page's POST: signed token, rate limits, validation, the
   rating, its rollup upsert and, for the 3 % bad ones, a ticket). Each figure is printed with
   its ratio to the floor's insert of the same run, server and worker count; the bare insert's
   ratio is the stack's cost. This is repeated for each server (gunicorn sync workers, granian
   WSGI with one blocking thread per worker) and each number of connections;
3. checks that the rollups still equal the ratings after the load;
4. fills the ratings table with each of ``--sizes`` ratings spread over a year (PostgreSQL:
   ``--pg-sizes``, loaded with COPY) and times the ranking page and the public TV board (p50
   and p99 of sequential requests), printing the growth from the smallest to the largest.

The machine's load average is printed beside every figure. Every server it starts is stopped
when it ends, also on Ctrl+C or an error. Figures go to the screen and to
bench/output/ratings.json. ``BENCH_PORTS=8100-8199`` keeps the servers within those ports.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import PYTHON, base_env, db_name, floor_database, loadavg, recreate_pg, serve  # noqa: E402

COMMUNITY = "yangyi"
# The level mix of a good canteen at lunch (levels 5…1): 3 % bad ratings open tickets.
LEVEL_MIX = [5] * 64 + [4] * 27 + [3] * 6 + [2] * 2 + [1]

LUA = r"""
local levels = {%(levels)s}
local counter = 0
function init(args)
  token, path, extra = args[1], args[2], args[3]
  math.randomseed(os.time() + tonumber(string.sub(tostring({}), -6), 16))
end
request = function()
  counter = counter + 1
  local ip = math.random(1, 223) .. "." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  local body = "csrfmiddlewaretoken=" .. token .. extra
  if extra == "" then
    local level = levels[math.random(#levels)]
    body = body .. "&level=" .. level
    if level <= 2 then body = body .. "&reason=efficiency" end
  end
  local headers = {}
  headers["X-Forwarded-For"] = ip
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = "csrftoken=" .. cookie
  return wrk.format("POST", path, headers, body)
end
"""


# --- Work done inside Django, in a child process with the backend's environment ---------------


def child(action: str, arg: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django_scopes import scopes_disabled

    if action == "setup":
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)  # as `make run` does: pages name hashed files
        with scopes_disabled():
            from sanjian.org.models import Unit
            from sanjian.windows.selectors import policy_for
            from sanjian.windows.tokens import board_token, window_token

            window = Unit.objects.get(community__slug=COMMUNITY, code="canteen-1")
            bare = Unit.objects.get(
                community__slug=COMMUNITY, code="canteen-8"
            )  # the bare inserts' own window
            print(
                json.dumps(
                    {
                        "window": window.pk,
                        "bare_window": bare.pk,
                        "token": window_token(window),
                        "board": board_token(window.community, policy_for(window.community).board_version),
                        "session": login_session(),
                    }
                )
            )
    elif action == "fill":
        started = time.perf_counter()
        with scopes_disabled(), transaction.atomic():
            _fill(connection, int(arg))
        filled = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        call_command("windows_rebuild_rollups", community=COMMUNITY, show=0, verbosity=0)
        rebuilt = round(time.perf_counter() - started, 2)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM windows_rating")
            count = cursor.fetchone()[0]
        print(json.dumps({"rebuild_seconds": rebuilt, "fill_seconds": filled, "ratings": count}))
    elif action == "check":
        from io import StringIO

        out = StringIO()
        try:
            call_command("windows_rebuild_rollups", "--check", community=COMMUNITY, show=0, stdout=out)
            print(json.dumps({"differences": 0}))
        except Exception:
            print(json.dumps({"differences": out.getvalue().strip()}))
    elif action == "count":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM windows_rating")
            count, last = cursor.fetchone()
            print(json.dumps({"ratings": count, "last": last}))
    elif action == "trim":  # the bare inserts' rows: they were never meant to be counted
        last, window = (int(x) for x in arg.split(","))
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM windows_rating WHERE id > %s AND window_id = %s", [last, window])
            print(json.dumps({"deleted": cursor.rowcount}))


def login_session(username: str = "secretary") -> str:
    """The key of a new logged-in session of ``username`` (no log-in form, no password)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _fill(connection, count: int) -> None:
    """Replace every rating of the demo community with ``count`` spread over the last year."""
    from sanjian.org.models import Unit
    from sanjian.tenancy.models import Community

    community = Community.objects.get(slug=COMMUNITY)
    windows = list(
        Unit.objects.filter(community=community, kind="window").order_by("pk").values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        for table in ("windows_appeal", "windows_ticket", "windows_rating", "windows_dailyrollup"):
            cursor.execute(f"DELETE FROM {table}")
    if connection.vendor == "postgresql":
        _copy(connection, community.pk, windows, count)
        return
    level = "CASE WHEN g % 20 < 13 THEN 5 WHEN g % 20 < 18 THEN 4 WHEN g % 20 = 18 THEN 3 ELSE 2 END"
    reason = "CASE WHEN g % 20 = 19 THEN 'other' ELSE '' END"
    moment = "datetime('now', '-' || (g % 365) || ' days', '-' || (g % 720) || ' minutes')"
    sql = f"""
        INSERT INTO windows_rating (community_id, window_id, level, reason, comment, phone, created_at, day, source, excluded)
        WITH RECURSIVE seq(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM seq WHERE g < %s)
        SELECT %s, w.id, {level}, {reason}, '', '', {moment}, date({moment}, '+8 hours'), 'qr', 0
        FROM seq JOIN bench_windows w ON w.i = seq.g % %s"""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_windows")
        cursor.execute("CREATE TEMPORARY TABLE bench_windows (i integer PRIMARY KEY, id bigint)")
        cursor.executemany("INSERT INTO bench_windows VALUES (%s, %s)", list(enumerate(windows)))
        cursor.execute(
            sql.replace(" % ", " %% "), [count, community.pk, len(windows)]
        )  # modulo, not a parameter
        cursor.execute("DROP TABLE bench_windows")


def _copy(connection, community_id: int, windows: list[int], count: int) -> None:
    """PostgreSQL: ``count`` ratings through COPY, in blocks of 100,000 lines."""
    import datetime

    from django.utils import timezone

    now = timezone.now()
    period = 365 * 144  # the moments repeat every lcm(365 days, 720 minutes) ratings: format each once
    moments = []
    for g in range(period):
        moment = now - datetime.timedelta(days=g % 365, minutes=g % 720)
        moments.append(f"{moment.isoformat()}\t{timezone.localdate(moment).isoformat()}")
    levels = ["5"] * 13 + ["4"] * 5 + ["3", "2"]
    reasons = [""] * 19 + ["other"]
    columns = "community_id, window_id, level, reason, comment, phone, created_at, day, source, excluded"
    raw = connection.connection  # psycopg's own connection, inside Django's transaction
    with raw.cursor() as cursor, cursor.copy(f"COPY windows_rating ({columns}) FROM STDIN") as copy:
        block = []
        for g in range(1, count + 1):
            block.append(
                f"{community_id}\t{windows[g % len(windows)]}\t{levels[g % 20]}\t{reasons[g % 20]}\t\t\t"
                f"{moments[g % period]}\tqr\tf\n"
            )
            if len(block) == 100_000:
                copy.write("".join(block))
                block = []
        copy.write("".join(block))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE windows_rating")


# --- The driver ------------------------------------------------------------------------------


def run_child(env: dict[str, str], action: str, arg: str = "", script: str = __file__) -> dict:
    """``script --child action arg`` in a process of its own; the JSON of its last line."""
    result = subprocess.run(
        [PYTHON, script, "--child", action, arg],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"{action} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


@contextmanager
def gunicorn(env: dict[str, str], workers: int):
    """The app under gunicorn on a loopback port (bench/pages.py); always stopped."""
    with serve("gunicorn", "sanjian.wsgi", env, workers, "/healthz") as base:
        yield base


def csrf(base: str, path: str) -> tuple[str, str]:
    """The CSRF cookie and a form token for it, as a resident's phone gets them with the page."""
    with urllib.request.urlopen(base + path) as response:
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
    return cookie, token


def ensure_wrk() -> str | None:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk from Debian…", flush=True)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, **quiet)
    return shutil.which("wrk")


def drive_wrk(
    base: str, path: str, cookie: str, token: str, extra: str, seconds: int, connections: int
) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        lua = LUA % {"levels": ", ".join(map(str, LEVEL_MIX))}
        script.write(lua.replace("function init(args)", f'cookie = "{cookie}"\nfunction init(args)'))
    try:
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                script.name,
                base + path,
                "--",
                token,
                path,
                extra,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    out = result.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2)


def drive_python(
    base: str, path: str, cookie: str, token: str, extra: str, seconds: int, connections: int
) -> dict:
    """A small asyncio HTTP/1.1 keep-alive load generator, for machines without wrk."""
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = 0

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            body = f"csrfmiddlewaretoken={token}{extra}"
            if not extra:
                level = random.choice(LEVEL_MIX)
                body += f"&level={level}" + ("&reason=efficiency" if level <= 2 else "")
            ip = ".".join(str(random.randint(1, 223)) for _i in range(4))
            request = (
                f"POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: csrftoken={cookie}\r\nX-Forwarded-For: {ip}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n{body}"
            )
            started = time.perf_counter()
            writer.write(request.encode())
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += status >= 400
        writer.close()

    async def run() -> None:
        await asyncio.gather(*(client() for _i in range(connections)))

    asyncio.run(run())
    latencies.sort()
    return {
        "requests": len(latencies),
        "per_second": round(len(latencies) / seconds, 1),
        "p50_ms": round(latencies[len(latencies) // 2], 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)], 2),
        "errors": errors,
    }


def page_latency(
    base: str,
    path: str,
    session: str = "",
    batches: int = 5,
    per_batch: int = 20,
    marker: str = "窗口排名",
    warm: int = 5,
) -> dict:
    """Sequential requests of a page (each must answer 200 with ``marker`` in it): p50 and p99
    of all, and the lowest batch median (the machine is shared: interference only ever adds
    time, so the best batch is the steadiest figure to compare two table sizes with)."""
    opener = urllib.request.build_opener()
    if session:
        opener.addheaders = [("Cookie", f"sessionid={session}")]
    url = base + path
    for _i in range(warm):  # warm every worker
        opener.open(url).read()
    times, medians = [], []
    for _batch in range(batches):
        batch = []
        for _i in range(per_batch):
            started = time.perf_counter()
            with opener.open(url) as response:
                assert response.status == 200 and marker.encode() in response.read()
            batch.append((time.perf_counter() - started) * 1000)
        medians.append(statistics.median(batch))
        times += batch
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 2),
        "best_batch_p50_ms": round(min(medians), 2),
    }


def backend_env(name: str, args: argparse.Namespace, data_dir: str) -> dict[str, str]:
    env = {
        **base_env(data_dir),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PROXY_COUNT": "1",  # the load generator sends each request from its own X-Forwarded-For address
    }
    if name == "postgres":
        env["DATABASE_URL"] = recreate_pg(args.pg_url, db_name("windows_bench"))
    return env


def _summary(runs: list[dict], per_round: int) -> dict:
    return {
        "per_second": round(sum(r["requests"] for r in runs) / (per_round * len(runs)), 1),
        "p50_ms": statistics.median(r["p50_ms"] for r in runs),
        "p99_ms": statistics.median(r["p99_ms"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "rounds_per_second": [r["per_second"] for r in runs],
        "load": [r["load"] for r in runs],
    }


def throughput(app: str, floor: str, setup: dict, args: argparse.Namespace, connections: int, drive) -> dict:
    """Floor insert, in-stack bare insert and rating, in alternating rounds (the order turns
    each round, so no endpoint always follows the same one)."""
    rate_path = f"/c/{COMMUNITY}/windows/r/{setup['token']}/"
    cookie, token = csrf(app, rate_path)
    targets = {
        "floor": (floor, "/insert/", "&window=1"),
        "bare": (app, f"/c/{COMMUNITY}/bench/insert/", f"&window={setup['bare_window']}"),
        "rating": (app, rate_path, ""),
    }
    for base, path, extra in targets.values():  # warm every worker
        drive(base, path, cookie, token, extra, 2, connections)
    per_round = max(2, args.seconds // args.rounds)
    order = list(targets)
    rounds: dict[str, list[dict]] = {what: [] for what in order}
    for n in range(args.rounds):
        for what in order[n % 3 :] + order[: n % 3]:
            load = loadavg()
            base, path, extra = targets[what]
            rounds[what].append(
                {**drive(base, path, cookie, token, extra, per_round, connections), "load": load}
            )
    result = {what: _summary(runs, per_round) for what, runs in rounds.items()}
    floor_rate = result["floor"]["per_second"]
    result["ratio"] = round(result["rating"]["per_second"] / floor_rate, 3)
    result["bare_ratio"] = round(result["bare"]["per_second"] / floor_rate, 3)
    return result


def bench_backend(name: str, args: argparse.Namespace, drive) -> dict:
    with (
        tempfile.TemporaryDirectory(prefix=f"sanjian-bench-{name}-") as data_dir,
        floor_database(name, args.pg_url) as floor_env,
    ):
        env = backend_env(name, args, data_dir)
        print(f"\n== {name}: migrate and load the demo (load {loadavg()})", flush=True)
        setup = run_child(env, "setup")
        result: dict = {"backend": name, "runs": {}}
        mark = run_child(env, "count")
        for server in args.servers.split(","):
            with (
                serve(server, "sanjian.wsgi", env, args.workers, "/healthz") as app,
                serve(server, "bench.floor.wsgi", floor_env, args.workers, "/hello/") as floor,
            ):
                for connections in (int(c) for c in args.connections.split(",")):
                    print(
                        f"   {server}, {connections} connections: {args.rounds} rounds each of the floor "
                        f"insert, the in-stack bare insert and the rating (load {loadavg()})…",
                        flush=True,
                    )
                    run = throughput(app, floor, setup, args, connections, drive)
                    result["runs"][f"{server} {connections}"] = run
                    report_run(f"{server} {connections}", run)
        written = run_child(env, "count")["ratings"] - mark["ratings"]
        trimmed = run_child(env, "trim", f"{mark['last']},{setup['bare_window']}")["deleted"]
        result["ratings_written"] = written - trimmed
        result["rollups_after_load"] = run_child(env, "check")["differences"]
        sizes = [int(s) for s in (args.pg_sizes if name == "postgres" else args.sizes).split(",") if s]
        if sizes:
            with serve(args.servers.split(",")[0], "sanjian.wsgi", env, args.workers, "/healthz") as app:
                for count in sizes:
                    print(f"   ranking page and board with {count:,} ratings (load {loadavg()})…", flush=True)
                    fill = run_child(env, "fill", str(count))
                    result[f"pages_{count}"] = {
                        "ranking": page_latency(app, f"/c/{COMMUNITY}/windows/", setup["session"]),
                        "board": page_latency(app, f"/c/{COMMUNITY}/windows/board/{setup['board']}/"),
                        "load": loadavg(),
                        **fill,
                    }
            result["sizes"] = sizes
    if name == "postgres":
        recreate_pg(args.pg_url, db_name("windows_bench"), drop_only=True)
    return result


def _line(label: str, r: dict, floor: float) -> str:
    return (
        f"    {label:<14}{r['per_second']:8.1f} /s {r['per_second'] / floor:6.0%}   p50 {r['p50_ms']:7.2f} ms   "
        f"p99 {r['p99_ms']:7.2f} ms   errors {r['errors']}"
    )


def report_run(label: str, run: dict) -> None:
    floor = run["floor"]["per_second"]
    print(f"  [{label}]  (per second, share of the floor insert)")
    print(_line("floor insert", run["floor"], floor))
    print(_line("bare insert", run["bare"], floor))
    print(_line("rating", run["rating"], floor))
    for what in ("floor", "bare", "rating"):
        print(f"    {what:<8} per round {run[what]['rounds_per_second']}  load {run[what]['load']}")
    print(
        f"    rating / floor insert {run['ratio']:.0%} (target ≥ 70 %), p99 {run['rating']['p99_ms']:.1f} ms "
        f"(target < 50 ms); stack: bare insert / floor insert {run['bare_ratio']:.0%}"
    )


def report(results: list[dict], client: str, args: argparse.Namespace) -> None:
    print(
        f"\nclient: {client}, {args.seconds} s per endpoint in {args.rounds} alternating rounds, "
        f"{args.workers} workers (gunicorn: sync; granian: WSGI, 1 blocking thread each)"
    )
    for r in results:
        print(f"\n[{r['backend']}]")
        for label, run in r["runs"].items():
            report_run(label, run)
        print(
            f"  ratings written {r['ratings_written']:,}; rollups differing from the ratings after the load: {r['rollups_after_load']}"
        )
        sizes = r.get("sizes", [])
        for count in sizes:
            p = r[f"pages_{count}"]
            print(
                f"  {count:>10,} ratings: ranking p50 {p['ranking']['p50_ms']:.2f} p99 {p['ranking']['p99_ms']:.2f} ms; "
                f"board p50 {p['board']['p50_ms']:.2f} p99 {p['board']['p99_ms']:.2f} ms "
                f"({p['ratings']:,} in the table, filled in {p['fill_seconds']} s, rollups rebuilt in {p['rebuild_seconds']} s; load {p['load']})"
            )
        if len(sizes) > 1:
            small, large = r[f"pages_{sizes[0]}"], r[f"pages_{sizes[-1]}"]
            for page in ("ranking", "board"):
                growth = large[page]["p99_ms"] / small[page]["p99_ms"]
                best = large[page]["best_batch_p50_ms"] / small[page]["best_batch_p50_ms"]
                print(
                    f"  {page} growth {sizes[0]:,} → {sizes[-1]:,}: p99 {growth:.2f}× (target < 2×), "
                    f"best batch p50 {best:.2f}×"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=12, help="per endpoint, split into rounds")
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating rounds: shared load hits all alike"
    )
    parser.add_argument("--connections", default="16,32")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--servers", default="gunicorn,granian")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--sizes", default="10000,1000000", help="ratings filled on SQLite; empty: none")
    parser.add_argument("--pg-sizes", default="10000,10000000", help="ratings filled on PostgreSQL")
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    client = "python"
    if args.client == "wrk" and ensure_wrk():
        client = "wrk"
    drive = drive_wrk if client == "wrk" else drive_python
    results = []
    for name in args.backends.split(","):
        results.append(bench_backend(name, args, drive))
        report(results[-1:], client, args)
    out = ROOT / "bench" / "output"
    out.mkdir(exist_ok=True)
    (out / "ratings.json").write_text(
        json.dumps({"client": client, "args": vars(args), "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
