"""The README's configuration table is the whole list of what an operator can set: every variable
that ``settings.py`` reads through ``sanjian/env.py`` has its row (name, default, meaning)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
READERS = {"envstr", "envbool", "envint", "envlist", "envsecret"}


def read_by_settings() -> set[str]:
    tree = ast.parse((ROOT / "sanjian" / "settings.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in READERS
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def in_the_readme_table() -> set[str]:
    rows = [line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_settings_read_variables():
    # The reader itself works: the variables every deployment sets are among those found.
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "REPORTS_DASHBOARD_SECONDS"} <= read_by_settings()


def test_every_variable_settings_reads_is_in_the_readme_table():
    assert sorted(read_by_settings() - in_the_readme_table()) == []
