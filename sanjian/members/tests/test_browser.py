"""In a real browser: the secretary imports a roster through the page and reads the preview's errors,
then imports the corrected file; the member page and the chain on a phone."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from conftest import log_in
from sanjian.members.models import Person
from sanjian.members.tests.sheets import member_row, person_row, xlsx
from sanjian.tenancy.models import Community
from sanjian.testing.members import make_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(xlsx(rows).read())
    return str(path)


def test_the_secretary_imports_a_roster_and_sees_the_errors_first(page, output_dir, tmp_path):
    call_command("load_demo", "--through", "members", verbosity=0)
    with scopes_disabled():
        yangyi = Community.objects.get(slug="yangyi")
    good = person_row("导入甲", unit="一号售饭窗口")
    bad_id = make_id_number()
    bad_id = bad_id[:17] + ("0" if bad_id[17] != "0" else "1")
    rows = [good, member_row("导入乙", "不存在党支部"), person_row("导入丙", id_number=bad_id)]
    log_in(page, "secretary")
    page.goto("/c/yangyi/members/")
    page.get_by_role("link", name="导入花名册").click()
    page.set_input_files("input[type=file]", _file(tmp_path, "roster.xlsx", rows))
    page.get_by_role("button", name="检查文件").click()
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "2 处错误" in errors.inner_text()
    table = page.locator("table").inner_text()
    assert "所在党支部" in table and "党支部不存在" in table and "校验码" in table
    page.screenshot(path=str(output_dir / "import-errors.png"), full_page=True)
    with scope(community=yangyi.pk):
        assert not Person.objects.filter(name="导入甲").exists()

    page.get_by_role("link", name="上传改正后的文件").click()
    page.set_input_files(
        "input[type=file]", _file(tmp_path, "fixed.xlsx", [good, member_row("导入乙", "餐饮服务党支部")])
    )
    page.get_by_role("button", name="检查文件").click()
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入完成").wait_for()
    page.screenshot(path=str(output_dir / "import-done.png"), full_page=True)
    with scope(community=yangyi.pk):
        assert Person.objects.get(name="导入乙").party.branch.code == "branch-2"


def test_a_member_reads_their_archive_on_a_phone(phone, output_dir):
    call_command("load_demo", "--through", "members", verbosity=0)
    log_in(phone, "member")
    phone.goto("/c/yangyi/members/me/")
    assert phone.locator("main h3", has_text="三级信息链").is_visible()
    assert phone.locator("main").get_by_text("餐饮服务党支部").first.is_visible()
    phone.screenshot(path=str(output_dir / "member-archive-phone.png"), full_page=True)
    phone.goto("/c/yangyi/home/")  # her own page: the meetings she attended are her branch life
    assert phone.locator("[data-card=branch-life] li").count() > 0
    phone.screenshot(path=str(output_dir / "member-home-phone.png"), full_page=True)
