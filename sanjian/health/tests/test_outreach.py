"""Outreach pages (白衣天使进社区): the month's list and its export, the form, the event."""

from __future__ import annotations

import datetime
import io

import pytest
from django_scopes import scope
from openpyxl import load_workbook

from sanjian.health.models import OutreachEvent, OutreachServed


def form(**extra):
    return {
        "kind": "check",
        "title": "义诊",
        "date": "2026-11-12",
        "place": "单身公寓一楼",
        "staff": "陈白鸽、李护士",
        "served_numbers": "",
        "others": "20",
        "materials": "血压计2台",
        "note": "",
        **extra,
    }


def events(med):
    with scope(community=med.world.community.pk):
        return list(OutreachEvent.objects.order_by("pk"))


def test_a_doctor_records_an_event_linked_to_archives(med):
    first, second = med.archive("hypertension"), med.archive()
    client = med.world.client("medical")
    response = client.post(
        med.world.url("health/outreach/new/"), form(served_numbers=f"{first.number}，{second.number}\n")
    )
    assert response.status_code == 302
    (event,) = events(med)
    assert event.people_served == 22 and event.organiser == med.doctor
    with scope(community=med.world.community.pk):
        assert {s.archive_id for s in OutreachServed.objects.filter(event=event)} == {first.pk, second.pk}
        assert event.history.count() == 1
    page = client.get(med.world.url(f"health/outreach/{event.pk}/")).content.decode()
    assert first.person.name in page and "其中 2 人有档案" in page
    edit = client.get(med.world.url(f"health/outreach/{event.pk}/edit/")).content.decode()
    assert first.number in edit and 'value="20"' in edit
    assert (
        client.post(
            med.world.url(f"health/outreach/{event.pk}/edit/"), form(served_numbers=first.number, others="5")
        ).status_code
        == 302
    )
    (event,) = events(med)
    assert event.people_served == 6
    with scope(community=med.world.community.pk):
        assert [s.archive_id for s in OutreachServed.objects.filter(event=event)] == [first.pk]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"served_numbers": "99999"}, "99999"),
        ({"others": "-1"}, "others"),
        ({"date": "明天"}, "date"),
        ({"title": ""}, "title"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_input_writes_nothing(med, bad, message):
    response = med.world.client("medical").post(med.world.url("health/outreach/new/"), form(**bad))
    assert response.status_code == 400
    assert events(med) == []
    if message == "99999":
        assert "99999" in response.content.decode()


def test_the_month_list_shows_and_exports_its_events(med):
    client = med.world.client("medical")
    client.post(med.world.url("health/outreach/new/"), form())
    client.post(med.world.url("health/outreach/new/"), form(date="2026-10-03", title="健康讲座", kind="talk"))
    page = client.get(med.world.url("health/outreach/?month=2026-11")).content.decode()
    assert "义诊" in page and "健康讲座" not in page
    export = client.get(med.world.url("health/outreach/?month=2026-10&format=xlsx"))
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "健康讲座" and rows[1][0].date() == datetime.date(2026, 10, 3)


def _urls(med, event):
    return [
        "health/outreach/",
        "health/outreach/?format=xlsx",
        "health/outreach/new/",
        f"health/outreach/{event.pk}/",
        f"health/outreach/{event.pk}/edit/",
    ]


@pytest.fixture
def event(med):
    med.world.client("medical").post(med.world.url("health/outreach/new/"), form())
    return events(med)[0]


@pytest.mark.parametrize("who", ["outsider", "neighbour"])
def test_an_outsider_gets_404(med, event, who):
    client = med.world.client(who)
    for url in _urls(med, event):
        assert client.get(med.world.url(url)).status_code == 404, url
    assert client.post(med.world.url("health/outreach/new/"), form()).status_code == 404
    assert len(events(med)) == 1


def test_the_secretary_is_refused(med, event):
    client = med.world.client("secretary")
    for url in _urls(med, event):
        assert client.get(med.world.url(url)).status_code == 403, url
