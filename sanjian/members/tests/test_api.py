"""The API: people, party members, meetings and dues, scoped and permissioned like the pages."""

from __future__ import annotations

import pytest
from django_scopes import scope

from sanjian.lib.masking import mask_id_number
from sanjian.members.models import Person
from sanjian.testing.members import make_id_number

BASE = "/api/v1/c/dongfeng/members/"


def names(response) -> set[str]:
    return {row.get("name") for row in response.json()["results"]}


def test_the_secretary_lists_people_with_full_id_numbers(world, crew):
    response = world.client("secretary").get(BASE + "people/")
    assert response.status_code == 200
    rows = {r["name"]: r for r in response.json()["results"]}
    assert rows["窗口职工"]["id_number"] == crew.worker.id_number


def test_others_get_masked_numbers_and_only_their_reach(world, crew):
    rows = {r["name"]: r for r in world.client("office").get(BASE + "people/").json()["results"]}
    assert set(rows) == {"窗口职工"}
    assert rows["窗口职工"]["id_number"] == mask_id_number(crew.worker.id_number)
    assert names(world.client("party_member").get(BASE + "party-members/")) == {
        "组织委员",
        "党员0",
        "党员1",
        "党员2",
    }


def test_meetings_and_dues_need_their_permissions(world, crew):
    assert world.client("party_member").get(BASE + "meetings/").status_code == 200
    assert world.client("party_member").get(BASE + "dues-payments/").status_code == 200
    assert world.client("office").get(BASE + "dues-payments/").status_code == 403
    assert world.client("other_branch").get(BASE + "dues-payments/").json()["count"] == 0  # not its branch's
    assert world.client("inspector").get(BASE + "people/").status_code == 403
    assert world.client("medical").get(BASE + "meetings/").status_code == 403


def test_a_manager_creates_a_person_through_the_same_rules(world):
    client = world.client("secretary")
    number = make_id_number()
    response = client.post(
        BASE + "people/",
        {"name": "接口新增", "gender": "male", "id_number": number},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    with scope(community=world.community.pk):
        person = Person.objects.get(name="接口新增")
        assert person.community == world.community and person.history.first().history_user == world.secretary
    bad = client.post(
        BASE + "people/",
        {"name": "坏号", "gender": "male", "id_number": number[:17] + "Y"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "身份证号" in bad.content.decode()


@pytest.mark.parametrize("who", ["party_member", "office"])
def test_only_managers_write_people(world, who):
    response = world.client(who).post(
        BASE + "people/",
        {"name": "x", "gender": "male", "id_number": make_id_number()},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_unit_from_another_community_is_refused(world):
    response = world.client("secretary").post(
        BASE + "people/",
        {
            "name": "跨社区",
            "gender": "male",
            "id_number": make_id_number(),
            "unit": world.units["other_window"].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400


def test_the_endpoints_are_in_the_schema(world):
    schema = world.client("secretary").get("/api/schema/").content.decode()
    for path in ("members/people/", "members/party-members/", "members/meetings/", "members/dues-payments/"):
        assert path in schema
