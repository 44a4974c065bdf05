"""Inspections on a phone: per item deductions (capped), items not applicable, the veto, submission,
and corrections that are the only way to change a submitted inspection."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from sanjian.lib import scoring
from sanjian.windows import services
from sanjian.windows.models import (
    Criterion,
    Deduction,
    Inspection,
    InspectionCorrection,
    InspectionStatus,
    NotApplicable,
)

D = Decimal


def line(points, cap=None, *, veto=False, applicable=True, triggered=False, deductions=()):
    cap = points if cap is None else cap
    return scoring.LineScore(D(points), D(cap), veto, applicable, triggered, [D(x) for x in deductions])


def test_the_score_is_points_earned_over_points_applicable():
    result = scoring.score([line(10, deductions=[2]), line(20, deductions=[1, 1]), line(10)])
    assert (result.applicable, result.earned, result.value) == (D(40), D(36), D("90.00"))


def test_deductions_on_an_item_stop_at_its_cap():
    result = scoring.score([line(10, 4, deductions=[3, 3, 3]), line(10)])
    assert result.earned == D(16) and result.value == D("80.00")


def test_items_not_applicable_count_neither_way():
    result = scoring.score([line(10, deductions=[5]), line(30, applicable=False, deductions=[30])])
    assert (result.applicable, result.value) == (D(10), D("50.00"))


def test_a_triggered_veto_zeroes_the_inspection():
    result = scoring.score([line(10), line(0, veto=True, triggered=True)])
    assert result.vetoed and result.value == D("0.00")


def test_a_veto_item_that_does_not_apply_cannot_zero_it():
    result = scoring.score([line(10), line(0, veto=True, applicable=False, triggered=True)])
    assert not result.vetoed and result.value == D("100.00")


def test_nothing_applicable_has_no_score():
    assert scoring.score([line(10, applicable=False)]).value is None


def test_the_score_rounds_half_up_to_a_hundredth():
    assert scoring.score([line(3, deductions=[1])]).value == D("66.67")


@given(
    st.lists(st.tuples(st.integers(1, 20), st.lists(st.integers(0, 30), max_size=4)), min_size=1, max_size=8)
)
def test_a_score_without_veto_always_lies_between_0_and_100(items):
    result = scoring.score([line(points, deductions=deductions) for points, deductions in items])
    assert D(0) <= result.value <= D(100)


# --- The pages -----------------------------------------------------------------------------


def start(world, who="inspector", window="window", **data):
    client = world.client(who)
    payload = {"window": world.units[window].pk, "inspected_on": timezone.localdate().isoformat(), **data}
    return client, client.post(world.url("windows/inspections/new/"), payload)


def the_inspection(world, window="window"):
    with scopes_disabled():
        return Inspection.objects.filter(window=world.units[window]).select_related("standard").latest("pk")


def line_of(inspection, code):
    with scopes_disabled():
        return inspection.lines.get(criterion__code=code)


def test_an_inspector_starts_an_inspection_with_one_line_per_item(world, standard):
    _client, response = start(world)
    inspection = the_inspection(world)
    assert response.status_code == 302 and response["Location"].endswith(f"/inspections/{inspection.pk}/")
    with scopes_disabled():
        assert inspection.lines.count() == 5
        assert (inspection.status, inspection.inspector, inspection.standard) == (
            InspectionStatus.DRAFT,
            world.inspector,
            standard,
        )
        assert inspection.history.get().history_user == world.inspector


def test_an_item_not_applicable_to_the_window_is_marked_so_in_the_inspection(world, standard):
    with scopes_disabled():
        criterion = Criterion.objects.get(code="3.1")
        NotApplicable.objects.create(
            community=world.community, window=world.units["window"], criterion=criterion, reason="不做菜"
        )
    start(world)
    assert not line_of(the_inspection(world), "3.1").applicable
    assert line_of(the_inspection(world), "1.1").applicable


def test_a_window_without_a_standard_cannot_be_inspected(world):
    _client, response = start(world)
    assert response.status_code == 400
    assert "还没有工作标准" in response.content.decode()
    with scopes_disabled():
        assert not Inspection.objects.exists()


def test_an_inspection_cannot_be_dated_in_the_future(world, standard):
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    _client, response = start(world, inspected_on=tomorrow.isoformat())
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()


def test_a_supervising_unit_inspects_only_the_windows_it_guarantees(world, standard):
    _client, response = start(world, who="supervisor", window="window2")
    assert response.status_code == 302
    _client, response = start(world, who="supervisor", window="window3")  # guaranteed by nobody
    assert response.status_code == 400
    assert "有效的选项" in response.content.decode()


@pytest.mark.parametrize("who", ["window_manager", "office", "party_member", "medical"])
def test_other_roles_cannot_start_an_inspection(world, standard, who):
    _client, response = start(world, who=who)
    assert response.status_code == 403
    with scopes_disabled():
        assert not Inspection.objects.exists()


def png(size=(20, 20)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format="PNG")
    return SimpleUploadedFile("lapse.png", out.getvalue(), content_type="image/png")


def test_filling_in_deductions_and_a_veto_then_submitting(world, standard):
    client, _response = start(world)
    inspection = the_inspection(world)
    base = world.url(f"windows/inspections/{inspection.pk}/")
    l11, l12, veto = line_of(inspection, "1.1"), line_of(inspection, "1.2"), line_of(inspection, "V")
    response = client.post(
        f"{base}items/{l11.pk}/deduct/", {"points": "2", "reason": "未使用文明用语", "photo": png()}
    )
    assert response.status_code == 302
    for _i in range(3):  # 6 points off an item capped at 4
        client.post(f"{base}items/{l12.pk}/deduct/", {"points": "2", "reason": "未戴帽子"})
    page = client.get(base).content.decode()
    assert "未使用文明用语" in page and "照片" in page
    assert ">88.00<" in page.replace(" ", "")  # (50 - 2 - 4) / 50
    client.post(f"{base}items/{veto.pk}/veto/", {"triggered": "1", "veto_reason": "经核实的严重投诉"})
    client.post(f"{base}items/{veto.pk}/veto/", {"triggered": "0"})  # lifted again before submitting
    response = client.post(f"{base}submit/")
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.status, inspection.score, inspection.points_applicable, inspection.vetoed) == (
        InspectionStatus.SUBMITTED,
        D("88.00"),
        D("50.0"),
        False,
    )


def test_deductions_answer_htmx_with_the_line_and_the_score(world, standard):
    client, _response = start(world)
    inspection = the_inspection(world)
    l21 = line_of(inspection, "2.1")
    url = world.url(f"windows/inspections/{inspection.pk}/items/{l21.pk}/deduct/")
    response = client.post(url, {"points": "5", "reason": "餐具未消毒"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="line-{l21.pk}"' in html and "餐具未消毒" in html
    assert 'id="sj-score"' in html and 'hx-swap-oob="true"' in html and "90.00" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"points": "0", "reason": "x"}, "0.1"),
        ({"points": "30", "reason": "x"}, "不能超过条目分值"),
        ({"points": "2", "reason": ""}, "必填项"),
        ({"points": "abc", "reason": "x"}, "输入一个数字"),
    ],
)
def test_bad_deductions_are_refused_in_chinese(world, standard, data, message):
    client, _response = start(world)
    inspection = the_inspection(world)
    url = world.url(f"windows/inspections/{inspection.pk}/items/{line_of(inspection, '2.1').pk}/deduct/")
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert message in response.content.decode()
    with scopes_disabled():
        assert not Deduction.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(world, standard):
    client, _response = start(world)
    inspection = the_inspection(world)
    url = world.url(f"windows/inspections/{inspection.pk}/items/{line_of(inspection, '2.1').pk}/deduct/")
    fake = SimpleUploadedFile("lapse.png", b"not an image", content_type="image/png")
    response = client.post(url, {"points": "1", "reason": "x", "photo": fake}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "图片" in response.content.decode()
    with scopes_disabled():
        assert not Deduction.objects.exists()


def test_a_veto_item_takes_no_deduction_and_a_veto_needs_its_reason(world, standard):
    client, _response = start(world)
    inspection = the_inspection(world)
    veto = line_of(inspection, "V")
    base = world.url(f"windows/inspections/{inspection.pk}/items/{veto.pk}/")
    response = client.post(base + "deduct/", {"points": "1", "reason": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "一票否决项不扣分" in response.content.decode()
    response = client.post(base + "veto/", {"triggered": "1", "veto_reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    l11 = line_of(inspection, "1.1")
    response = client.post(
        world.url(f"windows/inspections/{inspection.pk}/items/{l11.pk}/veto/"),
        {"triggered": "1", "veto_reason": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400 and "只能启用适用的一票否决项" in response.content.decode()


def test_a_triggered_veto_submits_a_zero(world, standard):
    client, _response = start(world)
    inspection = the_inspection(world)
    veto = line_of(inspection, "V")
    client.post(
        world.url(f"windows/inspections/{inspection.pk}/items/{veto.pk}/veto/"),
        {"triggered": "1", "veto_reason": "经核实的严重投诉"},
    )
    client.post(world.url(f"windows/inspections/{inspection.pk}/submit/"))
    inspection.refresh_from_db()
    assert inspection.vetoed and inspection.score == D("0.00")


def submitted(world, standard, deductions=(("1.1", "2"),)):
    client, _response = start(world)
    inspection = the_inspection(world)
    for code, points in deductions:
        url = world.url(f"windows/inspections/{inspection.pk}/items/{line_of(inspection, code).pk}/deduct/")
        client.post(url, {"points": points, "reason": "现场发现"})
    client.post(world.url(f"windows/inspections/{inspection.pk}/submit/"))
    inspection.refresh_from_db()
    return inspection


def test_a_submitted_inspection_is_no_longer_edited_in_place(world, standard):
    inspection = submitted(world, standard)
    client = world.client("inspector")
    l21 = line_of(inspection, "2.1")
    response = client.post(
        world.url(f"windows/inspections/{inspection.pk}/items/{l21.pk}/deduct/"),
        {"points": "1", "reason": "x"},
    )
    assert response.status_code == 403
    with scopes_disabled():
        deduction = Deduction.objects.get()
    assert (
        client.post(
            world.url(f"windows/inspections/{inspection.pk}/deductions/{deduction.pk}/delete/")
        ).status_code
        == 403
    )
    assert client.post(world.url(f"windows/inspections/{inspection.pk}/delete/")).status_code == 403
    with scope(community=world.community.pk), pytest.raises(Exception, match="更正"):
        services.deduction_add(line=l21, points=D(1), reason="x", actor=world.inspector)


def test_a_correction_records_who_why_what_and_the_score_before_and_after(world, standard):
    inspection = submitted(world, standard, (("1.1", "2"), ("2.1", "4")))
    assert inspection.score == D("88.00")
    with scopes_disabled():
        wrong = Deduction.objects.get(reason="现场发现", line__criterion__code="2.1")
    client = world.client("secretary")
    url = world.url(f"windows/inspections/{inspection.pk}/correct/")
    response = client.post(
        url, {"reason": "复核录像，餐具已消毒", "action": "withdraw", "deduction": wrong.pk}
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.score == D("96.00")
    with scopes_disabled():
        correction = InspectionCorrection.objects.get()
        wrong.refresh_from_db()
        assert (correction.score_before, correction.score_after, correction.author) == (
            D("88.00"),
            D("96.00"),
            world.secretary,
        )
        assert wrong.withdrawn_by == correction  # kept, crossed out, never deleted
        assert "撤销" in correction.summary and "餐具消毒" in correction.summary
        assert inspection.history.latest().history_user == world.secretary
    page = client.get(world.url(f"windows/inspections/{inspection.pk}/")).content.decode()
    assert "复核录像，餐具已消毒" in page and "88.00 → 96.00" in page and "sj-withdrawn" in page


def test_a_correction_can_add_a_deduction_or_a_veto(world, standard):
    inspection = submitted(world, standard, ())
    client = world.client("inspector")
    url = world.url(f"windows/inspections/{inspection.pk}/correct/")
    l31, veto = line_of(inspection, "3.1"), line_of(inspection, "V")
    client.post(
        url, {"reason": "补录", "action": "add", "line": l31.pk, "points": "5", "detail": "本月未开展"}
    )
    inspection.refresh_from_db()
    assert inspection.score == D("90.00")
    client.post(url, {"reason": "投诉核实", "action": "veto", "line": veto.pk, "detail": "经核实的严重投诉"})
    inspection.refresh_from_db()
    assert inspection.vetoed and inspection.score == D("0.00")
    with scopes_disabled():
        assert [c.score_after for c in InspectionCorrection.objects.order_by("pk")] == [D("90.00"), D("0.00")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "", "action": "add"}, "必填项"),
        ({"reason": "x", "action": "add", "points": "1", "detail": "y"}, "请选择本次检查的条目"),
        ({"reason": "x", "action": "withdraw"}, "仍然有效的扣分"),
        ({"reason": "x", "action": "lift_veto", "line": "VETO"}, "已是如此"),
    ],
)
def test_a_bad_correction_changes_nothing(world, standard, data, message):
    inspection = submitted(world, standard)
    if data.get("line") == "VETO":
        data["line"] = line_of(inspection, "V").pk
    response = world.client("inspector").post(
        world.url(f"windows/inspections/{inspection.pk}/correct/"), data
    )
    assert response.status_code == 400 and message in response.content.decode()
    with scopes_disabled():
        assert not InspectionCorrection.objects.exists()
    inspection.refresh_from_db()
    assert inspection.score == D("96.00")


def test_only_those_who_may_correct_the_window_correct(world, standard):
    inspection = submitted(world, standard)
    url = world.url(f"windows/inspections/{inspection.pk}/correct/")
    assert world.client("window_manager").get(url).status_code == 403
    assert world.client("office").get(url).status_code == 403
    assert world.client("supervisor").get(url).status_code == 200  # it guarantees the window


def test_a_draft_is_corrected_by_simply_editing_it(world, standard):
    start(world)
    inspection = the_inspection(world)
    response = world.client("inspector").get(world.url(f"windows/inspections/{inspection.pk}/correct/"))
    assert response.status_code == 403


def test_a_window_manager_sees_its_windows_submitted_inspections_but_no_draft(world, standard):
    draft_client, _response = start(world)
    draft = the_inspection(world)
    done = submitted(world, standard)
    _c, _r = start(world, window="window2")
    other = the_inspection(world, "window2")
    other_client = world.client("inspector")
    other_client.post(world.url(f"windows/inspections/{other.pk}/submit/"))
    manager = world.client("window_manager")
    listing = manager.get(world.url("windows/inspections/")).content.decode()
    assert f"/inspections/{done.pk}/" in listing
    assert f"/inspections/{draft.pk}/" not in listing and f"/inspections/{other.pk}/" not in listing
    assert manager.get(world.url(f"windows/inspections/{done.pk}/")).status_code == 200
    assert manager.get(world.url(f"windows/inspections/{draft.pk}/")).status_code == 403
    assert manager.get(world.url(f"windows/inspections/{other.pk}/")).status_code == 403


def test_a_draft_is_seen_by_its_inspector_and_the_leaders_only(world, standard):
    start(world)
    draft = the_inspection(world)
    url = world.url(f"windows/inspections/{draft.pk}/")
    assert world.client("inspector").get(url).status_code == 200
    assert world.client("secretary").get(url).status_code == 200
    assert (
        world.client("supervisor").get(url).status_code == 403
    )  # may inspect the window, but not someone's draft
    assert world.client("party_member").get(url).status_code == 403


def test_the_photo_of_a_deduction_is_served_to_who_may_see_the_inspection(world, standard):
    client, _response = start(world)
    inspection = the_inspection(world)
    l11 = line_of(inspection, "1.1")
    client.post(
        world.url(f"windows/inspections/{inspection.pk}/items/{l11.pk}/deduct/"),
        {"points": "1", "reason": "x", "photo": png()},
    )
    with scopes_disabled():
        deduction = Deduction.objects.get()
    url = world.url(f"windows/inspections/{inspection.pk}/deductions/{deduction.pk}/photo/")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert world.client("window_manager").get(url).status_code == 403  # still a draft


def test_a_draft_is_deleted_with_its_lines(world, standard):
    client, _response = start(world)
    inspection = the_inspection(world)
    client.post(
        world.url(f"windows/inspections/{inspection.pk}/items/{line_of(inspection, '1.1').pk}/deduct/"),
        {"points": "1", "reason": "x"},
    )
    assert client.get(world.url(f"windows/inspections/{inspection.pk}/delete/")).status_code == 200
    response = client.post(world.url(f"windows/inspections/{inspection.pk}/delete/"))
    assert response.status_code == 302
    with scopes_disabled():
        assert not Inspection.objects.exists() and not Deduction.objects.exists()
        assert Inspection.history.filter(history_type="-").get().history_user == world.inspector


def test_another_inspector_cannot_fill_in_someone_elses_draft(world, standard):
    start(world, who="supervisor")
    inspection = the_inspection(world)
    url = world.url(f"windows/inspections/{inspection.pk}/items/{line_of(inspection, '1.1').pk}/deduct/")
    assert world.client("inspector").post(url, {"points": "1", "reason": "x"}).status_code == 403
    assert world.client("secretary").post(url, {"points": "1", "reason": "x"}).status_code == 302
