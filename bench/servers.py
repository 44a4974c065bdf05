"""Starting the app and the floor (``bench/floor/``) side by side for the process-level benches.

Two environment variables keep the benches off what other people on the machine use:

* ``BENCH_DB_PREFIX`` (default ``sanjian_``): the PostgreSQL databases a bench drops and makes
  again are ``<prefix><name>`` (``perf_`` on a shared machine gives ``perf_windows_bench``…);
* ``BENCH_PORTS`` (``8100-8199``, default: any free port): the loopback ports servers bind to.

Servers are started in their own process group and always stopped with it, also on an error.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
SERVERS = ("gunicorn", "granian")


def db_name(name: str) -> str:
    return os.environ.get("BENCH_DB_PREFIX", "sanjian_") + name


def free_port(taken: frozenset[int] | set[int] = frozenset()) -> int:
    """A free loopback port, within ``BENCH_PORTS`` when it is set, and not one of ``taken``
    (ports handed out already but not bound yet: one nginx listening on several)."""
    span = os.environ.get("BENCH_PORTS", "")
    candidates = range(int(span.split("-")[0]), int(span.split("-")[1]) + 1) if span else [0] * 100
    for port in candidates:
        if port in taken:
            continue
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            if s.getsockname()[1] not in taken:
                return s.getsockname()[1]
    sys.exit(f"no free port in BENCH_PORTS={span}")


def recreate_pg(pg_url: str, name: str, *, drop_only: bool = False) -> str:
    import psycopg

    with psycopg.connect(pg_url + "/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop_only:
            db.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_url}/{name}"


def base_env(data_dir: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SANJIAN_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING"}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return env


@contextmanager
def floor_database(backend: str, pg_url: str) -> Iterator[dict[str, str]]:
    """The environment of the floor project on ``backend``, its database made and migrated."""
    with tempfile.TemporaryDirectory(prefix=f"sanjian-floor-{backend}-") as data_dir:
        env = {**base_env(data_dir), "DJANGO_SETTINGS_MODULE": "bench.floor.settings"}
        if backend == "postgres":
            env["DATABASE_URL"] = recreate_pg(pg_url, db_name("floor_bench"))
        subprocess.run([PYTHON, "-m", "django", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
        try:
            yield env
        finally:
            if backend == "postgres":
                recreate_pg(pg_url, db_name("floor_bench"), drop_only=True)


def _command(kind: str, module: str, port: int, workers: int) -> list[str]:
    if kind == "gunicorn":
        return [
            str(BIN / "gunicorn"),
            module,
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"),
        ]
    # One blocking thread per worker: the same concurrency as gunicorn's sync workers, so that
    # the comparison is of the servers, not of how many requests run at once.
    return [
        str(BIN / "granian"),
        *("--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port)),
        *("--workers", str(workers), "--blocking-threads", "1", "--no-ws", "--log-level", "error"),
        f"{module}:application",
    ]


@contextmanager
def serve(kind: str, module: str, env: dict[str, str], workers: int, probe: str) -> Iterator[str]:
    """``module`` (a WSGI module) under ``kind`` on a loopback port; yields its base URL once
    ``probe`` answers, and stops the server's whole process group at the end."""
    port = free_port()
    process = subprocess.Popen(
        _command(kind, module, port, workers), env=env, cwd=ROOT, start_new_session=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _i in range(150):
            try:
                urllib.request.urlopen(base + probe, timeout=2).read()
                break
            except OSError:
                if process.poll() is not None:
                    sys.exit(f"{kind} did not start")
                time.sleep(0.2)
        else:
            sys.exit(f"{kind} did not answer {probe}")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def loadavg() -> str:
    """The machine's load average (1, 5, 15 minutes): printed beside every figure."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
