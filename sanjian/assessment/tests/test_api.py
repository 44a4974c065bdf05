"""The assessment API: periods, letters, entries and results, scoped and permissioned like the pages."""

from __future__ import annotations

from decimal import Decimal

from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sanjian.assessment.models import Entry
from sanjian.assessment.tests.conftest import advance, enter, item_of

D = Decimal


def api(world, path: str) -> str:
    return f"/api/v1/c/{world.community.slug}/assessment/{path}"


def test_a_member_reads_periods_and_the_letters_in_reach(world, library, month):
    client = world.client("window_manager")
    periods = client.get(api(world, "periods/")).json()["results"]
    assert [(p["kind"], p["label"], p["status"]) for p in periods] == [("month", "2026年3月", "open")]
    letters = client.get(api(world, f"letters/?period={month.pk}&unit={world.units['window'].pk}")).json()[
        "results"
    ]
    assert [(i["indicator_code"], i["weight"]) for i in letters[0]["items"]] == [
        ("hygiene", "40.00"),
        ("satisfaction", "30.00"),
        ("complaints", "20.00"),
        ("cost", "10.00"),
    ]
    listed = client.get(api(world, f"letters/?period={month.pk}")).json()["results"]
    assert {row["unit"] for row in listed} == {world.units["window"].pk}


def test_an_inspector_posts_an_entry_with_a_token(world, library, month):
    item = item_of(month, world.units["window"], library.hygiene)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.inspector).key}")
    response = client.post(
        api(world, "entries/"), {"item": item.pk, "kind": "deduction", "amount": "1.5", "reason": "工装不整"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["entered_by"] == world.inspector.pk
    with scopes_disabled():
        assert Entry.objects.get().history.first().history_user == world.inspector


def test_an_entry_the_page_would_refuse_is_refused(world, library, month):
    hygiene = item_of(month, world.units["window"], library.hygiene)
    complaints = item_of(month, world.units["window"], library.complaints)
    office = world.client("office")
    assert (
        office.post(
            api(world, "entries/"),
            {"item": complaints.pk, "kind": "occurrence", "amount": "1", "reason": "x"},
        ).status_code
        == 403
    )
    assert (
        world.client("window_manager")
        .post(api(world, "entries/"), {"item": hygiene.pk, "kind": "deduction", "amount": "1", "reason": "x"})
        .status_code
        == 403
    )
    bad_kind = world.client("secretary").post(
        api(world, "entries/"), {"item": hygiene.pk, "kind": "occurrence", "amount": "1", "reason": "x"}
    )
    assert bad_kind.status_code == 400 and "不适用此录入类型" in bad_kind.content.decode()
    advance(world, month, to="closed")
    closed = world.client("secretary").post(
        api(world, "entries/"), {"item": hygiene.pk, "kind": "deduction", "amount": "1", "reason": "x"}
    )
    assert closed.status_code == 400 and "已关闭" in closed.content.decode()
    with scopes_disabled():
        assert not Entry.objects.exists()


def test_an_unknown_item_is_refused(world, library, month):
    response = world.client("secretary").post(
        api(world, "entries/"), {"item": 999999, "kind": "deduction", "amount": "1", "reason": "x"}
    )
    assert response.status_code == 400


def test_results_are_public_once_published_and_drafts_stay_with_the_leaders(world, library, month):
    enter(world, month, world.units["window"], library.hygiene, "value", 90)
    advance(world, month, to="closed")
    assert world.client("party_member").get(api(world, "results/")).json()["count"] == 0
    assert world.client("secretary").get(api(world, "results/")).json()["count"] == 5
    advance(world, month, to="published")
    results = (
        world.client("party_member")
        .get(api(world, f"results/?unit={world.units['window'].pk}"))
        .json()["results"]
    )
    [window] = results
    assert window["final_total"] == "100.00" and window["rank"] == 1
    hygiene = next(line for line in window["lines"] if line["code"] == "hygiene")
    assert (hygiene["value"], hygiene["earned"], hygiene["state"]) == ("90.0000", "40.00", "scored")


def test_the_schema_describes_the_assessment_endpoints(world):
    paths = world.client("secretary").get("/api/schema/?format=json").json()["paths"]
    for name in ["periods", "letters", "entries", "results"]:
        assert f"/api/v1/c/{{community_slug}}/assessment/{name}/" in paths
