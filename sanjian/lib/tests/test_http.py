"""The client's address behind a known number of reverse proxies."""

from __future__ import annotations

from django.test import RequestFactory

from sanjian.lib.http import client_ip


def request(remote="10.0.0.1", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_proxies_the_remote_address_is_the_client(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(request(forwarded="1.2.3.4")) == "10.0.0.1"


def test_behind_one_proxy_the_last_forwarded_address_is_the_client(settings):
    settings.PROXY_COUNT = 1
    # The client wrote 6.6.6.6 itself; nginx appended the address it saw.
    assert client_ip(request("127.0.0.1", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"


def test_a_missing_header_falls_back_to_the_remote_address(settings):
    settings.PROXY_COUNT = 2
    assert client_ip(request("127.0.0.1", "203.0.113.9")) == "127.0.0.1"


def test_lockouts_count_the_real_client_behind_the_proxy(world, settings):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        world.client(None).post(
            "/accounts/login/",
            {"username": "secretary", "password": "nope"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    # Another client behind the same proxy still logs in.
    ok = world.client(None).post(
        "/accounts/login/",
        {"username": "secretary", "password": "pw"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert ok.status_code == 302
    locked = world.client(None).post(
        "/accounts/login/",
        {"username": "secretary", "password": "pw"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert locked.status_code == 429
