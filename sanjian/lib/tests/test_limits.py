"""Fixed-window limits (lib.limits): a key, a limit, a window; in the database or in Redis."""

from __future__ import annotations

import uuid

import pytest
import redis
from django.test import override_settings

from sanjian.lib import limits
from sanjian.lib.models import Counter

REDIS_URL = "redis://127.0.0.1:6379/5"


def test_a_limit_allows_that_many_events_then_refuses(db):
    limit = limits.Limit("test:key", 3, 60)
    assert [limits.allows(limit) for _i in range(5)] == [True, True, True, False, False]
    assert Counter.objects.get(key="test:key").count == 5


def test_an_expired_window_starts_again_at_one(db):
    assert limits.count_in_window("test:key", 60) == 1
    Counter.objects.filter(key="test:key").update(expires=0)  # the window ended
    assert limits.count_in_window("test:key", 60) == 1
    assert limits.count_in_window("test:key", 60) == 2


def test_keys_count_apart(db):
    limits.count_in_window("test:a", 60)
    assert limits.count_in_window("test:b", 60) == 1


def test_expired_counters_are_purged(db, monkeypatch):
    limits.count_in_window("test:old", 60)
    Counter.objects.filter(key="test:old").update(expires=0)
    monkeypatch.setattr(limits, "PURGE_EVERY", 1)
    limits.count_in_window("test:new", 60)
    assert list(Counter.objects.values_list("key", flat=True)) == ["test:new"]


def _redis() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


def test_with_redis_the_counters_live_there(db):
    client = _redis()
    key = f"test:{uuid.uuid4().hex}"
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    try:
        with override_settings(REDIS_URL=REDIS_URL, CACHES=caches):
            assert [limits.count_in_window(key, 60) for _i in range(3)] == [1, 2, 3]
            assert 0 < client.ttl(f":1:{key}") <= 60
        assert not Counter.objects.exists()
    finally:
        client.delete(f":1:{key}")
