"""In a real browser: the organiser shows the check-in QR code; a member scans it on a phone, logs
in, checks in and later out; the organiser verifies the hours and the board puts the member on top."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import log_in
from sanjian.dedication.models import HourLog, SignUp
from sanjian.dedication.tests.conftest import at, make_activity
from sanjian.testing import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_checks_in_and_out_by_qr_code_and_the_verified_hours_reach_the_board(
    world, ded, page, phone, output_dir
):
    now = timezone.now().replace(second=0, microsecond=0)
    activity = make_activity(
        world.community,
        ded.crew.organiser.person,
        now - datetime.timedelta(hours=2),
        now + datetime.timedelta(hours=1),
        title="讲文明树新风 广场清扫",
        category="civility",
    )
    member = ded.crew.members[0].person
    with scopes_disabled():
        user = f.UserFactory(username="volunteer", first_name=member.name)
        f.MembershipFactory(user=user, role="party_member", community=world.community)
        member.user = user
        member.save()

    # The organiser shows the code.
    log_in(page, "party_member", "pw")
    page.goto(world.url(f"dedication/activities/{activity.pk}/"))
    qr = page.locator("#checkin-qr")
    assert qr.locator("svg").is_visible()
    checkin_url = qr.get_attribute("data-checkin-url")
    assert checkin_url.endswith(f"/checkin/{activity.checkin_key}/")
    page.screenshot(path=str(output_dir / "1-organiser-shows-the-qr.png"), full_page=True)

    # The member scans it: logs in first, and lands back on the check-in page.
    phone.goto(checkin_url)
    phone.fill("#id_username", "volunteer")
    phone.fill("#id_password", "pw")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/checkin/**")
    check_in = phone.locator("button[name=action][value=in]")
    box = check_in.bounding_box()
    assert box is not None and box["width"] >= 300 and box["height"] >= 60  # a thumb-sized button at 360px
    phone.screenshot(path=str(output_dir / "2-phone-before-check-in.png"), full_page=True)
    check_in.click()
    phone.locator("#checkin-state[data-state=in]").wait_for()
    phone.screenshot(path=str(output_dir / "3-phone-checked-in.png"), full_page=True)

    # An hour and a half of work later…
    with scopes_disabled():
        signup = SignUp.objects.get(activity=activity, person=member)
        SignUp.objects.filter(pk=signup.pk).update(
            checked_in_at=signup.checked_in_at - datetime.timedelta(minutes=90)
        )
    phone.reload()
    phone.locator("button[name=action][value=out]").click()
    phone.locator("#checkin-state[data-state=done]").wait_for()
    assert "1.5" in phone.locator("#checkin-state").inner_text()
    phone.screenshot(path=str(output_dir / "4-phone-checked-out.png"), full_page=True)
    with scopes_disabled():
        log = HourLog.objects.get(person=member)
    assert log.status == "pending"

    # The organiser verifies, and the board moves.
    month = f"{log.worked_on:%Y-%m}"
    page.goto(world.url(f"dedication/board/?month={month}"))
    assert member.name not in page.locator("#board-people").inner_text()
    page.goto(world.url("dedication/verify/"))
    page.screenshot(path=str(output_dir / "5-organiser-verifies.png"), full_page=True)
    page.locator(f"#log-{log.pk} button[value=verify]").click()
    page.wait_for_load_state()
    assert page.locator(f"#log-{log.pk}").count() == 0
    with scopes_disabled():
        assert HourLog.objects.get(pk=log.pk).status == "verified"
    page.goto(world.url(f"dedication/board/?month={month}"))
    first = page.locator("#board-people tbody tr").first.inner_text()
    assert member.name in first and "1.5" in first
    page.screenshot(path=str(output_dir / "6-board.png"), full_page=True)


@pytest.fixture
def phone390(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _tap_target(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44, box
    return box


def test_on_a_390_px_phone_the_buttons_are_thumb_sized_and_apart(world, ded, phone390, output_dir):
    from sanjian.dedication.services import hours

    now = timezone.now().replace(second=0, microsecond=0)
    later = make_activity(
        world.community,
        ded.crew.organiser.person,
        now + datetime.timedelta(days=2),
        now + datetime.timedelta(days=2, hours=2),
        title="社区义诊志愿服务",
        category="civility",
    )
    with scopes_disabled():
        hours.log_create(
            community=world.community,
            person=ded.crew.members[0].person,
            activity=ded.activity,
            started_at=at(ded.yesterday, 8),
            ended_at=at(ded.yesterday, 10),
            actor=world.secretary,
        )
    log_in(phone390, "secretary", "pw")
    phone390.goto(world.url("dedication/verify/"))
    phone390.screenshot(path=str(output_dir / "verify-390.png"), full_page=True)
    verify = _tap_target(phone390.get_by_role("button", name="核实").first)
    reject = _tap_target(phone390.get_by_role("button", name="退回").first)
    apart = max(reject["x"] - (verify["x"] + verify["width"]), reject["y"] - (verify["y"] + verify["height"]))
    assert apart >= 8, (verify, reject)

    phone390.context.clear_cookies()  # log out: the organiser's own phone now
    log_in(phone390, "party_member", "pw")
    phone390.goto(world.url(f"dedication/activities/{later.pk}/"))
    phone390.screenshot(path=str(output_dir / "activity-390.png"), full_page=True)
    _tap_target(phone390.get_by_role("button", name="报名"))


def _overflow(page) -> int:
    """How many CSS pixels the page is wider than the phone's screen (0: it fits)."""
    return page.evaluate("() => document.documentElement.scrollWidth - 390")


def test_on_a_390_px_phone_the_activity_page_fits_and_the_ranking_shows_its_score(
    world, ded, phone390, output_dir
):
    """Defect 11.18: the activity page overflowed by 4 px (a definition list's gutter); the
    ranking's combined score was the last column, off-screen."""
    log_in(phone390, "secretary", "pw")
    phone390.goto(world.url(f"dedication/activities/{ded.activity.pk}/"))
    phone390.screenshot(path=str(output_dir / "activity-fits-390.png"), full_page=True)
    assert _overflow(phone390) <= 0
    phone390.goto(world.url("windows/"))
    phone390.screenshot(path=str(output_dir / "ranking-390.png"), full_page=True)
    for cell in [
        phone390.locator("th[data-column=combined]"),
        phone390.locator("td[data-column=combined]").first,
    ]:
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box


def test_on_a_390_px_phone_the_organiser_picks_a_person_by_pinyin_initials(world, ded, phone390, output_dir):
    """Defect 11.18: the hand mark (attendance) form's list of every person is a search box."""
    from sanjian.testing.members import PersonFactory

    with scopes_disabled():
        sun = PersonFactory(community=world.community, name="孙丽娟")
    log_in(phone390, "secretary", "pw")
    phone390.goto(world.url(f"dedication/activities/{ded.activity.pk}/"))
    box = phone390.get_by_role("combobox")
    box.fill("slj")
    option = phone390.get_by_role("option", name="孙丽娟")
    option.wait_for()
    phone390.screenshot(path=str(output_dir / "picker-390.png"), full_page=True)
    box.press("Enter")
    assert phone390.locator("select[data-person-search]").input_value() == str(sun.pk)
    assert box.input_value() == "孙丽娟" and box.get_attribute("aria-expanded") == "false"
    assert _overflow(phone390) <= 0
