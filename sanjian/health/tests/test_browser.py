"""In a real browser, on a phone 390 px wide: a doctor logs in, lands on the overdue list,
records a dormitory visit, and the list shrinks."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scope, scopes_disabled

from conftest import log_in
from sanjian.health.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_doctor_records_a_dormitory_visit_on_a_phone_and_the_overdue_list_shrinks(
    med, browser, live_server, output_dir
):
    first = med.archive("hypertension", opened_on=datetime.date(2024, 1, 1), name="郭长林")
    med.archive("diabetes", opened_on=datetime.date(2024, 1, 1), name="马淑珍")
    with scopes_disabled():
        person = first.person
        person.dormitory_room = "3-205"
        person.save()
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    phone = context.new_page()
    log_in(phone, "medical", "pw")
    assert phone.url.endswith(med.world.url("health/"))  # the doctor's home
    rows = phone.locator("#overdue .plan-row")
    before = rows.count()
    assert before >= 2
    phone.screenshot(path=str(output_dir / "1-overdue-list.png"), full_page=True)

    phone.locator("#overdue .plan-row", has_text="郭长林").first.get_by_role("link", name="登记").click()
    phone.wait_for_url("**/visit/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.get_by_label("入户／宿舍随访").check()
    phone.fill("#id_systolic", "142")
    phone.fill("#id_diastolic", "88")
    phone.fill("#id_weight_kg", "71.5")
    phone.screenshot(path=str(output_dir / "2-visit-form.png"), full_page=True)
    save = phone.get_by_role("button", name="保存随访")
    box = save.bounding_box()
    assert box is not None and box["width"] >= 300  # a thumb-sized button
    save.click()
    phone.wait_for_url("**/health/")
    phone.locator(".alert-success, .alert").first.wait_for()
    after = phone.locator("#overdue .plan-row").count()
    phone.screenshot(path=str(output_dir / "3-overdue-list-after.png"), full_page=True)
    assert after < before
    assert phone.locator("#overdue .plan-row", has_text="郭长林").count() == 0
    with scope(community=med.world.community.pk):
        visit = Visit.objects.get()
        assert (visit.method, visit.systolic, visit.doctor) == ("home", 142, med.doctor)
    context.close()
