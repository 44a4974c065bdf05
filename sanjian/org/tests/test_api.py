"""The organisation API: scoped to the community in the address, session or token."""

from __future__ import annotations

from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sanjian.org.models import Unit


def test_staff_list_the_units_of_the_community_and_a_plain_party_member_does_not(world):
    assert world.client("party_member").get(f"/api/v1/c/{world.community.slug}/org/units/").status_code == 403
    response = world.client("medical").get(f"/api/v1/c/{world.community.slug}/org/units/?kind=window")
    assert response.status_code == 200
    names = {u["name"] for u in response.json()["results"]}
    assert names == {"甲窗口", "乙窗口", "丙窗口"}


def test_a_window_carries_its_linkage(world):
    url = f"/api/v1/c/{world.community.slug}/org/units/{world.units['window'].pk}/"
    body = world.client("secretary").get(url).json()
    assert body["linkage"]["office"] == world.units["office"].pk
    assert body["kind_display"] == "服务窗口"


def test_a_token_works_like_a_session(world):
    token = Token.objects.create(user=world.inspector)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"/api/v1/c/{world.community.slug}/org/units/").status_code == 200
    assert client.get(f"/api/v1/c/{world.other_community.slug}/org/units/").status_code == 404


def test_a_unit_of_another_community_is_404(world):
    url = f"/api/v1/c/{world.community.slug}/org/units/{world.units['other_window'].pk}/"
    assert world.client("secretary").get(url).status_code == 404


def test_writing_through_this_api_is_refused(world):
    response = world.client("secretary").post(
        f"/api/v1/c/{world.community.slug}/org/units/", {"name": "x", "code": "x", "kind": "office"}
    )
    assert response.status_code == 403
    with scopes_disabled():
        assert not Unit.objects.filter(code="x").exists()


def test_the_schema_describes_the_units_endpoint(world):
    response = world.client("secretary").get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "/api/v1/c/{community_slug}/org/units/" in response.json()["paths"]
