"""The reports' cost: the dashboard's latency and the yearly work summary's generation time, for
阳邑社区's demo year and for the same community with ten times its records.

    .venv/bin/python bench/reports.py [--backend sqlite|postgres|both] [--requests 30]
                                      [--summaries 3] [--factor 10] [--pg-url postgres://…]
                                      [--from-data DIR]

For each backend, in a fresh database: migrate and load the demo (``bench/ratings.py --child
setup``), then measure in a fresh process: the dashboard of the year (``/c/yangyi/?from=YYYY-01
&to=YYYY-12`` as the secretary) through Django's WSGI handler, exactly as a server calls it
(``bench.request_cost.Caller``; 5 warm-up requests, then ``--requests`` timed: median and p90;
the figures and charts then come from the cache, ``reports.dashboard.snapshot``; then as many
again with the cache emptied before each request, ``dashboard_cold_*``: the request that computes them),
and the yearly summary as ``manage.py work_summary --format docx`` makes it (figures, text and
the Word file; ``--summaries`` runs, median). Then the community grows: every record table of
the apps that the figures count (ratings, inspections, tickets, hours, benefit, meetings,
visits…) gets ``--factor − 1`` copies of each of 阳邑社区's rows (tables whose rows must be
unique are listed and left as they are), the windows' daily rollups are rebuilt, and the same
measures run again. It prints the figures, the growth ratio (×N over ×1), and the targets:
dashboard median < 300 ms, summary < 5 s, growth < 2×. Beside each wall time, the CPU time of
the measuring process (on SQLite it includes the database's work): on a loaded machine the wall
times swell with the load, the CPU times hardly. JSON in ``bench/output/reports.json``.

``--from-data DIR`` (SQLite only, for a quick try) copies the demo database of an existing data
folder (``SANJIAN_DATA_DIR`` of a ``make run``) instead of loading the demo.
PostgreSQL databases: ``<BENCH_DB_PREFIX>reports_bench`` (default ``sanjian_reports_bench``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import PYTHON, base_env, db_name, loadavg, recreate_pg  # noqa: E402

COMMUNITY = "yangyi"
#: The apps whose records the dashboard and the summary count; org, members' people and the
#: tenancy stay as they are (a busier community, not a bigger unit tree).
RECORD_APPS = ("windows", "dedication", "members", "assessment", "service", "health", "reports")
KEEP = {"members.Person", "members.PartyMember"}
TARGETS = {"dashboard_ms": 300, "summary_s": 5, "growth": 2}


# --- Inside the measuring process ------------------------------------------------------------


def measure(session: str, requests: int, summaries: int) -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application
    from django.utils import timezone, translation
    from django_scopes import scopes_disabled

    from bench.request_cost import Caller
    from sanjian.reports import documents
    from sanjian.tenancy.models import Community

    year = timezone.localdate().year
    call = Caller(get_wsgi_application())
    path = f"/c/{COMMUNITY}/?from={year}-01&to={year}-12"
    cookie = f"sessionid={session}"
    for _i in range(5):
        call("GET", path, cookies=cookie)
    if not call.status.startswith("200"):
        sys.exit(f"the dashboard answered {call.status}")
    times, cpu = [], []
    for _i in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        call("GET", path, cookies=cookie)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    # The same requests with the cache emptied before each (not timed): what the first request
    # after a write or after the snapshot expired costs (REPORTS_DASHBOARD_SECONDS).
    cold, cold_cpu = [], []
    for _i in range(requests):
        cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        call("GET", path, cookies=cookie)
        cold.append((time.perf_counter() - started) * 1000)
        cold_cpu.append((time.process_time() - started_cpu) * 1000)
    with scopes_disabled():
        community = Community.objects.get(slug=COMMUNITY)
    runs, runs_cpu, size = [], [], 0
    start, end = timezone.datetime(year, 1, 1).date(), timezone.datetime(year, 12, 31).date()
    for _i in range(summaries):
        started, started_cpu = time.perf_counter(), time.process_time()
        with translation.override("zh-hans"):
            size = len(documents.as_docx(documents.summary_document(community, start, end)))
        runs.append(time.perf_counter() - started)
        runs_cpu.append(time.process_time() - started_cpu)
    return {
        "dashboard_median_ms": round(statistics.median(times), 1),
        "dashboard_p90_ms": round(statistics.quantiles(times, n=10)[-1], 1) if len(times) > 1 else times[0],
        "dashboard_cpu_ms": round(statistics.median(cpu), 1),
        "dashboard_cold_median_ms": round(statistics.median(cold), 1),
        "dashboard_cold_cpu_ms": round(statistics.median(cold_cpu), 1),
        "summary_s": round(statistics.median(runs), 2),
        "summary_cpu_s": round(statistics.median(runs_cpu), 2),
        "summary_bytes": size,
    }


def grow(factor: int) -> dict:
    """Copy every row of 阳邑社区 in the record tables ``factor − 1`` times (one INSERT … SELECT
    a copy, so the database does the work); rebuild the windows' rollups from the ratings."""
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection, transaction
    from django_scopes import scopes_disabled

    from sanjian.tenancy.models import Community, CommunityOwned

    with scopes_disabled():
        community = Community.objects.get(slug=COMMUNITY)
    grown, skipped = {}, []
    with transaction.atomic(), connection.cursor() as cursor:
        for model in apps.get_models():
            meta = model._meta
            if meta.app_label not in RECORD_APPS or meta.label in KEEP or meta.proxy:
                continue
            if not issubclass(model, CommunityOwned) or meta.model_name.startswith("historical"):
                continue
            if _must_be_unique(model):
                skipped.append(meta.label)
                continue
            columns = [f.column for f in meta.concrete_fields if not f.primary_key]
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            table, pk = connection.ops.quote_name(meta.db_table), connection.ops.quote_name(meta.pk.column)
            cursor.execute(
                f"SELECT COUNT(*), COALESCE(MAX({pk}), 0) FROM {table} WHERE community_id = %s",
                [community.pk],
            )
            count, last = cursor.fetchone()
            if not count:
                continue
            for _i in range(factor - 1):
                cursor.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM {table} "
                    f"WHERE community_id = %s AND {pk} <= %s",
                    [community.pk, last],
                )
            grown[meta.label] = [count, count * factor]
    call_command("windows_rebuild_rollups", community=COMMUNITY, show=0, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"grown": grown, "unique_left_alone": sorted(skipped)}


def _must_be_unique(model) -> bool:
    """Whether a copy of a row would break a unique rule (one-to-one links, unique fields,
    unique constraints): those rows stay as they are."""
    from django.db.models import UniqueConstraint

    meta = model._meta
    if any(f.unique and not f.primary_key for f in meta.concrete_fields):
        return True
    return bool(meta.unique_together) or any(isinstance(c, UniqueConstraint) for c in meta.constraints)


# --- The driver ------------------------------------------------------------------------------


def _child(env: dict[str, str], *args: str, script: str = __file__) -> dict:
    result = subprocess.run(
        [PYTHON, script, "--child", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"{args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _session(env: dict[str, str]) -> str:
    code = "import django; django.setup(); from bench.ratings import login_session; print(login_session())"
    result = subprocess.run(
        [PYTHON, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def bench_backend(backend: str, args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"sanjian-reports-{backend}-") as data_dir:
        env = {**base_env(data_dir), "DJANGO_SETTINGS_MODULE": "bench.settings"}
        if backend == "postgres":
            env["DATABASE_URL"] = recreate_pg(args.pg_url, db_name("reports_bench"))
        started = time.perf_counter()
        if args.from_data and backend == "sqlite":
            for name in ("sanjian.sqlite3", "secret_key"):
                shutil.copy(Path(args.from_data) / name, Path(data_dir) / name)
            subprocess.run(
                [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
            )
            session = _session(env)
        else:
            print(f"\n== {backend}: migrate and load the demo (load {loadavg()})", flush=True)
            session = _child(env, "setup", "", script=str(ROOT / "bench" / "ratings.py"))["session"]
        print(
            f"   ready in {time.perf_counter() - started:.0f} s; measuring ×1 (load {loadavg()})", flush=True
        )
        one = _child(env, "measure", session, str(args.requests), str(args.summaries))
        print(f"   growing the community ×{args.factor}", flush=True)
        started = time.perf_counter()
        growth = _child(env, "grow", str(args.factor))
        print(
            f"   grown in {time.perf_counter() - started:.0f} s; measuring ×{args.factor} (load {loadavg()})",
            flush=True,
        )
        many = _child(env, "measure", session, str(args.requests), str(args.summaries))
        if backend == "postgres":
            recreate_pg(args.pg_url, db_name("reports_bench"), drop_only=True)
    return {"backend": backend, "x1": one, f"x{args.factor}": many, **growth, "load": loadavg()}


def report(result: dict, factor: int) -> None:
    one, many = result["x1"], result[f"x{factor}"]
    print(f"\n{result['backend']}:")
    print(f"  {'':24}{'×1':>10}{f'×{factor}':>10}{'growth':>9}   target")
    for key, unit, target in (
        ("dashboard_median_ms", "ms", f"< {TARGETS['dashboard_ms']} ms"),
        ("dashboard_p90_ms", "ms", ""),
        ("dashboard_cpu_ms", "ms", "(CPU of the process: SQLite's work included, the load hardly moves it)"),
        ("dashboard_cold_median_ms", "ms", "(cache emptied before each request: figures computed)"),
        ("dashboard_cold_cpu_ms", "ms", "(CPU of those)"),
        ("summary_s", "s", f"< {TARGETS['summary_s']} s"),
        ("summary_cpu_s", "s", "(CPU)"),
    ):
        ratio = many[key] / one[key] if one[key] else 0
        print(f"  {key:24}{one[key]:>8} {unit:<2}{many[key]:>8} {unit:<2}{ratio:>7.2f}×   {target}")
    print(f"  (growth target: < {TARGETS['growth']}× for every figure)")
    rows = sum(n for n, _m in result["grown"].values())
    print(
        f"  records grown: {rows:,} → {rows * factor:,} in {len(result['grown'])} tables; "
        f"left alone (unique rows): {len(result['unique_left_alone'])}"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        action, *rest = sys.argv[2:]
        if action == "measure":
            print(json.dumps(measure(rest[0], int(rest[1]), int(rest[2]))))
        elif action == "grow":
            print(json.dumps(grow(int(rest[0]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--summaries", type=int, default=3)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--from-data", default="", help="SQLite: copy this data folder's demo database")
    args = parser.parse_args()
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    results = []
    for backend in backends:
        result = bench_backend(backend, args)
        report(result, args.factor)
        results.append(result)
    out = ROOT / "bench" / "output" / "reports.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nJSON: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
