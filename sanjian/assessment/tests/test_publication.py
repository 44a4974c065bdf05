"""透明管理: closing, review and publication on the pages; the public page, the sheet and the card."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from sanjian.assessment import services
from sanjian.assessment.models import Period, PeriodStatus, Result
from sanjian.assessment.tests.conftest import advance, enter

D = Decimal


def step(world, who, period, name):
    return world.client(who).post(world.url(f"assessment/periods/{period.pk}/step/{name}/"), follow=True)


def status(period) -> str:
    with scopes_disabled():
        return Period.objects.get(pk=period.pk).status


@pytest.fixture
def scored(world, library, month):
    enter(world, month, world.units["window"], library.hygiene, "value", 90, "卫生检查全部达标")
    enter(
        world,
        month,
        world.units["window"],
        library.complaints,
        "occurrence",
        1,
        "饭菜分量不足被投诉",
        who="inspector",
    )
    enter(world, month, world.units["window2"], library.hygiene, "value", 75)
    return month


def test_the_secretary_closes_reviews_and_publishes(world, scored):
    for name, expected in [("close", "closed"), ("review", "reviewed"), ("publish", "published")]:
        response = step(world, "secretary", scored, name)
        assert response.status_code == 200
        assert status(scored) == expected
    assert "结果已公示，申诉期开始" in response.content.decode()


def test_only_leaders_move_a_period_on(world, scored):
    for who in ["office", "supervisor", "window_manager", "inspector", "party_member"]:
        assert step(world, who, scored, "close").status_code == 403
    assert status(scored) == "open"


def test_a_step_out_of_order_is_refused_with_a_message(world, scored):
    page = step(world, "secretary", scored, "publish").content.decode()
    assert "现在不能进行这一步" in page and status(scored) == "open"
    assert (
        world.client("secretary").post(world.url(f"assessment/periods/{scored.pk}/step/nope/")).status_code
        == 404
    )


def test_reopening_needs_a_reason(world, scored):
    advance(world, scored, to="closed")
    url = world.url(f"assessment/periods/{scored.pk}/reopen/")
    world.client("secretary").post(url, {"reason": ""})
    assert status(scored) == "closed"
    world.client("secretary").post(url, {"reason": "补录投诉"})
    assert status(scored) == "open"


def test_drafts_are_for_the_leaders_until_published(world, scored):
    advance(world, scored, to="closed")
    url = world.url(f"assessment/periods/{scored.pk}/results/")
    assert world.client("party_member").get(url).status_code == 404
    page = world.client("secretary").get(url).content.decode()
    assert "审核稿" in page
    review = world.client("secretary").get(world.url(f"assessment/periods/{scored.pk}/")).content.decode()
    assert "公示前请核查" in review and "未录入实测值" in review


def test_every_member_sees_the_published_breakdown_with_reasons(world, scored):
    advance(world, scored, to="published")
    page = (
        world.client("party_member")
        .get(world.url(f"assessment/periods/{scored.pk}/results/"))
        .content.decode()
    )
    assert "甲窗口" in page and "乙窗口" in page
    assert "卫生检查全部达标" in page and "饭菜分量不足被投诉" in page
    assert "自动取数（assessment.cost_variance）" in page
    assert "申诉" in page
    listed = world.client("medical").get(world.url("assessment/published/")).content.decode()
    assert str(scored) in listed


def test_the_open_period_has_no_public_results(world, scored):
    assert (
        world.client("secretary").get(world.url(f"assessment/periods/{scored.pk}/results/")).status_code
        == 404
    )


def test_the_result_sheet_has_a_row_per_unit_and_indicator(world, scored):
    advance(world, scored, to="published")
    response = world.client("party_member").get(world.url(f"assessment/periods/{scored.pk}/results.xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["单位类型", "单位", "排名", "得分", "调整", "最终得分"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    hygiene = next(r for r in rows if r[1] == "甲窗口" and r[6] == "环境卫生")
    assert hygiene[3] == hygiene[5] and hygiene[10] == 40 and hygiene[14] == "卫生检查全部达标"
    assert len([r for r in rows if r[1] == "甲窗口"]) == 4


def test_the_score_card_prints_to_pdf(world, scored, tmp_path):
    advance(world, scored, to="published")
    with scopes_disabled():
        result = Result.objects.get(period=scored, unit=world.units["window"])
    response = world.client("window_manager").get(world.url(f"assessment/results/{result.pk}/card.pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    (tmp_path / "card.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "card.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "考核计分卡" in text and "甲窗口" in text and "饭菜分量不足被投诉" in text


def test_published_scores_never_change_by_recomputing(world, library, scored):
    advance(world, scored, to="published")
    with scopes_disabled():
        result = Result.objects.get(period=scored, unit=world.units["window"])
    with pytest.raises(ValidationError, match="已关闭"):
        enter(world, scored, world.units["window"], library.hygiene, "value", 10)
    with scope(community=world.community.pk), pytest.raises(ValidationError, match="不能进行这一步"):
        services.period_close(period=scored, actor=world.secretary)
    with scopes_disabled():
        assert Result.objects.get(pk=result.pk).total == result.total
    assert status(scored) == PeriodStatus.PUBLISHED


def test_the_periods_are_listed_newest_first(world, library, month):
    from sanjian.assessment.tests.conftest import open_month

    open_month(world, month=4)
    open_month(world, year=2025, month=12)
    page = world.client("inspector").get(world.url("assessment/")).content.decode()
    assert page.index("2026年4月") < page.index("2026年3月") < page.index("2025年12月")
