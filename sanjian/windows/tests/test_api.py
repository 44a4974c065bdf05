"""The windows API: submit ratings (for an integrating app, one per device per window per hour),
read ratings, inspections, tickets and rankings within the caller's reach; all in the schema."""

from __future__ import annotations

from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sanjian.testing.openapi import assert_matches_schema
from sanjian.windows.models import Inspection, InspectionStatus, Rating, Source, Ticket
from sanjian.windows.tests.factories import give_rating


def api(world, path):
    return f"/api/v1/c/{world.community.slug}/windows/{path}"


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def submit(world, client, **data):
    payload = {"window": world.units["window"].pk, "device": "wx-openid-1", "level": 5, **data}
    return client.post(api(world, "ratings/"), payload, format="json")


def test_an_integration_submits_a_rating_with_a_token(world):
    client = token_client(world.secretary)
    response = submit(world, client, level=1, reason="efficiency", phone="13800138000")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["level"], body["level_display"], body["phone"], body["source"]) == (
        1,
        "非常不满意",
        "138****8000",
        "api",
    )
    with scopes_disabled():
        rating = Rating.objects.get()
        assert (rating.source, rating.phone) == (Source.API, "13800138000")
        assert Ticket.objects.get(rating=rating).history.get().history_user == world.secretary


def test_a_device_rates_a_window_once_an_hour_through_the_api(world):
    client = token_client(world.secretary)
    assert submit(world, client).status_code == 201
    response = submit(world, client)
    assert response.status_code == 429 and "一小时内已评价" in response.json()["detail"]
    assert submit(world, client, device="wx-openid-2").status_code == 201
    assert submit(world, client, window=world.units["window2"].pk).status_code == 201


def test_bad_api_input_is_refused_in_chinese(world):
    client = token_client(world.secretary)
    response = submit(world, client, level=2)
    assert response.status_code == 400 and "请选择不满意的原因" in str(response.json())
    response = submit(world, client, window=world.units["office"].pk)
    assert response.status_code == 400 and "只能评价本社区的服务窗口" in str(response.json())
    response = submit(world, client, window=world.units["other_window"].pk)
    assert response.status_code == 400
    assert submit(world, client, level=9).status_code == 400
    with scopes_disabled():
        assert not Rating.objects.exists()


def test_only_an_account_allowed_to_submit_submits(world):
    for who in ["window_manager", "supervisor", "inspector"]:
        assert submit(world, token_client(world.users[who])).status_code == 403
    assert submit(world, APIClient()).status_code == 401
    assert submit(world, token_client(world.outsider)).status_code == 404


def test_ratings_are_listed_within_reach_with_masked_phones(world):
    give_rating(world.units["window"], 1, phone="13800138000")
    give_rating(world.units["window2"], 5)
    body = world.client("window_manager").get(api(world, "ratings/")).json()
    assert [r["window"] for r in body["results"]] == [world.units["window"].pk]
    assert body["results"][0]["phone"] == "138****8000"
    assert len(world.client("secretary").get(api(world, "ratings/")).json()["results"]) == 2
    assert world.client("party_member").get(api(world, "ratings/")).status_code == 403


def test_inspections_hide_other_peoples_drafts(world, standard):
    world.client("inspector").post(
        world.url("windows/inspections/new/"),
        {"window": world.units["window"].pk, "inspected_on": "2026-11-02"},
    )
    with scopes_disabled():
        draft = Inspection.objects.get()
    assert world.client("window_manager").get(api(world, "inspections/")).json()["results"] == []
    assert world.client("window_manager").get(api(world, f"inspections/{draft.pk}/")).status_code == 404
    mine = world.client("inspector").get(api(world, "inspections/")).json()["results"]
    assert [i["id"] for i in mine] == [draft.pk] and len(mine[0]["lines"]) == 5
    world.client("inspector").post(world.url(f"windows/inspections/{draft.pk}/submit/"))
    body = world.client("window_manager").get(api(world, f"inspections/{draft.pk}/")).json()
    assert (body["status"], body["score"]) == (InspectionStatus.SUBMITTED, "100.00")


def test_tickets_are_listed_within_reach(world):
    give_rating(world.units["window"], 1, phone="13800138000")
    give_rating(world.units["window2"], 1)
    body = world.client("window_manager").get(api(world, "tickets/")).json()
    assert len(body["results"]) == 1
    ticket = body["results"][0]
    assert (ticket["status"], ticket["phone"], ticket["appeal"], ticket["overdue"]) == (
        "open",
        "138****8000",
        None,
        False,
    )
    assert len(world.client("supervisor").get(api(world, "tickets/")).json()["results"]) == 2


def test_the_ranking_of_a_month(world):
    for _i in range(10):
        give_rating(world.units["window"], 5)
    body = world.client("party_member").get(api(world, "rankings/")).json()
    first = body["results"][0]
    assert (first["window_name"], first["rank"], first["ratings"], first["satisfaction"]) == (
        "甲窗口",
        1,
        10,
        "100.00",
    )
    body = world.client("party_member").get(api(world, "rankings/?month=2020-01")).json()
    assert body["month"] == "2020-01" and all(r["rank"] is None for r in body["results"])


def test_the_ranking_answer_is_the_object_the_schema_promises(world):
    give_rating(world.units["window"], 5)
    client = world.client("party_member")
    body = client.get(api(world, "rankings/")).json()
    assert isinstance(body, dict) and body["results"]
    assert_matches_schema(client, "/api/v1/c/{community_slug}/windows/rankings/", body)


def test_the_schema_describes_the_windows_endpoints(world):
    paths = world.client("secretary").get("/api/schema/?format=json").json()["paths"]
    for path in ["ratings/", "inspections/", "tickets/", "rankings/"]:
        assert f"/api/v1/c/{{community_slug}}/windows/{path}" in paths
    assert "post" in paths["/api/v1/c/{community_slug}/windows/ratings/"]
