"""Two stateless app instances behind nginx, sharing PostgreSQL and Redis (issue 17).

Real processes on loopback: two gunicorn instances, each with a data directory of its own (as on
two machines: no shared file), the same ``SECRET_KEY``, this test's PostgreSQL database and
Redis; Debian's nginx in front of them, round robin. The test then shows that what a user or a
device did on one instance holds on the other:

* a session opened by logging in on one instance is valid on the other, and through nginx;
* the interface's limit of one rating per device per window per hour (a Redis counter) refuses
  the second rating whichever instance receives it;
* a replaced board link stops working on the other instance at once, although that instance
  kept the old policy in memory (``lib.memo`` hears of the change through Redis).
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token

from sanjian.testing.servers import (
    REDIS_URL,
    HttpClient,
    app_server,
    collect_static,
    database_url,
    nginx,
    nginx_available,
    redis_available,
    server_env,
)
from sanjian.windows.tokens import board_token


def _api_rating(port: int, token: str, path: str, window: int, device: str) -> int:
    client = HttpClient(port)
    status, _text, _response = client.request_json(
        "POST", path, {"window": window, "device": device, "level": 5}, token=token
    )
    return status


@pytest.mark.django_db(transaction=True)
def test_sessions_limits_and_kept_rows_hold_across_two_instances_behind_nginx(world, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("instances share PostgreSQL (SQLite is one machine's)")
    if not redis_available():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    if not nginx_available():
        pytest.skip("needs Debian's nginx")
    window = world.units["window"]
    slug = world.community.slug
    with scopes_disabled():
        token = Token.objects.create(user=world.secretary).key
        # The servers know the production hashers only (the tests' fast MD5 is not one of them).
        world.secretary.password = PBKDF2PasswordHasher().encode("pw", "scale-test-salt", iterations=1000)
        world.secretary.save(update_fields=["password"])
    common = {"DATABASE_URL": database_url(), "REDIS_URL": REDIS_URL, "PROXY_COUNT": "1"}
    first_env = server_env(tmp_path / "one", **common)
    collect_static(first_env)
    board = f"/c/{slug}/windows/board/{board_token(world.community, 1)}/"
    with (
        app_server(first_env) as one,
        app_server(server_env(tmp_path / "two", **common)) as two,
        nginx([one, two], tmp_path / "nginx") as proxy,
    ):
        # A session opened on one instance is valid on the other and through nginx.
        browser = HttpClient(one)
        browser.log_in("secretary", "pw")
        for port in (two, proxy, proxy):
            browser.port = port
            status, page = browser.get(f"/c/{slug}/")
            assert status == 200 and world.community.name in page
        assert HttpClient(two).get(f"/c/{slug}/")[0] == 302  # without the session: to the log-in page

        # One rating per device per window per hour, whichever instance receives it.
        device = f"device-{uuid.uuid4().hex}"  # the Redis is shared with other runs: a key of our own
        path = f"/api/v1/c/{slug}/windows/ratings/"
        assert _api_rating(one, token, path, window.pk, device) == 201
        assert _api_rating(two, token, path, window.pk, device) == 429
        assert [_api_rating(proxy, token, path, window.pk, device) for _ in range(2)] == [429, 429]
        assert _api_rating(two, token, path, window.pk, f"{device}-other") == 201

        # Instance two keeps the board's policy in memory; replacing the link on instance one
        # reaches it through Redis.
        tv = HttpClient(two)
        assert tv.get(board)[0] == 200
        browser.port = one
        assert (
            browser.post_form(f"/c/{slug}/windows/settings/", f"/c/{slug}/windows/settings/board-link/", {})
            == 302
        )
        # The news travels by Redis pub/sub: delivered within milliseconds, not synchronously.
        answers = [tv.get(board)[0] for _ in range(20)]
        assert answers[-1] == 404 and set(answers) <= {200, 404} and answers.count(200) <= 1
        assert HttpClient(two).get(f"/c/{slug}/windows/board/{board_token(world.community, 2)}/")[0] == 200
