"""Rows kept per process (lib.memo) are dropped everywhere when one changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
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


def test_with_redis_a_change_published_by_another_machine_drops_what_this_process_keeps(settings):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.REDIS_URL = url
    memo.remember("k", lambda: "old")
    assert memo.remember("k", lambda: "unused") == "old"
    # What forget_all on any instance sends; this process's file is not touched.
    redis.Redis.from_url(url).publish(memo.channel(), b"1")
    for _ in range(100):  # delivered asynchronously, within milliseconds
        if memo.remember("k", lambda: "new") == "new":
            break
        time.sleep(0.01)
    assert memo.remember("k", lambda: "unused") == "new"
