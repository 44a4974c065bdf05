"""定额控制: quotas and actuals in Decimal yuan, variance and its rate, overspending, Excel import."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook, load_workbook

from sanjian.assessment.indicators import cost_variance_rate
from sanjian.assessment.models import CostItem
from sanjian.assessment.tests.conftest import advance

D = Decimal
HEADERS = ["单位代码", "成本项目", "计量单位", "定额", "实际", "备注"]


def cost(world, month, unit="window", name="食材成本", quota="100", actual=None) -> CostItem:
    with scopes_disabled():
        return CostItem.objects.create(
            community=world.community,
            period=month,
            unit=world.units[unit],
            name=name,
            quota=D(quota),
            actual=None if actual is None else D(actual),
        )


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in [HEADERS, *rows]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("quotas.xlsx", out.getvalue())


def items(month) -> dict[tuple[str, str], CostItem]:
    with scopes_disabled():
        return {
            (i.unit.code, i.name): i for i in CostItem.objects.filter(period=month).select_related("unit")
        }


def test_variance_and_its_rate_round_half_up_in_decimal(world, library, month):
    item = cost(world, month, quota="3.00", actual="3.10")
    assert item.variance == D("0.10")
    assert item.variance_rate == D("3.33")  # 0.1 ÷ 3 = 3.333…%
    assert cost(world, month, name="水电", quota="8", actual="7.00").variance_rate == D("-12.50")
    assert cost(world, month, name="保洁", quota="3", actual="3.05").variance_rate == D("1.67")  # 1.6666…
    assert cost(world, month, name="未报", quota="1").variance is None


def test_the_cost_source_averages_the_rates_of_the_items_with_an_actual(world, library, month):
    cost(world, month, name="每餐食材", quota="4.50", actual="4.95")  # +10 %
    cost(world, month, name="燃气", quota="2000", actual="1900")  # −5 %
    cost(world, month, name="未报", quota="100")
    cost(world, month, unit="window2", name="食材", quota="100", actual="100")
    units = [world.units["window"], world.units["window2"], world.units["window3"]]
    with scope(community=world.community.pk):
        rates = cost_variance_rate(units, month.start, month.end)
    assert rates == {units[0].pk: D("2.50"), units[1].pk: D("0.00")}


def test_overspending_beyond_the_threshold_is_flagged(world, library, month):
    cost(world, month, name="超支项目", quota="100", actual="105.01")
    cost(world, month, name="正好", quota="100", actual="105.00")
    page = world.client("inspector").get(world.url(f"assessment/periods/{month.pk}/costs/")).content.decode()
    assert page.count("超支</span>") == 1 and "¥105.01" in page and "5.01%" in page


def test_an_office_records_the_actual_of_a_window_it_guarantees(world, library, month):
    item = cost(world, month)
    url = world.url(f"assessment/costs/{item.pk}/")
    assert world.client("office").post(url, {"actual": "98.5", "note": "月底盘点"}).status_code == 302
    assert items(month)[("w1", "食材成本")].actual == D("98.50")
    other = cost(world, month, unit="window3", name="食材成本")
    assert (
        world.client("office").post(world.url(f"assessment/costs/{other.pk}/"), {"actual": "1"}).status_code
        == 403
    )
    assert world.client("window_manager").post(url, {"actual": "1"}).status_code == 403
    assert world.client("office").post(url, {"actual": "-3"}).status_code == 400
    assert world.client("office").post(url, {"actual": "1.234"}).status_code == 400  # no fractions of a fen
    assert items(month)[("w1", "食材成本")].actual == D("98.50")


def test_the_secretary_adds_a_cost_item(world, library, month):
    url = world.url(f"assessment/periods/{month.pk}/costs/new/")
    data = {
        "unit": world.units["window"].pk,
        "name": "清洁用品",
        "measure": "元",
        "quota": "300",
        "actual": "",
    }
    assert world.client("secretary").post(url, data).status_code == 302
    duplicate = world.client("secretary").post(url, data)
    assert duplicate.status_code == 400 and "已有此成本项目" in duplicate.content.decode()
    assert world.client("office").get(url).status_code == 403
    assert world.client("secretary").post(url, {**data, "name": "x", "quota": "0"}).status_code == 400


def test_quotas_are_imported_from_excel(world, library, month):
    cost(world, month, name="食材成本", quota="100")
    sheet = xlsx(
        [["w1", "食材成本", "元/餐", 4.5, 4.62, "按餐计"], ["w2", "水电费", "元", "1,200.50", None, None]]
    )
    url = world.url(f"assessment/periods/{month.pk}/costs/import/")
    response = world.client("secretary").post(url, {"file": sheet})
    assert response.status_code == 302
    got = items(month)
    assert (got[("w1", "食材成本")].quota, got[("w1", "食材成本")].actual) == (D("4.50"), D("4.62"))
    assert got[("w1", "食材成本")].measure == "元/餐"
    assert (got[("w2", "水电费")].quota, got[("w2", "水电费")].actual) == (D("1200.50"), None)


def test_a_sheet_with_bad_rows_imports_nothing_and_names_every_bad_row(world, library, month):
    sheet = xlsx(
        [
            ["w1", "食材成本", "", 100, 90, ""],
            ["nope", "水电费", "", 100, None, ""],
            ["w2", "", "", "abc", None, ""],
            ["w3", "燃气", "", 50, -1, ""],
            ["w1", "食材成本", "", 100, 90, ""],
        ]
    )
    response = world.client("secretary").post(
        world.url(f"assessment/periods/{month.pk}/costs/import/"), {"file": sheet}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "第 3 行“单位代码”列" in page and "第 4 行“成本项目”列" in page and "第 4 行“定额”列" in page
    assert "第 5 行“实际”列" in page and "第 6 行“成本项目”列：该单位的此项目在表中出现了两次" in page
    assert items(month) == {}


def test_a_file_that_is_not_a_workbook_is_refused(world, library, month):
    url = world.url(f"assessment/periods/{month.pk}/costs/import/")
    fake = SimpleUploadedFile("quotas.xlsx", b"not a workbook")
    response = world.client("secretary").post(url, {"file": fake})
    assert response.status_code == 400 and "不是 Excel" in response.content.decode()
    assert world.client("office").post(url, {"file": xlsx([])}).status_code == 403


def test_only_leaders_download_the_sheet_to_fill(world, library, month):
    url = world.url(f"assessment/periods/{month.pk}/costs/sheet.xlsx")
    for who in ["office", "supervisor", "window_manager", "inspector", "party_member"]:
        assert world.client(who).get(url).status_code == 403


def test_the_sheet_to_fill_lists_the_units(world, library, month):
    response = world.client("secretary").get(world.url(f"assessment/periods/{month.pk}/costs/sheet.xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {"w1", "w2", "w3", "o1", "o2"}


def test_the_cost_indicator_scores_the_variance_by_its_rule(world, library, month):
    from sanjian.assessment.models import Result

    cost(world, month, quota="200", actual="204")  # +2 %: linear 10 → 0 lower is better: 80 % of 10
    advance(world, month, to="closed")
    with scopes_disabled():
        line = Result.objects.get(period=month, unit=world.units["window"]).line(library.cost.pk)
    assert (line.value, line.earned) == (D(2), D(8))


def test_costs_cannot_change_once_the_period_is_closed(world, library, month):
    item = cost(world, month)
    advance(world, month, to="closed")
    response = world.client("secretary").post(world.url(f"assessment/costs/{item.pk}/"), {"actual": "5"})
    assert response.status_code == 400
    assert items(month)[("w1", "食材成本")].actual is None
