"""Rows kept per process (lib.memo) are dropped everywhere when one changes."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

from sanjian.lib import memo


def test_a_kept_value_is_loaded_once():
    loads = []
    assert memo.remember("k", lambda: loads.append(1) or "v") == "v"
    assert memo.remember("k", lambda: loads.append(1) or "w") == "v"
    assert loads == [1]


def test_a_change_in_another_process_drops_what_this_one_keeps():
    memo.remember("k", lambda: "old")
    env = {**os.environ, "SANJIAN_DATA_DIR": str(settings.DATA_DIR)}
    code = "import django; django.setup(); from sanjian.lib import memo; memo._bump()"
    subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, check=True, timeout=60)
    assert memo.remember("k", lambda: "new") == "new"


def test_entries_expire_after_memo_seconds(settings):
    memo.remember("k", lambda: "old")
    settings.MEMO_SECONDS = 0
    assert memo.remember("k", lambda: "new") == "new"
