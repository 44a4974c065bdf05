"""Scale-out bench: QR rating submissions per second through nginx with 1, 2 and 4 app instances.

Each instance is one granian process with one worker (as ``deploy/sanjian@.service`` with
``--workers 1``), all on one PostgreSQL database and Redis (rate counters, kept-row news). The
floor (``bench/floor/``, minimal Django, its one-row insert) runs as many instances. One nginx
process fronts them all, a port per (app or floor, instance count), round robin over the first N
instances: the same processes serve every count, and the proxy is the same for app and floor.
Rounds go over the counts in turn, alternating floor and app, so a change in the machine's load
falls on every count alike. Each round also records the CPU the instances took (cores) and how
busy the whole machine was, and the run ends with what bounded the scaling (the machine's CPU,
the instances, or what they wait on). After the load: resident memory of every instance. Then,
optionally (``--sizes``), the TV board's p50/p99 through nginx with the ratings table filled to
each size.

    BENCH_DB_PREFIX=scale_ BENCH_PORTS=8070-8079 .venv/bin/python bench/scale.py --seconds 10 --rounds 4

With ``--group 10000,10000000`` it measures a whole mining group instead, once per size: a
fresh PostgreSQL database (a copy of ``<prefix>group_template``, migrated once and kept for the
next run: drop it when done, disks are shared) filled by ``manage.py generate_group`` (100 communities of 20 windows
and 1,000 people, a year of that many ratings; time, rows a second, database size), then
through nginx the TV board and the dashboard of one community and the company page of all 100
(p50/p99, and their growth from the first size), the resident memory of the instance, and the
work summary of every community of the company (Word, as the committee downloads them: the
time of all 100 against 100 times one community's, the baseline).

    BENCH_DB_PREFIX=scale_ BENCH_PORTS=8070-8079 .venv/bin/python bench/scale.py --group 10000,1000000

Prints one line per figure and the JSON of the whole run at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ratings import (
    COMMUNITY,
    backend_env,
    csrf,
    drive_wrk,
    ensure_wrk,
    login_session,
    page_latency,
    run_child,
)
from bench.servers import (
    base_env,
    db_name,
    floor_database,
    free_port,
    loadavg,
    recreate_pg,
    serve,
)

GROUP = "group"  # the generated company's slug

NGINX = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log error;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{blocks}
}}
"""
BLOCK = """\
    upstream {name} {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://{name};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
"""


@contextmanager
def nginx_front(upstreams: dict[str, list[str]]) -> Iterator[dict[str, str]]:
    """One nginx (one worker process) with a port per upstream, round robin over its servers;
    yields upstream name → base URL. The app and the floor, at every instance count, go through
    this one process, so the proxy's cost and its share of the CPU are the same for all."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory(prefix="sanjian-bench-nginx-") as work:
        ports: dict[str, int] = {}
        for name in upstreams:
            ports[name] = free_port(set(ports.values()))
        blocks = "".join(
            BLOCK.format(
                name=name,
                port=ports[name],
                servers="\n".join(f"        server {b.removeprefix('http://')};" for b in bases),
            )
            for name, bases in upstreams.items()
        )
        conf = Path(work) / "nginx.conf"
        conf.write_text(NGINX.format(dir=work, blocks=blocks))
        process = subprocess.Popen(
            [binary, "-p", work, "-c", str(conf), "-e", f"{work}/error.log"], start_new_session=True
        )
        bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        try:
            for base in bases.values():
                for _ in range(100):
                    try:
                        urllib.request.urlopen(base + "/healthz", timeout=2)
                        break
                    except urllib.error.HTTPError:
                        break  # nginx answers (the floor has no /healthz)
                    except OSError:
                        time.sleep(0.1)
            yield bases
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextmanager
def nginx(bases: list[str]) -> Iterator[str]:
    """nginx round robin over ``bases``; yields its base URL."""
    with nginx_front({"app": bases}) as front:
        yield front["app"]


def _pids(port: int) -> list[int]:
    """The granian processes serving ``port``: the main one, then its workers."""
    mains = []
    for stat in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if f"--port\0{port}\0" in stat.read_text():
                mains.append(int(stat.parent.name))
        except OSError:
            continue
    pids = list(mains)  # a worker's command line names the port too: counted once below
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) in mains and int(stat.parent.name) not in pids:
            pids.append(int(stat.parent.name))
    return pids


def rss_mb(port: int) -> list[float]:
    """Resident memory (MB) of the granian processes serving ``port``: the main one, then each worker."""
    sizes = []
    for pid in _pids(port):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        sizes.append(round(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024, 1))
    return sizes


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) the processes have used so far."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def machine_ticks() -> tuple[int, int]:
    """(busy, all) CPU ticks of the whole machine so far (``/proc/stat``)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def timed_load(base: str, path: str, cookie: str, token: str, extra: str, args, pids: list[int]) -> dict:
    """One wrk round, with the CPU the instances took and how busy the whole machine was."""
    load, app_before, (busy_before, all_before) = loadavg(), cpu_seconds(pids), machine_ticks()
    started = time.perf_counter()
    result = drive_wrk(base, path, cookie, token, extra, args.seconds, args.connections)
    wall = time.perf_counter() - started
    busy, every = machine_ticks()
    return {
        **result,
        "load": load,
        "instances_cores": round((cpu_seconds(pids) - app_before) / wall, 2),
        "machine_busy": round((busy - busy_before) / max(every - all_before, 1), 3),
    }


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def run(args: argparse.Namespace) -> dict:
    """Every instance count measured on the same processes in interleaved rounds.

    The most instances asked for are started once (and as many floor instances); one nginx
    gives each count an upstream of the first N of them. Rounds go over the counts in turn
    (forwards, then backwards) and alternate floor and app inside each, so a change of the
    machine's load during the run touches every count alike, instead of one count's rounds
    getting a quiet minute and another's a busy one."""
    counts = sorted({int(n) for n in args.instances.split(",")})
    results: dict = {"instances": {}, "load_start": loadavg()}
    with (
        tempfile.TemporaryDirectory(prefix="sanjian-bench-scale-") as data_dir,
        floor_database("postgres", args.pg_url) as floor_env,
    ):
        env = {
            **backend_env("postgres", args, data_dir),
            "REDIS_URL": args.redis_url,
            # wrk's X-Forwarded-For (a resident's address) + the one nginx adds.
            "PROXY_COUNT": "2",
        }
        print(f"migrate and load the demo (load {loadavg()})", flush=True)
        setup = run_child(env, "setup")
        rate_path = f"/c/{COMMUNITY}/windows/r/{setup['token']}/"
        with ExitStack() as stack:
            apps = [
                stack.enter_context(serve("granian", "sanjian.wsgi", env, 1, "/healthz"))
                for _ in range(counts[-1])
            ]
            floors = [
                stack.enter_context(serve("granian", "bench.floor.wsgi", floor_env, 1, "/hello/"))
                for _ in range(counts[-1])
            ]
            front = stack.enter_context(
                nginx_front({f"app{k}": apps[:k] for k in counts} | {f"floor{k}": floors[:k] for k in counts})
            )
            pids = {
                what: [pid for base in bases for pid in _pids(int(base.rsplit(":", 1)[1]))]
                for what, bases in (("rating", apps), ("floor", floors))
            }
            most = counts[-1]
            cookie, token = csrf(front[f"app{most}"], rate_path)
            drive_wrk(front[f"app{most}"], rate_path, cookie, token, "", 3, args.connections)  # warm each
            drive_wrk(front[f"floor{most}"], "/insert/", cookie, token, "&window=1", 3, args.connections)
            rounds = {k: {"floor": [], "rating": []} for k in counts}
            for n in range(args.rounds):
                for k in counts if n % 2 == 0 else counts[::-1]:
                    for what in ("floor", "rating") if n % 2 == 0 else ("rating", "floor"):
                        base, path, extra = (
                            (front[f"floor{k}"], "/insert/", "&window=1")
                            if what == "floor"
                            else (front[f"app{k}"], rate_path, "")
                        )
                        rounds[k][what].append(timed_load(base, path, cookie, token, extra, args, pids[what]))
                print(f"round {n + 1} of {args.rounds} done (load {loadavg()})", flush=True)
            memory = [rss_mb(int(a.rsplit(":", 1)[1])) for a in apps]
        for k in counts:
            summary = {
                what: {
                    "per_second": round(sum(r["requests"] for r in runs) / (args.seconds * len(runs)), 1),
                    "p99_ms": _median([r["p99_ms"] for r in runs]),
                    "errors": sum(r["errors"] for r in runs),
                    "rounds": [r["per_second"] for r in runs],
                    "instances_cores": _median([r["instances_cores"] for r in runs]),
                    "machine_busy": _median([r["machine_busy"] for r in runs]),
                    "load": [r["load"] for r in runs],
                }
                for what, runs in rounds[k].items()
            }
            summary["ratio_to_floor"] = round(
                summary["rating"]["per_second"] / summary["floor"]["per_second"], 3
            )
            summary["rss_mb_per_instance"] = memory[:k]
            results["instances"][k] = summary
            one = results["instances"][counts[0]]
            rating, floor = summary["rating"], summary["floor"]
            print(
                f"{k} instance(s): rating {rating['per_second']:7.1f}/s "
                f"(×{rating['per_second'] / one['rating']['per_second']:.2f} of {counts[0]}, "
                f"{summary['ratio_to_floor']:.0%} of the floor's {floor['per_second']:.1f}/s, "
                f"floor ×{floor['per_second'] / one['floor']['per_second']:.2f}), "
                f"p99 {rating['p99_ms']} ms, errors {rating['errors']} (floor {floor['errors']}); the instances used "
                f"{rating['instances_cores']} cores, the machine was {rating['machine_busy']:.0%} busy; "
                f"RSS per instance (main, worker) {memory[:k]} MB; load {rating['load']}",
                flush=True,
            )
        results["bound"] = bound(results["instances"], counts)
        print(results["bound"], flush=True)
        for size in (int(s) for s in args.sizes.split(",") if s):
            fill = run_child(env, "fill", str(size))
            with serve("granian", "sanjian.wsgi", env, 1, "/healthz") as direct, nginx([direct]) as app:
                board = page_latency(app, f"/c/{COMMUNITY}/windows/board/{setup['board']}/")
            results[f"board_{size}"] = {**board, **fill, "load": loadavg()}
            print(
                f"board with {size:,} ratings: p50 {board['p50_ms']} ms, p99 {board['p99_ms']} ms (load {loadavg()})",
                flush=True,
            )
        results["rollups_after_load"] = run_child(env, "check")["differences"]
    recreate_pg(args.pg_url, db_name("windows_bench"), drop_only=True)
    return results


def bound(measured: dict, counts: list[int]) -> str:
    """What held the scaling back, from the figures: the machine's CPU (busy ~100 % while the
    instances took less than a core each), the instances (each a whole core, the machine not),
    or something they wait on (PostgreSQL's commits, Redis, nginx)."""
    k = next((c for c in counts if c > counts[0]), counts[0])
    rating = measured[k]["rating"]
    busy, cores = rating["machine_busy"], rating["instances_cores"]
    cpus = os.cpu_count() or 1
    if busy >= 0.9:
        what = (
            f"the machine's CPU: {busy:.0%} of its {cpus} cores busy, the {k} instances got {cores} of them"
        )
    elif cores >= 0.8 * k:
        what = f"the instances themselves: {cores} cores for {k} instances, the machine {busy:.0%} busy"
    else:
        what = (
            f"neither the CPU ({busy:.0%} busy) nor the instances ({cores} cores for {k}): "
            "what they wait on (PostgreSQL's commits, Redis, nginx)"
        )
    return f"with {k} instances the bound was {what}"


def group_child(action: str, arg: str) -> None:
    """In a child process on the group's database: one step, its figures as JSON on stdout."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scopes_disabled

    if action == "migrate":
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        print(json.dumps({}))
    elif action == "generate":
        started = time.perf_counter()
        call_command(
            "generate_group",
            *f"--communities 100 --windows 20 --people 1000 --ratings {arg} --company {GROUP}".split(),
            stdout=sys.stderr,
        )
        seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_database_size(current_database()), "
                "(SELECT SUM(pg_total_relation_size(inhrelid)) FROM pg_inherits "
                "WHERE inhparent = 'windows_rating'::regclass), "
                "(SELECT SUM(n_live_tup) FROM pg_stat_user_tables)"
            )
            database, ratings, rows = cursor.fetchone()
        print(
            json.dumps(
                {
                    "seconds": round(seconds, 1),
                    "ratings_per_second": round(int(arg) / seconds),
                    "rows": int(rows),
                    "database_mb": round(database / 2**20),
                    "ratings_mb": round(int(ratings or 0) / 2**20),
                }
            )
        )
    elif action == "sessions":
        from sanjian.tenancy.models import Community
        from sanjian.windows.selectors import policy_for
        from sanjian.windows.tokens import board_token

        with scopes_disabled():
            community = Community.objects.get(slug=f"{GROUP}-001")
            board = board_token(community, policy_for(community).board_version)
        print(
            json.dumps(
                {
                    "slug": community.slug,
                    "name": community.name,
                    "company": community.company.name,
                    "board": board,
                    "secretary": login_session(f"{community.slug}-secretary"),
                    "admin": login_session(f"{GROUP}-admin"),
                }
            )
        )
    elif action == "summaries":
        from django.utils import timezone, translation

        from sanjian.lib.dates import Month
        from sanjian.reports import documents
        from sanjian.tenancy.models import Community

        last = Month.current()
        first = Month(last.year, 1)
        communities = list(Community.objects.filter(company__slug=GROUP).order_by("slug"))
        times = []
        with translation.override("zh-hans"):
            for community in [communities[0], *communities]:  # the first twice: warm, then counted
                started = time.perf_counter()
                size = len(documents.as_docx(documents.summary_document(community, first.start, last.end)))
                times.append(time.perf_counter() - started)
        one = times[1]
        print(
            json.dumps(
                {
                    "communities": len(communities),
                    "all_seconds": round(sum(times[1:]), 2),
                    "one_seconds": round(one, 3),
                    "ratio_to_100_times_one": round(sum(times[1:]) / (one * len(communities)), 2),
                    "last_docx_bytes": size,
                    "period": f"{first}–{last}",
                    "at": timezone.now().isoformat(timespec="seconds"),
                }
            )
        )


def _group_step(env: dict[str, str], action: str, arg: str = "") -> dict:
    return run_child(env, action, arg, script=__file__)


def _clone(pg_url: str, template: str, name: str) -> str:
    """A fresh database ``name`` copied from the migrated ``template`` (seconds, not a migration)."""
    import psycopg

    recreate_pg(pg_url, name, drop_only=True)
    with psycopg.connect(pg_url + "/postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return f"{pg_url}/{name}"


def run_group(args: argparse.Namespace) -> dict:
    """The group at each size of ``--group``: generation, pages through nginx, summaries."""
    import psycopg

    results: dict = {"load_start": loadavg(), "sizes": {}}
    name, template = db_name("group_bench"), db_name("group_template")
    with (
        tempfile.TemporaryDirectory(prefix="sanjian-bench-group-") as data_dir,
        psycopg.connect(args.pg_url + "/postgres", autocommit=True) as db,
    ):
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone() is None:
            db.execute(f'CREATE DATABASE "{template}"')
        env = {
            **base_env(data_dir),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PROXY_COUNT": "1",
            "DATABASE_URL": f"{args.pg_url}/{template}",
            "REDIS_URL": args.redis_url,
        }
        print(f"migrate the template database and collect the static files (load {loadavg()})", flush=True)
        _group_step(env, "migrate")  # kept between runs: a second run only checks it is current
        for size in (int(s) for s in args.group.split(",")):
            env["DATABASE_URL"] = _clone(args.pg_url, template, name)
            print(f"generate_group with {size:,} ratings (load {loadavg()})", flush=True)
            made = {**_group_step(env, "generate", str(size)), "load": loadavg()}
            print(
                f"  {made['seconds']} s, {made['ratings_per_second']:,} ratings/s, {made['rows']:,} rows in all, "
                f"database {made['database_mb']:,} MB (ratings {made['ratings_mb']:,} MB), load {made['load']}",
                flush=True,
            )
            who = _group_step(env, "sessions")
            pages = {}
            with serve("granian", "sanjian.wsgi", env, 1, "/healthz") as direct, nginx([direct]) as app:
                # (page, path, session, what it must show, batches × requests): the company page
                # reads every community's figures, seconds a request, so fewer of it.
                for page, path, session, marker, batches, per_batch in (
                    ("board", f"/c/{who['slug']}/windows/board/{who['board']}/", "", "窗口排名", 5, 20),
                    ("dashboard", f"/c/{who['slug']}/", who["secretary"], who["name"], 5, 10),
                    ("company", f"/company/{GROUP}/", who["admin"], who["company"], 2, 3),
                ):
                    timed = page_latency(
                        app, path, session, batches, per_batch, marker=marker, warm=min(5, per_batch)
                    )
                    pages[page] = {**timed, "requests": batches * per_batch, "load": loadavg()}
                    print(
                        f"  {page}: p50 {pages[page]['p50_ms']} ms, p99 {pages[page]['p99_ms']} ms "
                        f"(best batch {pages[page]['best_batch_p50_ms']} ms, load {pages[page]['load']})",
                        flush=True,
                    )
                memory = rss_mb(int(direct.rsplit(":", 1)[1]))
            print(f"  RSS (main, worker) {memory} MB", flush=True)
            summaries = {**_group_step(env, "summaries"), "load": loadavg()}
            print(
                f"  work summaries of {summaries['communities']} communities: {summaries['all_seconds']} s; "
                f"one community {summaries['one_seconds']} s (×{summaries['ratio_to_100_times_one']} "
                f"of 100 times one), load {summaries['load']}",
                flush=True,
            )
            results["sizes"][size] = {
                "generate": made,
                "pages": pages,
                "rss_mb": memory,
                "summaries": summaries,
            }
    sizes = list(results["sizes"].values())
    for page in ("board", "dashboard", "company"):
        growth = sizes[-1]["pages"][page]["p99_ms"] / sizes[0]["pages"][page]["p99_ms"]
        results[f"{page}_p99_growth"] = round(growth, 2)
        print(f"{page} p99 growth from the first size to the last: ×{growth:.2f}", flush=True)
    if not args.keep:
        recreate_pg(args.pg_url, name, drop_only=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", default="1,2,4")
    parser.add_argument("--seconds", type=int, default=5, help="per round")
    parser.add_argument("--rounds", type=int, default=2, help="of each endpoint, alternating")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--sizes", default="", help="ratings to fill before timing the board, e.g. 10000,1000000"
    )
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/0"))
    parser.add_argument(
        "--group", default="", help="ratings of a generated 100-community group, e.g. 10000,10000000"
    )
    parser.add_argument("--keep", action="store_true", help="keep the group's database (last size)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        group_child(*args.child)
        return
    if args.group:
        print(json.dumps(run_group(args), indent=1))
        return
    if not ensure_wrk():
        sys.exit("needs wrk (apt-get install wrk)")
    print(json.dumps(run(args), indent=1))


if __name__ == "__main__":
    main()
