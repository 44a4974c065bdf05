"""In a real browser: the secretary opens a month, the window manager signs its letter, the
inspector enters a deduction, the secretary publishes, and every member reads the breakdown."""

from __future__ import annotations

import pytest

from conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def as_user(browser, live_server):
    """Log someone in, in a browser context of their own (closed at the end of the test)."""
    contexts = []

    def open_as(username: str, *, phone: bool = False):
        size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport=size, is_mobile=phone
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, username, "pw")
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_month_from_opening_to_the_public_breakdown(world, library, as_user, output_dir):
    secretary = as_user("secretary")
    secretary.goto("/c/dongfeng/assessment/periods/new/")
    secretary.select_option("#id_kind", "month")
    secretary.fill("#id_year", "2026")
    secretary.fill("#id_number", "3")
    secretary.click("button[type=submit]")
    secretary.wait_for_url("**/assessment/periods/*/")
    period_url = secretary.url
    secretary.get_by_role("link", name="甲窗口").click()
    letter_url = secretary.url
    secretary.get_by_role("button", name="代表社区签署").click()
    assert secretary.get_by_text("您已签署责任状").is_visible()

    window = as_user("window_manager", phone=True)
    window.goto(letter_url)
    window.get_by_role("button", name="我已阅读并签署此责任状").click()
    assert window.get_by_text("双方已签署").is_visible()
    window.screenshot(path=str(output_dir / "letter-signed-phone.png"), full_page=True)

    inspector = as_user("inspector")
    inspector.goto(letter_url)
    inspector.locator("tr", has_text="环境卫生").get_by_role("link", name="录入").click()
    inspector.select_option("#id_kind", "deduction")
    inspector.fill("#id_amount", "2")
    inspector.fill("#id_reason", "操作间地面油污")
    inspector.get_by_role("button", name="登记").click()
    assert inspector.get_by_text("操作间地面油污").is_visible()

    secretary.goto(period_url)
    for button in ["截止评分并计算结果", "审核通过", "公示结果"]:
        secretary.get_by_role("button", name=button).click()
        secretary.wait_for_load_state()
    assert secretary.get_by_text("结果已公示，申诉期开始").is_visible()

    member = as_user("party_member")
    member.goto("/c/dongfeng/assessment/published/")
    member.get_by_role("link", name="2026年3月").click()
    member.locator("summary", has_text="甲窗口").click()
    breakdown = member.locator("details", has_text="甲窗口")
    assert breakdown.get_by_text("操作间地面油污").is_visible()
    assert breakdown.locator("tr", has_text="环境卫生").get_by_text("38.00").is_visible()  # 40 − 2
    member.screenshot(path=str(output_dir / "published-breakdown.png"), full_page=True)
