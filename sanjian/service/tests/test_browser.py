"""In a real browser at phone size: an inspector fills a floor inspection on a 390 px phone, and
the company's red-flag board shows the unit's score at once."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from conftest import log_in
from sanjian.lib.dates import Month
from sanjian.service.models import Competition, Inspection
from sanjian.service.services import redflag
from sanjian.service.tests.conftest import make_apartments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspector_fills_a_floor_inspection_on_a_phone_and_the_board_updates(
    world, browser, live_server, output_dir
):
    apt = make_apartments(world.community, world.secretary)
    this_month = Month.current()
    with scopes_disabled():
        competition = redflag.competition_save(
            company=world.company,
            competition=Competition(
                name="优质服务流动红旗", first_month=this_month.plus(-2).start, last_month=this_month.start
            ),
            actor=world.company_admin,
        )
        redflag.entrant_add(competition=competition, unit=apt.unit, actor=world.company_admin)
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    phone = context.new_page()
    board = world.url(f"service/red-flag/{competition.pk}/?month={this_month}")
    try:
        log_in(phone, "inspector", "pw")
        phone.goto(board)
        row = phone.locator("tr", has_text=apt.unit.name)
        assert "—" in row.inner_text()  # no inspection yet this month
        phone.screenshot(path=str(output_dir / "1-board-before.png"), full_page=True)

        phone.goto(world.url("service/inspect/floor/"))
        phone.select_option("#id_floor", str(apt.floors[0].pk))
        phone.fill("#id_inspected_on", datetime.date.today().isoformat())
        housekeeping = apt.items["内务"].pk
        phone.fill(f"#id_points_{housekeeping}", "2")
        phone.fill(f"#id_reason_{housekeeping}", "被褥未叠放整齐")
        submit = phone.get_by_role("button", name="提交检查")
        box = submit.bounding_box()
        assert box is not None and box["width"] >= 300  # a thumb-sized button across the phone
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen
        phone.screenshot(path=str(output_dir / "2-phone-inspection-form.png"), full_page=True)
        submit.click()
        phone.wait_for_url("**/service/inspections/*/")
        assert "98" in phone.locator("h1 + p").inner_text()
        phone.screenshot(path=str(output_dir / "3-phone-inspection-saved.png"), full_page=True)

        phone.goto(board)
        row = phone.locator("tr", has_text=apt.unit.name)
        assert "98" in row.inner_text() and "流动红旗" in row.inner_text()
        phone.screenshot(path=str(output_dir / "4-board-after.png"), full_page=True)
    finally:
        context.close()
    with scopes_disabled():
        assert Inspection.objects.get().inspector == world.inspector
