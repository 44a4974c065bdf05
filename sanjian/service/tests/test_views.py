import datetime
import io

import pytest
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from sanjian.service import services
from sanjian.service.models import Inspection, ServiceRequest

PAGES = ["service/", "service/duties/", "service/inspections/", "service/requests/", "service/cleaning/"]


def inspect_data(apt, **extra):
    i = apt.items
    data = {
        "sheet": apt.sheet.pk,
        "floor": apt.floors[0].pk,
        "inspected_on": "2026-03-05",
        f"points_{i['内务'].pk}": "2",
        f"reason_{i['内务'].pk}": "被褥不整",
        f"points_{i['卫生'].pk}": "",
        f"reason_{i['卫生'].pk}": "",
    }
    return {**data, **extra}


def test_an_inspector_fills_a_floor_inspection(world, apt):
    with scope(community=world.community.pk):
        services.floor_duty_assign(
            community=world.community,
            floor=apt.floors[0],
            attendant=apt.people[3],
            starts_on=datetime.date(2026, 3, 1),
            actor=world.secretary,
        )
    client = world.client("inspector")
    assert client.get(world.url("service/inspect/floor/")).status_code == 200
    response = client.post(world.url("service/inspect/floor/"), inspect_data(apt))
    assert response.status_code == 302
    with scopes_disabled():
        done = Inspection.objects.get()
    assert done.score == 98 and done.attendant == apt.people[3] and done.inspector == world.inspector


def test_a_deduction_over_the_cap_is_refused_in_chinese_and_nothing_is_written(world, apt):
    client = world.client("inspector")
    data = inspect_data(
        apt, **{f"points_{apt.items['安全'].pk}": "25", f"reason_{apt.items['安全'].pk}": "灭火器过期"}
    )
    response = client.post(world.url("service/inspect/floor/"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "未保存" in response.content.decode() or "没有保存" in response.content.decode()
    with scopes_disabled():
        assert not Inspection.objects.exists()


def test_a_deduction_without_a_reason_is_refused(world, apt):
    data = inspect_data(apt, **{f"reason_{apt.items['内务'].pk}": ""})
    response = world.client("inspector").post(world.url("service/inspect/floor/"), data)
    assert response.status_code == 400
    with scopes_disabled():
        assert not Inspection.objects.exists()


def test_a_resident_role_cannot_inspect(world, apt):
    assert world.client("party_member").get(world.url("service/inspect/floor/")).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_every_list_exports_to_excel(world, apt, path):
    response = world.client("secretary").get(world.url(path) + "?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_column >= 4


def test_the_apartment_export_counts_beds(world, apt):
    with scope(community=world.community.pk):
        services.room_assign(
            community=world.community,
            room=apt.rooms[0],
            person=apt.people[0],
            check_in=datetime.date(2026, 1, 5),
            actor=world.secretary,
        )
    response = world.client("secretary").get(world.url("service/?format=xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][0] == "1号公寓楼" and rows[1][2:] == (2, 4, 1, 3)


@pytest.mark.parametrize("path", PAGES)
def test_the_outsider_gets_404(world, apt, path):
    assert world.client("outsider").get(world.url(path)).status_code == 404


def test_pages_answer_the_community(world, apt):
    client = world.client("secretary")
    for path in [*PAGES, f"service/buildings/{apt.building.pk}/", f"service/rooms/{apt.rooms[0].pk}/"]:
        assert client.get(world.url(path)).status_code == 200, path


def test_a_request_is_recorded_through_the_form(world, apt):
    data = {
        "room": apt.rooms[0].pk,
        "kind": "repair",
        "reported_on": "2026-03-03",
        "reporter": "李四",
        "description": "灯不亮",
    }
    response = world.client("secretary").post(world.url("service/requests/new/"), data)
    assert response.status_code == 302
    with scopes_disabled():
        assert ServiceRequest.objects.get().created_by == world.secretary
