"""A person's data rights (issue 16, item 8): everything about a person in one workbook, and
anonymisation where the law allows, each app answering through ``registries.person_data``."""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from sanjian.dedication.models import Activity, Certificate, HourLog
from sanjian.dedication.services.certificates import certificate_issue
from sanjian.dedication.services.hours import log_create
from sanjian.health.services.archives import archive_create
from sanjian.lib.registries import person_data
from sanjian.members.models import Person
from sanjian.members.services import person_anonymise
from sanjian.service.models import Building, Floor, Room, RoomAssignment, ServiceRequest
from sanjian.service.services import dormitories
from sanjian.service.services.requests import request_open
from sanjian.tenancy.models import ReadVia, RecordRead
from sanjian.tenancy.roles import Role
from sanjian.tenancy.selectors import reads_of
from sanjian.tenancy.services import membership_grant
from sanjian.testing import factories as f
from sanjian.testing.demo import demo  # noqa: F401
from sanjian.testing.members import PartyMemberFactory, PersonFactory

TZ = timezone.get_default_timezone()
ALICE = {"name": "王秀英", "phone": "13900001111"}
BOB = {"name": "李建国", "phone": "13800002222"}


@dataclass
class People:
    alice: Any  # a resident volunteer: hours, a certificate, a room, a repair request
    bob: Any  # a party member with a health archive and his own hours and room


def _records(world: Any, person: Any, activity: Any, room: Any, day: datetime.date, work: str) -> None:
    c, secretary = world.community, world.secretary
    start = datetime.datetime.combine(day, datetime.time(8), tzinfo=TZ)
    log_create(
        community=c,
        person=person,
        activity=activity,
        started_at=start,
        ended_at=start + datetime.timedelta(hours=3),
        actor=secretary,
        verified=True,
        note=work,
    )
    dormitories.room_assign(community=c, room=room, person=person, check_in=day, actor=secretary)
    request_open(
        community=c,
        request=ServiceRequest(
            room=room,
            kind="repair",
            reported_on=day,
            reporter=person.name,
            phone=person.phone,
            description="水龙头漏水",
        ),
        actor=secretary,
    )


@pytest.fixture
def people(world) -> People:
    c = world.community
    day = timezone.localdate() - datetime.timedelta(days=2)
    with scopes_disabled():
        login = f.UserFactory(username="wangxy", first_name=ALICE["name"])
        alice = PersonFactory(community=c, user=login, note="常住3号楼", **ALICE)
        bob = PartyMemberFactory(
            community=c,
            branch=world.units["branch"],
            person__community=c,
            person__name=BOB["name"],
            person__phone=BOB["phone"],
        ).person
        organiser = PersonFactory(community=c)
        start = datetime.datetime.combine(day, datetime.time(7), tzinfo=TZ)
        activity = Activity.objects.create(
            community=c,
            organiser=organiser,
            category="civility",
            title="清扫楼道",
            place="3号楼",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
        )
        building = Building.objects.create(community=c, name="3号楼")
        floor = Floor.objects.create(community=c, building=building, number=1)
    with scope(community=c.pk):
        rooms = [
            dormitories.room_save(
                community=c, room=Room(floor=floor, number=n, capacity=2), actor=world.secretary
            )
            for n in ("101", "102")
        ]
        _records(world, alice, activity, rooms[0], day, "擦洗东侧楼梯扶手")
        _records(world, bob, activity, rooms[1], day, "清运西侧建筑垃圾")
        certificate_issue(community=c, person=alice, period_start=day, period_end=day, actor=world.secretary)
        archive_create(community=c, person=bob, actor=world.secretary, allergies="青霉素")
    return People(alice, bob)


def _export(world: Any, who: str, person: Any) -> Any:
    response = world.client(who).post(world.url(f"members/people/{person.pk}/data/export/"))
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content), read_only=True)


def _text(workbook: Any) -> str:
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


# --- export -------------------------------------------------------------------------------------


def test_the_export_holds_each_apps_records_about_the_person_and_nothing_of_another(world, people):
    book = _export(world, "secretary", people.alice)
    titles = set(book.sheetnames)
    assert {"个人信息", "志愿服务工时", "志愿服务证明", "住宿登记", "报修和投诉", "档案查阅记录"} <= titles
    text = _text(book)
    assert people.alice.id_number in text and ALICE["phone"] in text and "擦洗东侧楼梯扶手" in text
    assert "水龙头漏水" in text and "101" in text
    assert BOB["name"] not in text and people.bob.id_number not in text and BOB["phone"] not in text
    assert "清运西侧建筑垃圾" not in text
    assert "102" not in text


def test_the_health_sheets_go_only_to_the_medical_lead_and_the_file_says_so(world, people):
    text = _text(_export(world, "secretary", people.bob))
    assert "青霉素" not in text
    assert "未包含" in text and "健康档案" in text
    with scopes_disabled():
        membership_grant(user=world.secretary, role=Role.MEDICAL_LEAD, community=world.community, actor=None)
    book = _export(world, "secretary", people.bob)
    assert "健康档案" in book.sheetnames and "青霉素" in _text(book)
    with scope(community=world.community.pk):
        archive = people.bob.health_archives.get()
        assert [r.via for r in reads_of(archive)] == [ReadVia.EXPORT]


def test_an_export_is_logged_as_a_read_and_in_history(world, people):
    _export(world, "secretary", people.alice)
    with scope(community=world.community.pk):
        reads = list(reads_of(people.alice))
        assert [(r.user, r.via) for r in reads] == [(world.secretary, ReadVia.EXPORT)]
        newest = people.alice.history.order_by("-history_date", "-history_id").first()
        assert newest.history_user == world.secretary and newest.history_change_reason == "导出了个人数据"


def test_the_data_page_lists_the_apps_and_offers_the_export(world, people):
    response = world.client("secretary").get(world.url(f"members/people/{people.alice.pk}/data/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "下载" in page and "志愿" in page and "匿名化" in page
    person_page = (
        world.client("secretary").get(world.url(f"members/people/{people.alice.pk}/")).content.decode()
    )
    assert f"/people/{people.alice.pk}/data/" in person_page


@pytest.mark.parametrize("who", ["outsider", "neighbour"])
def test_an_outsider_gets_404(world, people, who):
    client = world.client(who)
    assert client.get(world.url(f"members/people/{people.alice.pk}/data/")).status_code == 404
    assert client.post(world.url(f"members/people/{people.alice.pk}/data/export/")).status_code == 404


@pytest.mark.parametrize("who", ["office", "party_member", "medical", "company_admin"])
def test_only_the_secretary_exercises_data_rights(world, people, who):
    client = world.client(who)
    assert client.get(world.url(f"members/people/{people.alice.pk}/data/")).status_code == 403
    assert client.post(world.url(f"members/people/{people.alice.pk}/data/export/")).status_code == 403
    response = client.post(
        world.url(f"members/people/{people.alice.pk}/data/"), {"reason": "本人申请", "confirm": "on"}
    )
    assert response.status_code == 403
    with scopes_disabled():
        assert Person.objects.get(pk=people.alice.pk).name == ALICE["name"]
        assert not RecordRead.objects.exists()


def test_the_export_is_a_post(world, people):
    assert (
        world.client("secretary").get(world.url(f"members/people/{people.alice.pk}/data/export/")).status_code
        == 405
    )


# --- anonymisation ----------------------------------------------------------------------------------


def _everywhere(values: set[str]) -> list[str]:
    """Every text column of every table (history tables included) that still holds one of ``values``."""
    found = []
    with scopes_disabled():
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.JSONField):
                    for pk, value in model._base_manager.values_list("pk", field.name):
                        text = json.dumps(value, ensure_ascii=False)
                        found += [f"{model._meta.db_table}.{field.name}#{pk}" for v in values if v in text]
                elif isinstance(field, models.CharField | models.TextField):
                    for v in values:
                        if model._base_manager.filter(**{f"{field.name}__contains": v}).exists():
                            found.append(f"{model._meta.db_table}.{field.name}")
    return found


def _counts(person: Any) -> tuple:
    with scopes_disabled():
        logs = HourLog.objects.filter(person=person)
        return (
            logs.count(),
            logs.aggregate(m=Sum("minutes"))["m"],
            RoomAssignment.objects.filter(person=person).count(),
            Certificate.objects.filter(person=person).aggregate(m=Sum("minutes"))["m"],
            HourLog.objects.count(),
            Person.objects.count(),
        )


def test_anonymising_removes_the_name_id_number_and_phone_from_every_table_and_keeps_the_counts(
    world, people
):
    alice = people.alice
    secret = {ALICE["name"], alice.id_number, ALICE["phone"]}
    assert len(_everywhere(secret)) >= 4  # the record, its history, the certificate, the request…
    before = _counts(alice)
    response = world.client("secretary").post(
        world.url(f"members/people/{alice.pk}/data/"),
        {"reason": "本人书面申请（2026-12-01）", "confirm": "on"},
    )
    assert response.status_code == 302
    assert _everywhere(secret) == []
    assert _counts(alice) == before
    with scopes_disabled():
        alice.refresh_from_db()
        assert alice.user is None and alice.gender == "male" and alice.birth_date.month == 1
        newest = alice.history.order_by("-history_date", "-history_id").first()
        assert newest.history_user == world.secretary
        assert newest.history_change_reason == "本人书面申请（2026-12-01）"
        # The other person is untouched.
        assert Person.objects.get(pk=people.bob.pk).name == BOB["name"]
        assert ServiceRequest.objects.filter(reporter=BOB["name"], phone=BOB["phone"]).count() == 1


def test_anonymising_asks_for_a_reason_and_an_explicit_yes(world, people):
    client = world.client("secretary")
    url = world.url(f"members/people/{people.alice.pk}/data/")
    assert client.post(url, {"reason": "本人申请"}).status_code == 400
    assert client.post(url, {"reason": " ", "confirm": "on"}).status_code == 400
    with scopes_disabled():
        assert Person.objects.get(pk=people.alice.pk).name == ALICE["name"]


def test_anonymising_is_refused_where_an_app_keeps_the_records_and_says_which(world, people):
    page = world.client("secretary").get(world.url(f"members/people/{people.bob.pk}/data/")).content.decode()
    assert "党员档案、组织生活和党费" in page and "健康档案" in page
    response = world.client("secretary").post(
        world.url(f"members/people/{people.bob.pk}/data/"), {"reason": "本人申请", "confirm": "on"}
    )
    assert response.status_code == 400
    with scope(community=world.community.pk), pytest.raises(ValidationError) as refused:
        person_anonymise(
            community=world.community, person=people.bob, actor=world.secretary, reason="本人申请"
        )
    assert "健康档案" in str(refused.value)
    with scopes_disabled():
        assert Person.objects.get(pk=people.bob.pk).name == BOB["name"]


def test_the_command_exports_and_anonymises_as_the_page_does(world, people, tmp_path):
    target = tmp_path / "alice.xlsx"
    common = ["person_data", "--community", "dongfeng", "--person", str(people.alice.pk), "--user"]
    call_command(*common, world.secretary.username, "export", "-o", str(target))
    assert people.alice.id_number in _text(load_workbook(target, read_only=True))
    with pytest.raises(Exception, match="may not"):
        call_command(*common, world.office.username, "export", "-o", str(target))
    with pytest.raises(Exception, match="--yes"):
        call_command(*common, world.secretary.username, "anonymise", "--reason", "本人申请")
    call_command(*common, world.secretary.username, "anonymise", "--reason", "本人申请", "--yes")
    assert _everywhere({ALICE["name"], people.alice.id_number}) == []
    with scopes_disabled():
        assert RecordRead.objects.filter(object_id=people.alice.pk, via=ReadVia.EXPORT).count() == 1


# --- names typed into notes (free text) -------------------------------------------------------------

#: The unbounded text fields where no one types a person's name: what a standard, an indicator, a
#: dish or a medical archive of the person themselves says. Every other TextField of the project
#: is an app's ``free_text`` (a new one must be put in one place or the other).
NOT_ABOUT_OTHERS = {
    "org.StandardItem.description",
    "assessment.Indicator.description",
    "assessment.Template.clauses",
    "assessment.Letter.clauses",
    "windows.Standard.description",
    "windows.Criterion.method",
    "service.ThemedMonth.health_notes",
    "service.Dish.description",
    "service.Competition.description",
    "health.HealthArchive.allergies",
    "health.HealthArchive.past_history",
    "health.HealthArchive.medications",
    "health.Visit.medications",
    "health.OutreachEvent.materials",
}


def _free_text() -> list[tuple[type[models.Model], tuple[str, ...]]]:
    return [pair for entry in person_data.all() for pair in entry.free_text]


def test_every_long_text_field_is_either_free_text_of_an_app_or_said_to_name_no_one():
    declared = {f"{m._meta.label}.{name}" for m, names in _free_text() for name in names}
    text_fields = {
        f"{m._meta.label}.{f.name}"
        for m in apps.get_models()
        if m.__module__.startswith("sanjian.") and not m.__name__.startswith("Historical")
        for f in m._meta.concrete_fields
        if isinstance(f, models.TextField)
    }
    assert text_fields - declared - NOT_ABOUT_OTHERS == set()
    assert text_fields >= NOT_ABOUT_OTHERS, "a field of NOT_ABOUT_OTHERS is gone"
    assert not declared & NOT_ABOUT_OTHERS


def test_the_export_lists_the_notes_of_other_records_that_name_the_person(world, people):
    with scopes_disabled():
        HourLog.objects.filter(person=people.bob).update(note=f"与{ALICE['name']}一起清运")
    book = _export(world, "secretary", people.alice)
    assert "提及本人的记录" in book.sheetnames
    rows = list(book["提及本人的记录"].iter_rows(values_only=True))
    assert rows[0] == ("记录类别", "栏目", "记录", "文字")
    assert ("工时记录", "服务内容", f"与{ALICE['name']}一起清运") in {(r[0], r[1], r[3]) for r in rows}
    # her own repair request, typed in with her name and phone, is also a note naming her
    assert ("报修或投诉", "电话", ALICE["phone"]) in {(r[0], r[1], r[3]) for r in rows}
    assert BOB["name"] not in {r[3] for r in rows}
    with scope(community=world.community.pk):
        person_anonymise(
            community=world.community, person=people.alice, actor=world.secretary, reason="本人申请"
        )
    with scopes_disabled():
        assert HourLog.objects.get(person=people.bob).note == f"与已匿名人员{people.alice.pk}一起清运"


def _plant(model: type[models.Model], names: tuple[str, ...], community: Any, texts: list[str]) -> bool:
    """Write the longest of ``texts`` that fits into ``names`` of one row of ``model`` in the
    community and into every history row of it; False when the community has no such row."""
    row = model._base_manager.filter(community=community).order_by("pk").first()
    if row is None:
        return False
    for name in names:
        limit = model._meta.get_field(name).max_length or 10_000
        text = next(t for t in texts if len(t) <= limit)
        model._base_manager.filter(pk=row.pk).update(**{name: text})
        history = getattr(model, "history", None)
        if history is not None:
            history.model._base_manager.filter(id=row.pk).update(**{name: text})
    return True


def test_anonymising_a_person_of_the_demo_replaces_their_name_in_every_note_of_every_app(demo, db):  # noqa: F811
    """On the demo's rows (every app's records, as they are made in practice): a person's name,
    ID number and phone are typed into a row of every free-text field the apps declare, and after
    anonymising none of them is left in any text column of any table."""
    community = demo.community
    with scopes_disabled():
        # Every person of the demo who is no party member has a health archive (kept by law):
        # the one anonymised is added to it, and named in the demo's own rows.
        person = PersonFactory(community=community, name="欧阳晓岚", phone="13700003333")
        texts = [
            f"经{person.name}（电话{person.phone}，身份证号{person.id_number}）反映",
            f"{person.name} {person.phone}",
            person.phone,
            person.name,
        ]
        planted = [m for m, fields in _free_text() if _plant(m, fields, community, texts)]
    assert len(planted) >= 40, f"the demo holds rows of only {len(planted)} models with notes"
    secret = {person.name, person.id_number, person.phone}
    before = _everywhere(secret)
    assert len(before) >= 40
    with scope(community=community.pk):
        person_anonymise(community=community, person=person, actor=demo.users["secretary"], reason="本人申请")
    assert _everywhere(secret) == []
