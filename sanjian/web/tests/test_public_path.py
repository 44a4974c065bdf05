"""Residents' public pages take a short middleware chain; everyone else the full one."""

from __future__ import annotations

import pytest
from django.test import Client

from sanjian.windows.tokens import window_token


@pytest.fixture
def rate_url(world):
    return lambda: world.url(f"windows/r/{window_token(world.units['window'])}/")


def test_a_resident_without_a_session_skips_session_messages_and_user_lookup(world, rate_url):
    response = Client().get(rate_url())
    assert response.status_code == 200
    request = response.wsgi_request
    assert not hasattr(request, "session") and not hasattr(request, "_messages")
    assert not request.user.is_authenticated
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "script-src" in response.headers["Content-Security-Policy"]
    assert "csrftoken" in response.cookies  # the form still carries its CSRF token


def test_someone_logged_in_gets_the_full_chain_on_a_public_page(world, rate_url):
    response = world.client("secretary").get(rate_url())
    assert response.status_code == 200
    assert hasattr(response.wsgi_request, "session")
    assert response.wsgi_request.user.is_authenticated


def test_csrf_still_guards_the_rating_on_the_short_chain(world, rate_url):
    client = Client(enforce_csrf_checks=True)
    assert client.post(rate_url(), {"level": 5}).status_code == 403


def test_back_office_pages_keep_the_full_chain(world):
    response = Client().get(world.url("windows/"))
    assert response.status_code == 302  # sent to log in, as before
    assert hasattr(response.wsgi_request, "session")
