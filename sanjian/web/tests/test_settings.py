"""Settings come from the environment through small typed helpers; production passes check --deploy."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from sanjian.env import envbool, envint, envlist, envsecret

ROOT = Path(settings.BASE_DIR)


def test_envbool_reads_the_usual_spellings(monkeypatch):
    for value, expected in [("1", True), ("yes", True), ("ON", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("X_FLAG", value)
        assert envbool("X_FLAG") is expected
    monkeypatch.setenv("X_FLAG", "")
    assert envbool("X_FLAG", True) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ValueError, match="X_FLAG"):
        envbool("X_FLAG")


def test_envint_and_envlist(monkeypatch):
    monkeypatch.setenv("X_N", "12")
    monkeypatch.setenv("X_HOSTS", "a.example, b.example ,")
    assert envint("X_N", 1) == 12
    assert envint("X_MISSING", 7) == 7
    assert envlist("X_HOSTS", []) == ["a.example", "b.example"]


def test_a_secret_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    first = envsecret("X_SECRET", tmp_path / "secret")
    assert len(first) > 40
    assert envsecret("X_SECRET", tmp_path / "secret") == first
    assert oct((tmp_path / "secret").stat().st_mode)[-3:] == "600"
    monkeypatch.setenv("X_SECRET", "from-env")
    assert envsecret("X_SECRET", tmp_path / "secret") == "from-env"


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    drop = ("DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_no_settings_it_runs_on_sqlite_in_wal_mode(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode');"
        "print(connection.vendor, c.fetchone()[0])"
    )
    result = _run({"SANJIAN_DATA_DIR": str(tmp_path)}, "shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1].split() == ["sqlite", "wal"], result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "sanjian.example",
        "SANJIAN_DATA_DIR": str(tmp_path),
    }
    result = _run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret(tmp_path):
    result = _run({"DJANGO_ENV": "production", "SANJIAN_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    assert settings.DEBUG is False


def _redis_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up() and os.environ.get("CI") != "true", reason="no Redis at 127.0.0.1:6379")
def test_with_redis_url_the_cache_and_the_task_queue_use_redis(tmp_path):
    key = f"sanjian-probe-{secrets.token_hex(4)}"
    code = (
        "from django.core.cache import cache; from huey.contrib.djhuey import HUEY;"
        f"cache.set('{key}', 'ok', 10); print(cache.get('{key}'), type(HUEY).__name__)"
    )
    result = _run(
        {"REDIS_URL": "redis://127.0.0.1:6379/0", "SANJIAN_DATA_DIR": str(tmp_path)}, "shell", "-c", code
    )
    assert result.stdout.strip().splitlines()[-1] == "ok RedisHuey", result.stderr
