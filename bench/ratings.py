"""Benchmark of the platform's hottest path: residents rating windows by QR code.

    .venv/bin/python bench/ratings.py [--seconds 15] [--connections 16] [--workers 3]
                                      [--backends sqlite,postgres] [--client wrk|python]

For SQLite (a fresh file) and PostgreSQL (database ``sanjian_windows_bench``, dropped and made
again; ``--pg-url`` names the server), it:

1. migrates, loads the demo and starts the app under gunicorn on a loopback port;
2. drives, for a fixed time with concurrent keep-alive clients (``wrk``, installed from Debian
   when missing and possible, else a Python asyncio client), first a bare Django view that
   inserts one row into the ratings table, then the rating endpoint itself (the QR page's POST:
   signed token, rate limits, validation, the rating, its rollup upsert and, for the 3 % bad
   ones, a ticket) and prints ratings/s, p50 and p99 latency and the ratio to the bare insert;
3. checks that the rollups still equal the ratings after the load;
4. fills the ratings table with 10,000 and then 1,000,000 ratings spread over a year and times
   the ranking page (p50 and p99 of sequential requests), printing the ratio.

Every server it starts is stopped when it ends, also on Ctrl+C or an error. Figures go to the
screen and to bench/output/ratings.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
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
            from sanjian.windows.tokens import window_token

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
                        "session": _session(),
                    }
                )
            )
    elif action == "fill":
        with scopes_disabled(), transaction.atomic():
            _fill(connection, int(arg))
        started = time.perf_counter()
        call_command("windows_rebuild_rollups", community=COMMUNITY, show=0, verbosity=0)
        print(json.dumps({"rebuild_seconds": round(time.perf_counter() - started, 2)}))
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


def _session() -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username="secretary")
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
        cursor.execute("DROP TABLE IF EXISTS bench_windows")
        cursor.execute("CREATE TEMPORARY TABLE bench_windows (i integer PRIMARY KEY, id bigint)")
        cursor.executemany("INSERT INTO bench_windows VALUES (%s, %s)", list(enumerate(windows)))
        level = "CASE WHEN g % 20 < 13 THEN 5 WHEN g % 20 < 18 THEN 4 WHEN g % 20 = 18 THEN 3 ELSE 2 END"
        reason = "CASE WHEN g % 20 = 19 THEN 'other' ELSE '' END"
        if connection.vendor == "postgresql":
            moment = "now() - make_interval(days => g % 365, mins => g % 720)"
            sql = f"""
                INSERT INTO windows_rating (community_id, window_id, level, reason, comment, phone, created_at, day, source, excluded)
                SELECT %s, w.id, {level}, {reason}, '', '', {moment}, (({moment}) AT TIME ZONE 'Asia/Shanghai')::date, 'qr', false
                FROM generate_series(1, %s) g JOIN bench_windows w ON w.i = g % %s"""
        else:
            moment = "datetime('now', '-' || (g % 365) || ' days', '-' || (g % 720) || ' minutes')"
            sql = f"""
                INSERT INTO windows_rating (community_id, window_id, level, reason, comment, phone, created_at, day, source, excluded)
                WITH RECURSIVE seq(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM seq WHERE g < %s)
                SELECT %s, w.id, {level}, {reason}, '', '', {moment}, date({moment}, '+8 hours'), 'qr', 0
                FROM seq JOIN bench_windows w ON w.i = seq.g % %s"""
        params = (
            [community.pk, count, len(windows)]
            if connection.vendor == "postgresql"
            else [count, community.pk, len(windows)]
        )
        cursor.execute(sql.replace(" % ", " %% "), params)  # modulo, not a parameter
        cursor.execute("DROP TABLE bench_windows")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE windows_rating")


# --- The driver ------------------------------------------------------------------------------


def run_child(env: dict[str, str], action: str, arg: str = "") -> dict:
    result = subprocess.run(
        [PYTHON, __file__, "--child", action, arg],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"{action} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int):
    """The app under gunicorn on a loopback port; always stopped, with its whole process group."""
    port = free_port()
    process = subprocess.Popen(
        [
            GUNICORN,
            "sanjian.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _i in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None:
                    sys.exit("gunicorn did not start")
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


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


def ranking_latency(base: str, session: str, batches: int = 5, per_batch: int = 20) -> dict:
    """Sequential requests of the ranking page: p50 and p99 of all, and the lowest batch median
    (the machine is shared: interference only ever adds time, so the best batch is the steadiest
    figure to compare two table sizes with)."""
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session}")]
    url = f"{base}/c/{COMMUNITY}/windows/"
    for _i in range(5):  # warm every worker
        opener.open(url).read()
    times, medians = [], []
    for _batch in range(batches):
        batch = []
        for _i in range(per_batch):
            started = time.perf_counter()
            with opener.open(url) as response:
                assert response.status == 200 and "窗口排名".encode() in response.read()
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
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "SANJIAN_DATA_DIR": data_dir,
        "PROXY_COUNT": "1",  # the load generator sends each request from its own X-Forwarded-For address
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if name == "postgres":
        import psycopg

        with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as db:
            db.execute("DROP DATABASE IF EXISTS sanjian_windows_bench")
            db.execute("CREATE DATABASE sanjian_windows_bench")
        env["DATABASE_URL"] = args.pg_url + "/sanjian_windows_bench"
    return env


def bench_backend(name: str, args: argparse.Namespace, drive) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"sanjian-bench-{name}-") as data_dir:
        env = backend_env(name, args, data_dir)
        print(f"\n== {name}: migrate and load the demo", flush=True)
        setup = run_child(env, "setup")
        result: dict = {"backend": name}
        with gunicorn(env, args.workers) as base:
            rate_path = f"/c/{COMMUNITY}/windows/r/{setup['token']}/"
            cookie, token = csrf(base, rate_path)
            bare_path = f"/c/{COMMUNITY}/bench/insert/"
            bare_extra = f"&window={setup['bare_window']}"
            mark = run_child(env, "count")
            drive(base, bare_path, cookie, token, bare_extra, 2, args.connections)  # warm-up
            drive(base, rate_path, cookie, token, "", 2, args.connections)
            rounds = {"bare": [], "rating": []}
            per_round = max(2, args.seconds // args.rounds)
            print(
                f"   {args.rounds} rounds of {per_round} s each, alternating bare insert and rating…",
                flush=True,
            )
            for n in range(args.rounds):
                order = ["bare", "rating"] if n % 2 == 0 else ["rating", "bare"]
                for what in order:
                    path, extra = (bare_path, bare_extra) if what == "bare" else (rate_path, "")
                    rounds[what].append(drive(base, path, cookie, token, extra, per_round, args.connections))
            for what, runs in rounds.items():
                result[what] = {
                    "per_second": round(sum(r["requests"] for r in runs) / (per_round * len(runs)), 1),
                    "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                    "p99_ms": statistics.median(r["p99_ms"] for r in runs),
                    "errors": sum(r["errors"] for r in runs),
                    "rounds_per_second": [r["per_second"] for r in runs],
                }
            written = run_child(env, "count")["ratings"] - mark["ratings"]
            trimmed = run_child(env, "trim", f"{mark['last']},{setup['bare_window']}")["deleted"]
            result["ratio"] = round(result["rating"]["per_second"] / result["bare"]["per_second"], 3)
            result["ratings_written"] = written - trimmed
            result["rollups_after_load"] = run_child(env, "check")["differences"]
            for count in (10_000, 1_000_000):
                print(f"   ranking page with {count:,} ratings…", flush=True)
                fill = run_child(env, "fill", str(count))
                result[f"ranking_{count}"] = {**ranking_latency(base, setup["session"]), **fill}
        small, large = result["ranking_10000"], result["ranking_1000000"]
        result["ranking_ratio"] = round(large["p50_ms"] / small["p50_ms"], 3)
        result["ranking_ratio_best_batch"] = round(large["best_batch_p50_ms"] / small["best_batch_p50_ms"], 3)
    if name == "postgres":
        import psycopg

        with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as db:
            db.execute("DROP DATABASE IF EXISTS sanjian_windows_bench")
    return result


def report(results: list[dict], client: str, args: argparse.Namespace) -> None:
    print(
        f"\nclient: {client}, {args.connections} connections, {args.seconds} s per endpoint in "
        f"{args.rounds} alternating rounds, gunicorn {args.workers} sync workers"
    )
    for r in results:
        bare, rating = r["bare"], r["rating"]
        print(f"\n[{r['backend']}]")
        print(
            f"  bare insert    {bare['per_second']:8.1f} /s   p50 {bare['p50_ms']:7.2f} ms   p99 {bare['p99_ms']:7.2f} ms   errors {bare['errors']}"
        )
        print(
            f"  rating submit  {rating['per_second']:8.1f} /s   p50 {rating['p50_ms']:7.2f} ms   p99 {rating['p99_ms']:7.2f} ms   errors {rating['errors']}"
        )
        print(f"  per round (/s): bare {bare['rounds_per_second']}, rating {rating['rounds_per_second']}")
        print(f"  ratio rating / bare insert: {r['ratio']:.0%} (target ≥ 70%)")
        print(
            f"  ratings written {r['ratings_written']:,}; rollups differing from the ratings after the load: {r['rollups_after_load']}"
        )
        small, large = r["ranking_10000"], r["ranking_1000000"]
        print(
            f"  ranking page  10,000 ratings: p50 {small['p50_ms']:.2f} ms, p99 {small['p99_ms']:.2f} ms, "
            f"best batch p50 {small['best_batch_p50_ms']:.2f} ms"
        )
        print(
            f"  ranking page 1,000,000 ratings: p50 {large['p50_ms']:.2f} ms, p99 {large['p99_ms']:.2f} ms, "
            f"best batch p50 {large['best_batch_p50_ms']:.2f} ms (rollups rebuilt in {large['rebuild_seconds']} s)"
        )
        print(
            f"  ratio 1,000,000 / 10,000: {r['ranking_ratio']:.2f}× of the p50s, "
            f"{r['ranking_ratio_best_batch']:.2f}× of the best batch medians (target ≤ 1.5×)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15, help="per endpoint, split into rounds")
    parser.add_argument(
        "--rounds", type=int, default=5, help="alternating rounds: shared load hits both alike"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgres")
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
