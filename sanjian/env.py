"""Typed readers for environment variables: the only way settings learn about the machine.

Each helper returns the default when the variable is unset or empty, so that a machine with no
configuration at all runs the embedded defaults (SQLite, local-memory cache, in-process tasks).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name) or default


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def envsecret(name: str, fallback_file: Path) -> str:
    """The secret from the environment, or one generated once into an ignored local file.

    A generated key survives restarts (sessions stay valid) without anyone having to invent one.
    """
    value = os.environ.get(name)
    if value:
        return value
    if fallback_file.exists():
        return fallback_file.read_text().strip()
    fallback_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fallback_file.write_text(key)
    fallback_file.chmod(0o600)
    return key
