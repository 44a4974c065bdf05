"""The indicator library, the templates per unit kind and the assessment settings: the leaders' pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from sanjian.assessment.models import Indicator, Policy, Template, TemplateItem

D = Decimal
NOT_LEADERS = ["office", "supervisor", "window_manager", "inspector", "party_member", "medical"]
PAGES = [
    "assessment/indicators/",
    "assessment/indicators/new/",
    "assessment/templates/window/",
    "assessment/settings/",
]

INDICATOR = {
    "code": "rectify",
    "name": "整改及时率",
    "category": "standard",
    "measure": "%",
    "rule": "bands",
    "higher_is_better": "on",
    "bands": "100:100，95:80；90:50",
    "bonus_cap": "0",
    "entry_roles": ["inspector", "supervisor"],
    "is_active": "on",
}


@pytest.mark.parametrize("page", PAGES)
def test_only_leaders_keep_the_library(world, library, page):
    assert world.client("secretary").get(world.url(page)).status_code == 200
    assert world.client("company_admin").get(world.url(page)).status_code == 200
    for who in NOT_LEADERS:
        assert world.client(who).get(world.url(page)).status_code == 403, who


def test_the_library_lists_indicators_with_their_rules_and_sources(world, library):
    with scopes_disabled():
        library.party.source_key = "health.followups_on_time"
        library.party.save()
    page = world.client("secretary").get(world.url("assessment/indicators/")).content.decode()
    assert "分档（数值:得权重百分比）：95:100, 90:80, 80:50" in page
    assert "health.followups_on_time 未安装" in page
    assert "assessment.cost_variance" in page


def test_an_indicator_with_threshold_bands_is_added(world, library):
    response = world.client("secretary").post(world.url("assessment/indicators/new/"), INDICATOR)
    assert response.status_code == 302
    with scopes_disabled():
        indicator = Indicator.objects.get(code="rectify")
        author = indicator.history.first().history_user
    assert indicator.bands == [["100", "100"], ["95", "80"], ["90", "50"]]
    assert indicator.entry_roles == ["inspector", "supervisor"]
    assert author == world.secretary


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bands": "100:100, abc"}, "“abc”不是“数值:百分比”的格式"),
        ({"bands": ""}, "分档计分至少需要一档"),
        ({"bands": "100:150"}, "每档得分应在权重的 0 至 100% 之间"),
        ({"rule": "linear", "floor": "90", "target": "80"}, "目标值必须优于底线值"),
        ({"rule": "deduction"}, "按次扣分需要填写每次扣分"),
        ({"code": "hygiene"}, "已有其他指标使用该代码"),
    ],
)
def test_a_rule_that_makes_no_sense_is_refused(world, library, change, message):
    response = world.client("secretary").post(
        world.url("assessment/indicators/new/"), {**INDICATOR, **change}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    with scopes_disabled():
        assert not Indicator.objects.filter(name="整改及时率").exists()


def template_rows(rows, name="窗口责任状"):
    data = {"name": name, "clauses": "", "rows-TOTAL_FORMS": len(rows), "rows-INITIAL_FORMS": 0}
    for i, (indicator, weight) in enumerate(rows):
        data.update({f"rows-{i}-indicator": indicator.pk, f"rows-{i}-weight": weight})
    return data


def test_a_template_whose_weights_do_not_add_up_to_100_is_refused(world, library):
    url = world.url("assessment/templates/branch/")
    response = world.client("secretary").post(
        url, template_rows([(library.party, 60), (library.hygiene, 30)], "支部")
    )
    assert response.status_code == 400 and "权重合计为 90，必须等于 100" in response.content.decode()
    with scopes_disabled():
        assert not Template.objects.filter(unit_kind="branch").exists()
    response = world.client("secretary").post(
        url, template_rows([(library.party, 60), (library.hygiene, 40)], "支部")
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert list(
            TemplateItem.objects.filter(template__unit_kind="branch").values_list("weight", flat=True)
        ) == [60, 40]


def test_an_indicator_twice_in_a_template_is_refused(world, library):
    rows = [(library.party, 50), (library.party, 50)]
    response = world.client("secretary").post(
        world.url("assessment/templates/branch/"), template_rows(rows, "支部")
    )
    assert response.status_code == 400 and "出现了两次" in response.content.decode()


def test_a_kind_that_is_not_assessed_has_no_template(world, library):
    assert world.client("secretary").get(world.url("assessment/templates/network/")).status_code == 404


def test_the_settings_are_kept_per_community(world, library):
    url = world.url("assessment/settings/")
    data = {"appeal_workdays": "7", "drop_margin": "8", "floor_score": "75", "overspend_rate": "3"}
    assert world.client("secretary").post(url, data).status_code == 302
    assert world.client("secretary").post(url, {**data, "appeal_workdays": "0"}).status_code == 400
    with scopes_disabled():
        policy = Policy.objects.get(community=world.community)
    assert (policy.appeal_workdays, policy.floor_score) == (7, D(75))
