"""The service app's interface: reads, an inspection posted whole, refusals in the caller's
language with nothing written, outsiders 404, and the OpenAPI schema."""

import datetime
import re

from django.core.management import call_command
from django_scopes import scopes_disabled

from sanjian.service.models import Inspection, ServiceRequest

BASE = "/api/v1/c/dongfeng/service/"


def test_the_apartments_are_read(world, apt):
    response = world.client("secretary").get(BASE + "buildings/")
    assert response.status_code == 200
    assert [b["name"] for b in response.json()["results"]] == ["1号公寓楼"]


def test_an_inspector_posts_an_inspection_with_its_marks(world, apt):
    item = apt.items["卫生"]
    body = {
        "sheet": apt.sheet.pk,
        "floor": apt.floors[0].pk,
        "inspected_on": "2026-03-05",
        "marks": [{"item": item.pk, "points": "3", "reason": "楼道有垃圾"}],
    }
    response = world.client("inspector").post(BASE + "inspections/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["score"] == "97.00"


def test_a_deduction_over_the_cap_is_a_400_and_writes_nothing(world, apt):
    item = apt.items["安全"]
    body = {
        "sheet": apt.sheet.pk,
        "floor": apt.floors[0].pk,
        "inspected_on": "2026-03-05",
        "marks": [{"item": item.pk, "points": "30", "reason": "私拉电线"}],
    }
    response = world.client("inspector").post(
        BASE + "inspections/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "最多扣" in response.content.decode()
    with scopes_disabled():
        assert not Inspection.objects.exists()


def test_a_request_is_opened_through_the_interface(world, apt):
    body = {
        "room": apt.rooms[0].pk,
        "kind": "repair",
        "reported_on": datetime.date.today().isoformat(),
        "reporter": "张三",
        "description": "灯不亮",
    }
    assert (
        world.client("secretary").post(BASE + "requests/", body, content_type="application/json").status_code
        == 201
    )
    assert (
        world.client("party_member")
        .post(BASE + "requests/", body, content_type="application/json")
        .status_code
        == 403
    )
    with scopes_disabled():
        assert ServiceRequest.objects.count() == 1


def test_outsiders_get_404(world, apt):
    for path in ("buildings/", "inspections/", "competitions/", "dishes/"):
        assert world.client("outsider").get(BASE + path).status_code == 404


def test_the_schema_describes_the_service_endpoints_without_warnings(world, tmp_path):
    paths = world.client("secretary").get("/api/schema/?format=json").json()["paths"]
    prefix = "/api/v1/c/{community_slug}/service/"
    for name in (
        "inspections/",
        "requests/",
        "production-records/",
        "buildings/",
        "dishes/",
        "competitions/",
        "standings/",
    ):
        assert prefix + name in paths, name
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_a_cleaning_shifts_hours_are_documented_as_the_api_writes_them(world):
    """A shift's 06:00 is local time, written without an offset: the schema said RFC 3339's
    ``format: time``, which needs one, so a validating client refused every shift (found by
    the API fuzzing, web/tests/test_api_fuzz.py)."""
    schema = world.client(None).get("/api/schema/?format=json").json()
    shift = schema["components"]["schemas"]["ServiceCleaningShift"]["properties"]
    for name in ("starts_at", "ends_at"):
        assert "format" not in shift[name], shift[name]
        assert re.fullmatch(shift[name]["pattern"], "06:00:00")
        assert re.fullmatch(shift[name]["pattern"], "22:30")
        assert not re.fullmatch(shift[name]["pattern"], "24:00:00")
