"""In a real browser: the secretary logs in and sees the 22 windows of 阳邑社区's organisation tree."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_sees_the_22_windows_in_the_organisation_tree(page, output_dir):
    call_command("load_demo", "--through", "org", verbosity=0)
    log_in(page, "secretary")
    assert page.url.endswith("/c/yangyi/")
    page.get_by_role("button", name="组织与党员").click()
    page.get_by_role("link", name="组织架构", exact=True).click()
    page.wait_for_url("**/c/yangyi/org/")
    windows = page.locator('.sj-tree a[data-kind="window"]')
    assert windows.count() == 22
    assert page.get_by_text("22 个服务窗口").is_visible()
    assert windows.filter(has_text="医院药房").is_visible()
    page.screenshot(path=str(output_dir / "organisation-tree.png"), full_page=True)
