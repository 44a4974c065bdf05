"""Every page under /c/<community>/ and every API endpoint, found from the URL configuration:
outsiders get 404 (existence does not leak), anonymous users are sent to log in.

New apps' pages are covered the moment their URLs are included, without a line here.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sanjian.tenancy.api import CommunityViewSetMixin


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _concrete(route: str, slug: str) -> str:
    route = route.replace("<slug:community_slug>", slug).replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # regex groups: ids
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(slug:|str:)?\w+>", "x", route)
    return "/" + route


def _community_routes() -> list[tuple[str, object]]:
    return [
        (route, cb)
        for route, cb in _walk(get_resolver().url_patterns)
        # DRF's .json twins of each route answer exactly like the route itself
        if "<slug:community_slug>" in route and "(?P<format>" not in route and "format>" not in route
    ]


ROUTES = _community_routes()
PAGES = [(r, cb) for r, cb in ROUTES if not r.startswith("api/")]
APIS = [(r, cb) for r, cb in ROUTES if r.startswith("api/")]


@pytest.fixture
def world(module_world, db):
    """The tests here only read the world: it is built once for the module."""
    return module_world


def test_routes_were_found():
    assert len(PAGES) > 10
    assert len(APIS) >= 1


PUBLIC = [r for r, cb in PAGES if getattr(cb, "sanjian_public", False)]


@pytest.mark.parametrize("route", [r for r in (r for r, _ in PAGES) if r not in PUBLIC])
@pytest.mark.parametrize("who", ["outsider", "neighbour", "other_company_admin", "nobody"])
def test_an_outsider_gets_404_on_every_page(world, route, who):
    client = world.client(who)
    url = _concrete(route, world.community.slug)
    assert client.get(url).status_code == 404, url
    assert client.post(url, {"name": "x"}).status_code == 404, url


@pytest.mark.parametrize("route", PUBLIC)
@pytest.mark.parametrize("who", ["outsider", "neighbour", "other_company_admin", "nobody"])
def test_a_public_page_answers_an_outsider_as_it_answers_anyone(world, route, who):
    """Public pages (a resident's rating form, a certificate's verification) are open by design:
    a login of another community gets exactly what an anonymous visitor gets, nothing more."""
    url = _concrete(route, world.community.slug)
    anonymous = world.client(None).get(url)
    outsider = world.client(who).get(url)
    assert outsider.status_code == anonymous.status_code, url


@pytest.mark.parametrize("route", [r for r, cb in PAGES if not getattr(cb, "sanjian_public", False)])
def test_an_anonymous_user_is_sent_to_log_in(world, route):
    url = _concrete(route, world.community.slug)
    response = world.client(None).get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("route", [r for r, _ in PAGES])
def test_a_community_that_does_not_exist_is_404_even_for_the_committee(world, route):
    url = _concrete(route, "no-such-community")
    assert world.client("company_admin").get(url).status_code == 404


@pytest.mark.parametrize("route", [r for r, _ in APIS])
def test_an_outsider_gets_404_from_every_api_endpoint(world, route):
    url = _concrete(route, world.community.slug)
    assert world.client("outsider").get(url).status_code == 404, url


@pytest.mark.parametrize("route", [r for r, _ in APIS])
def test_an_anonymous_caller_gets_401_from_every_api_endpoint(world, route):
    url = _concrete(route, world.community.slug)
    assert world.client(None).get(url).status_code == 401, url


@pytest.mark.parametrize(("route", "callback"), APIS)
def test_every_api_view_checks_community_access(route, callback):
    cls = getattr(callback, "cls", None)
    assert cls is not None and issubclass(cls, CommunityViewSetMixin), route


def test_the_company_page_is_for_its_committee_only(world):
    assert world.client("company_admin").get("/company/test-group/").status_code == 200
    assert world.client("other_company_admin").get("/company/test-group/").status_code == 404
    assert world.client("secretary").get("/company/test-group/").status_code == 404
    assert world.client(None).get("/company/test-group/").status_code == 302


@pytest.mark.parametrize("route", [r for r, cb in PAGES if not getattr(cb, "sanjian_public", False)])
def test_an_anonymous_user_cannot_tell_whether_a_community_exists(world, route):
    existing = world.client(None).get(_concrete(route, world.community.slug))
    missing = world.client(None).get(_concrete(route, "no-such-community"))
    assert (existing.status_code, missing.status_code) == (302, 302)


@pytest.mark.parametrize("route", [r for r, _ in APIS])
def test_the_api_answers_the_same_for_a_missing_community(world, route):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    assert world.client(None).get(_concrete(route, "no-such-community")).status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.outsider).key}")
    assert client.get(_concrete(route, world.community.slug)).status_code == 404
    assert client.get(_concrete(route, "no-such-community")).status_code == 404
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(_concrete(route, "no-such-community")).status_code == 401
