"""The roster import: preview with every bad row named, then all rows in one transaction or none."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sanjian.lib.imports import ERRORS_SHOWN
from sanjian.members import importer
from sanjian.members.models import ImportBatch, ImportStatus, PartyMember, Person
from sanjian.members.tests.sheets import member_row, person_row, xlsx
from sanjian.testing.members import make_id_number


def upload(world, upload_file, who="secretary"):
    return world.client(who).post(world.url("members/import/"), {"file": upload_file})


def last_batch(world) -> ImportBatch:
    with scopes_disabled():
        return ImportBatch.objects.filter(community=world.community).latest("pk")


def people_count(world) -> int:
    with scope(community=world.community.pk):
        return Person.objects.count()


def test_a_good_file_is_previewed_then_imported_with_history(world, crew):
    leader = crew.other_secretary.person
    rows = [
        member_row(
            "甲党员",
            "服务党支部",
            unit="甲窗口",
            post="售饭员",
            leader=leader.id_number,
            cadre="乙职工",
            post_unit="w1",
        ),
        person_row("乙职工", unit="o1", phone=13800138000, employee_number="E1"),
        {**person_row("窗口职工"), "id_number": crew.worker.id_number, "post": "班长"},  # an update
    ]
    response = upload(world, xlsx(rows))
    batch = last_batch(world)
    assert response.status_code == 302 and response["Location"].endswith(f"/members/import/{batch.pk}/")
    assert batch.status == ImportStatus.READY and (batch.created, batch.updated) == (2, 1)
    assert people_count(world) == 8  # nothing written before confirming
    preview = world.client("secretary").get(world.url(f"members/import/{batch.pk}/")).content.decode()
    assert "甲党员" in preview and "确认导入" in preview
    assert world.client("secretary").post(world.url(f"members/import/{batch.pk}/confirm/")).status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE and batch.rows == []
    with scope(community=world.community.pk):
        member = PartyMember.objects.select_related("person", "leader", "cadre").get(person__name="甲党员")
        assert (
            member.branch == world.units["branch"]
            and member.leader == leader
            and member.cadre.name == "乙职工"
        )
        assert member.person.unit == world.units["window"] and member.post_unit == world.units["window"]
        assert Person.objects.get(name="乙职工").phone == "13800138000"
        worker = Person.objects.get(pk=crew.worker.pk)
        assert (
            worker.post == "班长" and worker.unit == world.units["window"]
        )  # blank cells keep what was there
        assert member.person.history.first().history_user == world.secretary
        assert worker.history.count() == 2


def test_a_file_with_every_kind_of_bad_row_lists_them_all_and_writes_nothing(world, crew):
    good = person_row("好人")
    bad_check = make_id_number()
    bad_check = bad_check[:17] + ("0" if bad_check[17] != "0" else "1")
    duplicate = make_id_number()
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    rows = [
        good,
        person_row("校验码错", id_number=bad_check),
        member_row("支部错", "不存在的支部"),
        member_row("将来入党", "服务党支部", joined_on=future),
        person_row("重号一", id_number=duplicate),
        person_row("重号二", id_number=duplicate),
        person_row("", unit="不存在的单位"),
        person_row("性别错", gender="女"),  # the ID number says male
        member_row("状态错", "服务党支部", status="党员"),
        person_row("日期错", birth_date="明天"),
        person_row("工号重", employee_number="E9"),
        person_row("工号重二", employee_number="E9"),
    ]
    upload(world, xlsx(rows))
    batch = last_batch(world)
    assert batch.status == ImportStatus.INVALID
    found = {(e["row"], e["column"]) for e in batch.errors}
    assert {
        (3, "身份证号"),
        (4, "所在党支部"),
        (5, "入党日期"),
        (7, "身份证号"),
        (8, "姓名"),
        (8, "所在单位"),
        (9, "性别"),
        (10, "党员状态"),
        (11, "出生日期"),
        (13, "工号"),
    } <= found
    messages = {}
    for e in batch.errors:
        messages[e["row"]] = messages.get(e["row"], "") + e["message"]
    assert "校验码" in messages[3] and "将来" in messages[5] and "第 6 行" in messages[7]
    page = world.client("secretary").get(world.url(f"members/import/{batch.pk}/")).content.decode()
    assert "未导入任何内容" in page and "校验码" in page
    assert world.client("secretary").post(world.url(f"members/import/{batch.pk}/confirm/")).status_code == 302
    assert people_count(world) == 8
    with scope(community=world.community.pk):
        assert not Person.objects.filter(name="好人").exists()


def test_an_id_number_stored_as_a_number_is_named_for_what_happened(world):
    """Excel and LibreOffice keep 15 digits of a number: 130481198503121234 becomes
    1.3048119850312e+17. Say so, instead of "wrong check digit" and "gender does not match"."""
    rows = [person_row("数字身份证", id_number=1.3048119850312e17), person_row("好人")]
    upload(world, xlsx(rows))
    batch = last_batch(world)
    assert batch.status == ImportStatus.INVALID
    [error] = batch.errors
    assert (error["row"], error["column"]) == (2, "身份证号")
    assert "数字" in error["message"] and "文本" in error["message"]
    assert "校验码" not in error["message"]


def test_the_template_formats_the_id_column_as_text(world):
    response = world.client("secretary").get(world.url("members/import/template/"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    column = list(importer.headers()).index("id_number") + 1
    assert sheet.cell(row=2, column=column).number_format == "@"
    assert sheet.cell(row=2, column=column).data_type == "s"
    letter = get_column_letter(column)
    assert sheet.column_dimensions[letter].number_format == "@"  # the rows typed in later too


def test_headers_may_come_in_any_order_and_optional_ones_may_be_missing(world):
    rows = [member_row("乱序", "b1")]
    upload(world, xlsx(rows, columns=["status", "full_on", "joined_on", "branch", "id_number", "name"]))
    batch = last_batch(world)
    assert batch.status == ImportStatus.READY, batch.errors


def test_a_file_that_is_not_excel_is_refused_in_chinese(world):
    fake = SimpleUploadedFile("roster.xlsx", b"name,id\n", content_type="text/csv")
    upload(world, fake)
    batch = last_batch(world)
    assert batch.status == ImportStatus.FAILED and "xlsx" in batch.message
    response = upload(world, SimpleUploadedFile("roster.csv", b"a,b\n"))
    assert response.status_code == 400 and "xlsx" in response.content.decode()


def test_an_empty_file_and_a_file_without_rows_are_refused(world):
    upload(world, xlsx([], columns=[]))
    assert "表头" in last_batch(world).message or "空" in last_batch(world).message
    upload(world, xlsx([]))
    assert last_batch(world).status == ImportStatus.FAILED
    assert "没有数据" in last_batch(world).message


def test_missing_required_headers_are_named(world):
    upload(world, xlsx([{"name": "甲"}], columns=["name"]))
    batch = last_batch(world)
    assert batch.status == ImportStatus.FAILED and "身份证号" in batch.message


def test_a_file_of_5000_rows_is_checked_and_imported_in_one_go(world):
    rows = [
        member_row(f"成员{i}", "服务党支部") if i % 3 == 0 else person_row(f"职工{i}", unit="甲窗口")
        for i in range(5000)
    ]
    upload(world, xlsx(rows))
    batch = last_batch(world)
    assert batch.status == ImportStatus.READY and batch.total == 5000 and batch.created == 5000
    world.client("secretary").post(world.url(f"members/import/{batch.pk}/confirm/"))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    with scope(community=world.community.pk):
        assert Person.objects.count() == 5000
        assert PartyMember.objects.filter(branch=world.units["branch"]).count() == 1667
        assert Person.history.count() == 5000


def test_confirming_checks_again_and_a_conflict_since_the_preview_writes_nothing(world):
    rows = [person_row("先到"), person_row("后到")]
    upload(world, xlsx(rows))
    batch = last_batch(world)
    with scopes_disabled():
        Person.objects.create(
            community=world.community,
            name="抢先",
            gender="male",
            id_number=rows[1]["id_number"],
            employee_number="X",
        )
        Person.objects.filter(name="抢先").update(employee_number="")
    with scope(community=world.community.pk):
        Person.objects.filter(name="抢先").update(name="抢先录入")
    world.client("secretary").post(world.url(f"members/import/{batch.pk}/confirm/"))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.READY or batch.status == ImportStatus.DONE
    with scope(community=world.community.pk):
        # The second row became an update of the person entered meanwhile; still one transaction.
        assert Person.objects.filter(id_number=rows[1]["id_number"]).count() == 1


def test_a_failure_while_writing_rolls_back_every_row(world, crew, monkeypatch):
    rows = [member_row("一", "b1"), person_row("二")]
    upload(world, xlsx(rows))
    batch = last_batch(world)
    real = importer.history_bulk_insert

    def fail_on_the_archives(model, objs, **kwargs):
        if model is PartyMember:
            raise RuntimeError("disk full")
        return real(model, objs, **kwargs)

    monkeypatch.setattr(importer, "history_bulk_insert", fail_on_the_archives)
    world.client("secretary").post(world.url(f"members/import/{batch.pk}/confirm/"))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and "未写入" in batch.message
    assert people_count(world) == 8  # the people written before the failure were rolled back too


def test_the_progress_of_a_running_check_is_polled_with_htmx(world):
    rows = [person_row("甲")]
    upload(world, xlsx(rows))
    batch = last_batch(world)
    with scopes_disabled():
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.CHECKING, total=1000, done=250)
    response = world.client("secretary").get(world.url(f"members/import/{batch.pk}/"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<div id="import-status"') and 'hx-trigger="every 1s"' in html and "25%" in html
    with scopes_disabled():
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.READY, done=1000)
    html = (
        world.client("secretary")
        .get(world.url(f"members/import/{batch.pk}/"), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "hx-trigger" not in html


def test_the_progress_counter_advances_during_a_check(world):
    seen = []
    rows = [{"row": i + 2, **person_row(f"人{i}")} for i in range(250)]
    with scope(community=world.community.pk):
        importer.check_rows(rows, community=world.community, progress=seen.append)
    assert seen == [100, 200]


def test_while_the_file_is_read_the_page_says_so_rather_than_zero_of_zero(world):
    upload(world, xlsx([person_row("甲")]))
    batch = last_batch(world)
    with scopes_disabled():
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.CHECKING, total=0, done=0)
    html = (
        world.client("secretary")
        .get(world.url(f"members/import/{batch.pk}/"), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "0 / 0" not in html and "共 0 行" not in html and "正在读取" in html


def test_a_long_error_report_shows_the_first_errors_counts_by_column_and_the_full_list_as_excel(world):
    bad = make_id_number()[:17] + "0"
    rows = [person_row(f"错{i}", id_number=bad if i % 2 else "123") for i in range(300)]
    upload(world, xlsx(rows))
    batch = last_batch(world)
    assert batch.status == ImportStatus.INVALID and len(batch.errors) >= 300
    html = world.client("secretary").get(world.url(f"members/import/{batch.pk}/")).content.decode()
    assert html.count("<tr><td>") <= ERRORS_SHOWN + 10  # the first errors, and the counts
    assert "身份证号" in html and str(len([e for e in batch.errors if e["column"] == "身份证号"])) in html
    response = world.client("secretary").get(world.url(f"members/import/{batch.pk}/errors.xlsx"))
    assert response.status_code == 200
    listed = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(listed) == len(batch.errors) + 1
    assert world.client("office").get(world.url(f"members/import/{batch.pk}/errors.xlsx")).status_code == 403


def test_a_big_file_goes_through_the_task_queue(world, monkeypatch):
    calls = []
    monkeypatch.setattr(importer, "BACKGROUND_BYTES", 10)
    from sanjian.members import tasks

    original = tasks.import_check.call_local
    monkeypatch.setattr(tasks.import_check, "call_local", lambda *a: calls.append(a) or original(*a))
    upload(world, xlsx([person_row("甲")]))
    assert calls == []  # huey ran it (immediately, in tests), not the request
    assert last_batch(world).status == ImportStatus.READY


def test_the_template_has_every_header_and_an_example_row(world):
    response = world.client("secretary").get(world.url("members/import/template/"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == list(importer.headers().values())
    assert rows[1][0] == "张三"


@pytest.mark.parametrize("who", ["party_member", "office", "inspector"])
def test_only_managers_import(world, who):
    assert world.client(who).get(world.url("members/import/")).status_code == 403
    assert upload(world, xlsx([person_row("甲")]), who=who).status_code == 403
