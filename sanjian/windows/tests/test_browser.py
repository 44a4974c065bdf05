"""In a real browser on a phone: a resident scans a window's QR code and rates it 不满意 with a
reason; the window's manager finds the ticket. An inspector deducts points item by item."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import log_in
from sanjian.windows.models import Inspection, Rating, Ticket
from sanjian.windows.tokens import window_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_rates_dissatisfied_with_a_reason_and_the_manager_sees_the_ticket(
    world, phone, output_dir
):
    phone.goto(world.url(f"windows/r/{window_token(world.units['window'])}/"))
    assert phone.get_by_role("heading", name="甲窗口").is_visible()
    phone.screenshot(path=str(output_dir / "1-scan.png"), full_page=True)
    phone.get_by_role("button", name="不满意", exact=True).click()
    assert phone.get_by_text("哪里不满意？点一项即提交。").is_visible()
    phone.get_by_label("补充说明（选填）").fill("打菜时态度生硬")
    phone.screenshot(path=str(output_dir / "2-reason.png"), full_page=True)
    phone.get_by_role("button", name="态度", exact=True).click()
    phone.wait_for_url("**/thanks/?bad=1")
    assert phone.get_by_text("感谢您的评价！").is_visible()
    assert phone.get_by_text("5 个工作日内整改").is_visible()
    phone.screenshot(path=str(output_dir / "3-thanks.png"), full_page=True)
    with scopes_disabled():
        rating = Rating.objects.get()
        assert (rating.level, rating.reason, rating.comment) == (2, "attitude", "打菜时态度生硬")
        ticket = Ticket.objects.get(rating=rating)

    log_in(phone, "window_manager", "pw")
    phone.goto(world.url("windows/tickets/"))
    row = phone.locator("tbody tr").filter(has_text=ticket.number)
    assert row.is_visible() and "态度" in row.inner_text() and "待整改" in row.inner_text()
    phone.screenshot(path=str(output_dir / "4-ticket-for-the-manager.png"), full_page=True)


def test_an_inspector_deducts_points_on_a_phone_and_the_score_follows(world, standard, phone, output_dir):
    log_in(phone, "inspector", "pw")
    phone.goto(world.url(f"windows/inspections/new/?window={world.units['window'].pk}"))
    phone.get_by_role("button", name="开始").click()
    phone.wait_for_url("**/windows/inspections/*/")
    with scopes_disabled():
        inspection = Inspection.objects.get()
        line = inspection.lines.get(criterion__code="2.1")
    card = phone.locator(f"#line-{line.pk}")
    card.get_by_text("扣分", exact=True).first.click()
    card.get_by_label("扣分值").fill("5")
    card.get_by_label("原因").fill("餐具未消毒")
    card.get_by_role("button", name="扣分", exact=True).click()
    phone.locator("#sj-score").get_by_text("90.00").wait_for()
    assert phone.locator(f"#line-{line.pk}").get_by_text("餐具未消毒").is_visible()
    # A refused deduction shows its reason in place and changes nothing.
    card = phone.locator(f"#line-{line.pk}")
    card.get_by_text("扣分", exact=True).first.click()
    card.get_by_label("扣分值").fill("50")
    card.get_by_label("原因").fill("超过分值")
    card.get_by_role("button", name="扣分", exact=True).click()
    phone.locator(f"#line-{line.pk}").get_by_text("不能超过条目分值").wait_for()
    assert phone.locator("#sj-score").get_by_text("90.00").is_visible()
    phone.screenshot(path=str(output_dir / "inspection-on-a-phone.png"), full_page=True)
    assert inspection.inspected_on == timezone.localdate()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_a_page_of_the_board_fits_a_1080p_and_a_720p_screen(world, browser, live_server, output_dir, size):
    from sanjian.testing.factories import UnitFactory
    from sanjian.windows.tokens import board_token

    with scopes_disabled():
        for i in range(10):  # 13 windows: two pages of eight
            UnitFactory(
                community=world.community,
                kind="window",
                name=f"窗口{i}",
                code=f"x{i}",
                parent=world.units["network"],
            )
    width, height = size
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": height}
    )
    tv = context.new_page()
    tv.goto(world.url(f"windows/board/{board_token(world.community, 1)}/"))
    tv.screenshot(path=str(output_dir / f"board-{width}x{height}.png"))
    assert tv.locator("#board-page tbody tr").count() == 8
    last = tv.locator("#board-page tbody tr").last.bounding_box()
    assert last["y"] + last["height"] <= height, "the last row of the page is below the screen"
    assert tv.get_by_text("第 1 / 2 页").is_visible()
    context.close()
