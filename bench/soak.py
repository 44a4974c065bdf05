"""Soak: many concurrent clients write for a fixed time, then every acknowledged write is counted.

    .venv/bin/python bench/soak.py [--seconds 120] [--clients 200] [--backend postgres|sqlite]
        [--workers 3] [--pg-url postgres://postgres@127.0.0.1:5432]

On a fresh database (SQLite in a temporary folder, or PostgreSQL ``<BENCH_DB_PREFIX>soak_bench``,
dropped and made again), with the demo loaded, gunicorn serves the app on loopback while
``--clients`` threads, each with its own keep-alive connection, for ``--seconds``:

- submit residents' ratings through the QR page (each from its own address, as residents'
  phones are); a bad rating carries a unique comment, so that it can be found exactly once;
- record inspections as the demo inspector, each with a unique note;
- check volunteers in to activities under way through the interface (``…/dedication/activities/
  <id>/check-in/`` with the activity's key), each writer as its own volunteer login, every
  (volunteer, activity) once, now and then twice (the second must be refused); and check out
  those checked in more than a minute ago (a log is at least a minute long), each check-out a
  pending hour log;
- and one reader in five loads the ranking and the public TV board.

At the end it checks that every acknowledged write is in the database exactly once (by count
per window for ratings, by marker for bad ratings and inspections, by (person, activity) for
check-ins and check-outs), that the rollups equal a rebuild from the raw ratings (volunteer
hours have no rollup: their totals are sums of the logs, read as they are), and counts the 5xx
answers. SQLite may answer 503 ("busy, retry"):
those are counted apart, and must have written nothing. It prints requests, failures, lost
writes and the p50/p99 latency, and exits non-zero on a lost or doubled write or a 5xx other
than a clean 503. ``drive`` and ``verify`` are what the suite's short soak
(``sanjian/web/tests/test_soak.py``) runs too.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMUNITY = "yangyi"
LEVELS = [5] * 60 + [4] * 25 + [3] * 5 + [2] * 5 + [1] * 5
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Plan:
    """What the clients do: the QR pages of some windows (path → window id), the inspector's
    session and the windows it inspects, the pages the readers load."""

    community: str
    rate_paths: dict[str, int]
    inspector_cookie: str
    inspect_windows: list[int]
    read_paths: list[str]
    volunteers: list[tuple[str, int]] = field(default_factory=list)  # (session cookie, person id)
    activities: dict[int, str] = field(default_factory=dict)  # activity id → its check-in key


@dataclass
class Report:
    requests: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)  # "check-out 400" → answers: what each refusal was
    ratings_by_window: Counter = field(default_factory=Counter)  # acknowledged
    bad_markers: list[str] = field(default_factory=list)
    inspection_markers: list[str] = field(default_factory=list)
    busy_markers: list[str] = field(default_factory=list)  # answered 503: must not be written
    checkins: Counter = field(default_factory=Counter)  # acknowledged: "volunteer:activity" → times
    checkouts: Counter = field(default_factory=Counter)
    busy_checkins: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def summary(self) -> dict[str, Any]:
        times = sorted(self.latencies)
        pick = lambda q: round(times[min(len(times) - 1, int(len(times) * q))] * 1000, 1) if times else None  # noqa: E731
        return {
            "requests": self.requests,
            "statuses": dict(sorted(self.statuses.items())),
            "statuses_by_kind": dict(sorted(self.by_kind.items())),
            "failures": len(self.failures),
            "acknowledged_ratings": sum(self.ratings_by_window.values()),
            "acknowledged_inspections": len(self.inspection_markers),
            "acknowledged_checkins": sum(self.checkins.values()),
            "acknowledged_checkouts": sum(self.checkouts.values()),
            "busy_retry": len(self.busy_markers),
            "p50_ms": pick(0.5),
            "p99_ms": pick(0.99),
        }


class Client:
    """One keep-alive connection, its cookies, and the request it times."""

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port, self.cookie = port, cookie
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self, method: str, path: str, body: str = "", headers: dict | None = None
    ) -> tuple[int, str, dict]:
        headers = {"Cookie": self.cookie, **(headers or {})}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read().decode(errors="replace"), dict(response.getheaders())
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def _csrf(client: Client, path: str) -> str:
    status, body, headers = client.request("GET", path)
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    if cookie:
        client.cookie = "; ".join(c for c in [client.cookie, f"csrftoken={cookie.group(1)}"] if c)
    found = _CSRF.search(body)
    assert status == 200 and found, (path, status)
    return found.group(1)


def login(port: int, username: str, password: str = "sanjian-demo") -> str:
    """The session cookie of a demo login (one login, shared by the writing threads)."""
    client = Client(port)
    token = _csrf(client, "/accounts/login/")
    status, _, headers = client.request(
        "POST", "/accounts/login/", f"csrfmiddlewaretoken={token}&username={username}&password={password}"
    )
    session = re.search(r"sessionid=([^;]+)", headers.get("Set-Cookie", ""))
    assert status == 302 and session, f"{username} could not log in ({status})"
    csrf = re.search(r"csrftoken=([^;]+)", client.cookie)
    return f"sessionid={session.group(1)}; csrftoken={csrf.group(1)}"


class Volunteer:
    """One writer's volunteer: its login, the activities it has not checked in to yet (in its
    own order), and those it checked in to, by when."""

    def __init__(self, port: int, plan: Plan, n: int, rng: random.Random) -> None:
        session, self.person = plan.volunteers[n % len(plan.volunteers)] if plan.volunteers else ("", 0)
        # A CSRF secret of our own making: Django takes any well-formed one that the header repeats.
        self.csrf = f"{n:032d}"
        self.cookie = f"{session}; csrftoken={self.csrf}" if session else ""
        self.client = Client(port, self.cookie)
        self.prefix = f"/api/v1/c/{plan.community}/dedication/activities/"
        self.keys = plan.activities
        self.todo = rng.sample(sorted(plan.activities), len(plan.activities)) if self.cookie else []
        self.checked_in: list[tuple[float, int]] = []

    def pending(self) -> bool:
        return bool(self.todo) or self.due() is not None

    def due(self) -> int | None:
        if self.checked_in and time.monotonic() - self.checked_in[0][0] > 65:
            return self.checked_in[0][1]
        return None

    def step(self, rng: random.Random) -> tuple[str, str, int]:
        """Check out of the oldest check-in past a minute, else check in to the next activity
        (one time in ten, to the one before again: a double that must be refused)."""
        activity = self.due()
        if activity is not None:
            self.checked_in.pop(0)
            action = "check-out"
        elif self.checked_in and rng.random() < 0.1:
            activity, action = self.checked_in[-1][1], "check-in"
        else:
            activity, action = self.todo.pop(), "check-in"
        status, _, _ = self.client.request(
            "POST",
            f"{self.prefix}{activity}/{action}/",
            f"key={self.keys[activity]}",
            {"X-CSRFToken": self.csrf},
        )
        if action == "check-in" and status == 200:
            self.checked_in.append((time.monotonic(), activity))
        return action, f"{self.person}:{activity}", status


def _worker(n: int, port: int, plan: Plan, until: float, report: Report, reader: bool) -> None:
    rng = random.Random(n)
    rater, inspector = Client(port), Client(port, plan.inspector_cookie)
    volunteer = Volunteer(port, plan, n, rng) if not reader else None
    token = _csrf(rater, next(iter(plan.rate_paths)))  # one CSRF cookie and token for every form
    inspect_path = f"/c/{plan.community}/windows/inspections/new/"
    inspect_token = _csrf(inspector, inspect_path) if not reader else ""
    count = 0
    while time.monotonic() < until:
        count += 1
        marker = f"soak-{n}-{count}"
        started = time.perf_counter()
        if reader:
            path = rng.choice(plan.read_paths)
            kind, status, _, _ = "read", *inspector.request("GET", path)
        elif volunteer is not None and volunteer.pending() and (volunteer.due() or rng.random() < 0.2):
            kind, marker, status = volunteer.step(rng)
        elif rng.random() < 0.8:
            path = rng.choice(list(plan.rate_paths))
            level = rng.choice(LEVELS)
            body = f"csrfmiddlewaretoken={token}&level={level}"
            if level <= 2:
                body += f"&reason=attitude&comment={marker}"
            ip = f"10.{n % 250}.{count // 250 % 250}.{count % 250 + 1}"
            kind, (status, _, _) = "rating", rater.request("POST", path, body, {"X-Forwarded-For": ip})
        else:
            window = rng.choice(plan.inspect_windows)
            body = f"csrfmiddlewaretoken={inspect_token}&window={window}&inspected_on={time.strftime('%Y-%m-%d')}&note={marker}"
            kind, (status, _, _) = "inspection", inspector.request("POST", inspect_path, body)
        elapsed = time.perf_counter() - started
        with report.lock:
            report.requests += 1
            report.latencies.append(elapsed)
            report.statuses[status] += 1
            report.by_kind[f"{kind} {status}"] += 1
            if kind == "rating" and status == 303:
                report.ratings_by_window[plan.rate_paths[path]] += 1
                if level <= 2:
                    report.bad_markers.append(marker)
            elif kind == "inspection" and status == 302:
                report.inspection_markers.append(marker)
            elif kind == "check-in" and status == 200:
                report.checkins[marker] += 1
            elif kind == "check-out" and status == 201:
                report.checkouts[marker] += 1
            elif kind in ("check-in", "check-out") and status == 503:
                report.busy_checkins.append(marker)
            elif kind in ("check-in", "check-out") and status != 400:  # 400: a double, an overlap
                report.failures.append(f"{kind} {status}")
            elif status == 503 and kind != "read":
                report.busy_markers.append(marker)
            elif status >= 500 or (kind == "read" and status != 200):
                report.failures.append(f"{kind} {status}")


def drive(port: int, plan: Plan, *, seconds: float, clients: int) -> Report:
    """``clients`` threads against the server on ``port`` for ``seconds``; one in five reads."""
    report = Report()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_worker, args=(n, port, plan, until, report, n % 5 == 4), daemon=True)
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return report


def verify(report: Report, before: dict[int, int], community_slug: str) -> dict[str, Any]:
    """Inside Django: every acknowledged write exactly once, nothing of a 503, rollups = rebuild."""
    from django_scopes import scope, scopes_disabled

    from sanjian.dedication.models import HourLog, LogSource, SignUp
    from sanjian.tenancy.models import Community
    from sanjian.windows.models import Inspection, Rating
    from sanjian.windows.rollups import rollups_rebuild

    with scopes_disabled():
        community = Community.objects.get(slug=community_slug)
    with scope(community=community.pk):
        per_window = Counter({w: Rating.objects.filter(window_id=w).count() - n for w, n in before.items()})
        bad = Counter(Rating.objects.filter(comment__startswith="soak-").values_list("comment", flat=True))
        notes = Counter(Inspection.objects.filter(note__startswith="soak-").values_list("note", flat=True))
        differences = rollups_rebuild(community=community, fix=False)
        volunteers = {
            int(m.split(":")[0]) for m in [*report.checkins, *report.checkouts, *report.busy_checkins]
        }
        checked_in = Counter(
            f"{p}:{a}"
            for p, a in SignUp.objects.filter(
                person_id__in=volunteers, checked_in_at__isnull=False
            ).values_list("person_id", "activity_id")
        )
        logged = Counter(
            f"{p}:{a}"
            for p, a in HourLog.objects.filter(
                person_id__in=volunteers, source=LogSource.CHECKIN
            ).values_list("person_id", "activity_id")
        )
    lost = sum((report.ratings_by_window - per_window).values())
    extra = sum((per_window - report.ratings_by_window).values())
    lost += sum(1 for m in report.bad_markers if bad[m] == 0) + sum(
        1 for m in report.inspection_markers if notes[m] == 0
    )
    # A check-in is one sign-up row marked checked in, a check-out one hour log: acknowledged
    # twice, or found twice, is a doubled write; acknowledged and absent, a lost one.
    lost += sum(1 for m in report.checkins if not checked_in[m]) + sum(
        1 for m in report.checkouts if not logged[m]
    )
    extra += sum(1 for m in checked_in if m not in report.checkins and m not in report.busy_checkins)
    doubled = sum(1 for c in list(bad.values()) + list(notes.values()) if c > 1)
    doubled += sum(
        1 for c in [*report.checkins.values(), *report.checkouts.values(), *logged.values()] if c > 1
    )
    busy_written = sum(1 for m in report.busy_markers if bad[m] or notes[m])
    busy_written += sum(
        1
        for m in report.busy_checkins
        if m not in report.checkins and m not in report.checkouts and (checked_in[m] or logged[m])
    )
    return {
        **report.summary(),
        "lost_writes": lost,
        "unacknowledged_rows": extra,
        "doubled_writes": doubled,
        "busy_but_written": busy_written,
        "rollup_differences": len(differences),
    }


def volunteers_make(community: Any, *, volunteers: int, activities: int) -> dict[str, Any]:
    """Inside Django: ``volunteers`` people with a login and a session each, and ``activities``
    activities under way (from half an hour ago to four hours ahead), for the check-in clients.
    Answers the plan's ``volunteers`` (session cookie, person id) and ``activities`` (id → key)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.test import Client as DjangoClient
    from django.utils import timezone
    from django_scopes import scope

    from sanjian.dedication.models import Activity
    from sanjian.dedication.services.activities import activity_save
    from sanjian.members.models import Person
    from sanjian.members.services import person_save
    from sanjian.members.validators import check_character
    from sanjian.tenancy.roles import Role
    from sanjian.tenancy.services import membership_grant

    now = timezone.now()
    cookies, people = [], []
    with scope(community=community.pk):
        for i in range(volunteers):
            user = get_user_model().objects.create_user(f"soak-volunteer-{community.pk}-{i}", password=None)
            membership_grant(user=user, role=Role.PARTY_MEMBER, community=community, actor=None)
            first17 = f"659001{datetime.date(1990, 1, 1) + datetime.timedelta(days=i // 400):%Y%m%d}{i % 400 * 2 + 1:03d}"
            person = Person(
                name=f"志愿者{i}", gender="male", id_number=first17 + check_character(first17), user=user
            )
            people.append(person_save(community=community, person=person, actor=None))
            session = DjangoClient()
            session.force_login(user)
            cookies.append((f"sessionid={session.cookies['sessionid'].value}", person.pk))
        made = [
            activity_save(
                community=community,
                activity=Activity(
                    category="civility",
                    title=f"压测志愿活动{i}",
                    place="社区广场",
                    starts_at=now - datetime.timedelta(minutes=30),
                    ends_at=now + datetime.timedelta(hours=4),
                    organiser=people[0],
                ),
                actor=None,
                may_backdate=True,
            )
            for i in range(activities)
        ]
    return {"volunteers": cookies, "activities": {a.pk: a.checkin_key for a in made}}


def ok(result: dict[str, Any]) -> bool:
    return not (
        result["lost_writes"]
        or result["doubled_writes"]
        or result["busy_but_written"]
        or result["rollup_differences"]
        or result["failures"]
    )


# --- The command: a fresh database, gunicorn, the clients, the checks -------------------------


def _child(action: str) -> None:
    """Run in a child process with the backend's environment: set up, or count before/after."""
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scope, scopes_disabled

    from sanjian.org.models import Unit, UnitKind
    from sanjian.tenancy.models import Community
    from sanjian.windows.models import Rating
    from sanjian.windows.tokens import window_token

    if action == "setup":
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
    with scopes_disabled():
        community = Community.objects.get(slug=COMMUNITY)
    with scope(community=community.pk):
        windows = list(Unit.objects.filter(kind=UnitKind.WINDOW).order_by("pk")[:6])
        out = {
            "rate_paths": {f"/c/{COMMUNITY}/windows/r/{window_token(w)}/": w.pk for w in windows},
            "before": {w.pk: Rating.objects.filter(window=w).count() for w in windows},
            "inspect_windows": [w.pk for w in windows],
        }
    if action == "setup":
        clients = int(sys.argv[3])
        out.update(volunteers_make(community, volunteers=clients, activities=max(40, clients // 2)))
    print(json.dumps(out))


def main() -> None:
    from bench.servers import PYTHON, base_env, db_name, loadavg, recreate_pg, serve

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sanjian-soak-") as data_dir:
        env = {**base_env(data_dir), "DJANGO_SETTINGS_MODULE": "sanjian.settings", "PROXY_COUNT": "1"}
        if args.backend == "postgres":
            env["DATABASE_URL"] = recreate_pg(args.pg_url, db_name("soak_bench"))
        child = [PYTHON, __file__, "--child"]
        setup = json.loads(
            subprocess.run(
                [*child, "setup", str(args.clients)],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        with serve("gunicorn", "sanjian.wsgi", env, args.workers, "/healthz") as base:
            port = int(base.rsplit(":", 1)[1])
            plan = Plan(
                community=COMMUNITY,
                rate_paths=setup["rate_paths"],
                inspector_cookie=login(port, "inspector"),
                inspect_windows=setup["inspect_windows"],
                read_paths=[f"/c/{COMMUNITY}/windows/", f"/c/{COMMUNITY}/"],
                volunteers=[tuple(v) for v in setup["volunteers"]],
                activities={int(k): v for k, v in setup["activities"].items()},
            )
            load = loadavg()
            report = drive(port, plan, seconds=args.seconds, clients=args.clients)
        verify_env = {
            **env,
            # in a file: a quiet two-minute run acknowledges tens of thousands of writes, more
            # than one environment variable may hold (the kernel refuses > 128 KB: E2BIG)
            "SOAK_REPORT": _saved(Path(data_dir) / "report.json", _serialise(report)),
            "SOAK_BEFORE": json.dumps(setup["before"]),
        }
        result = json.loads(
            subprocess.run(
                [*child, "verify"], env=verify_env, cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout
        )
        if args.backend == "postgres":
            recreate_pg(args.pg_url, db_name("soak_bench"), drop_only=True)
    result.update(
        backend=args.backend,
        clients=args.clients,
        seconds=args.seconds,
        load_before=load,
        load_after=loadavg(),
    )
    print(json.dumps(result, indent=2))
    sys.exit(0 if ok(result) else 1)


def _serialise(report: Report) -> dict[str, Any]:
    return {
        "requests": report.requests,
        "latencies": report.latencies,
        "statuses": report.statuses,
        "by_kind": report.by_kind,
        "ratings_by_window": report.ratings_by_window,
        "bad_markers": report.bad_markers,
        "inspection_markers": report.inspection_markers,
        "busy_markers": report.busy_markers,
        "checkins": report.checkins,
        "checkouts": report.checkouts,
        "busy_checkins": report.busy_checkins,
        "failures": report.failures,
    }


def _saved(path: Path, data: dict[str, Any]) -> str:
    """Write ``data`` as JSON to ``path`` and answer the path, for the verifying child."""
    path.write_text(json.dumps(data))
    return str(path)


def _verify_child() -> None:
    import os

    import django

    django.setup()
    data = json.loads(Path(os.environ["SOAK_REPORT"]).read_text())
    report = Report(
        requests=data["requests"],
        latencies=data["latencies"],
        statuses=Counter({int(k): v for k, v in data["statuses"].items()}),
        by_kind=Counter(data["by_kind"]),
        ratings_by_window=Counter({int(k): v for k, v in data["ratings_by_window"].items()}),
        bad_markers=data["bad_markers"],
        inspection_markers=data["inspection_markers"],
        busy_markers=data["busy_markers"],
        checkins=Counter(data["checkins"]),
        checkouts=Counter(data["checkouts"]),
        busy_checkins=data["busy_checkins"],
        failures=data["failures"],
    )
    before = {int(k): v for k, v in json.loads(os.environ["SOAK_BEFORE"]).items()}
    print(json.dumps(verify(report, before, COMMUNITY)))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _verify_child() if sys.argv[2] == "verify" else _child(sys.argv[2])
    else:
        main()
