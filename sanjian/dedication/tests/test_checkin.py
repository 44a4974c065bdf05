"""Check-in by QR code on a phone, and the organiser's QR code and hand marks."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scopes_disabled

from sanjian.dedication.models import Activity, HourLog, LogSource, LogStatus, SignUp
from sanjian.dedication.tests.conftest import at, make_activity
from sanjian.dedication.tests.test_views import login_for


def under_way(world, ded, **kw):
    """An activity that started two hours ago and ends in one."""
    now = timezone.now().replace(second=0, microsecond=0)
    return make_activity(
        world.community,
        ded.crew.organiser.person,
        now - datetime.timedelta(hours=2),
        now + datetime.timedelta(hours=1),
        category="other",
        **kw,
    )


def checkin_url(world, activity, key=None):
    return world.url(f"dedication/activities/{activity.pk}/checkin/{key or activity.checkin_key}/")


def test_checking_in_and_out_through_the_page_writes_a_pending_log(world, ded):
    activity = under_way(world, ded)
    person = ded.crew.members[0].person
    phone = login_for(world, person, "m0")
    url = checkin_url(world, activity)
    page = phone.get(url).content.decode()
    assert 'data-state="out"' in page and 'value="in"' in page
    assert phone.post(url, {"action": "in"}).status_code == 302
    with scopes_disabled():
        signup = SignUp.objects.get(activity=activity, person=person)
        assert signup.checked_in_at is not None
        assert not HourLog.objects.exists()
        # Ninety minutes of work.
        SignUp.objects.filter(pk=signup.pk).update(
            checked_in_at=signup.checked_in_at - datetime.timedelta(minutes=90)
        )
    page = phone.get(url).content.decode()
    assert 'data-state="in"' in page and 'value="out"' in page
    assert phone.post(url, {"action": "out"}).status_code == 302
    with scopes_disabled():
        log = HourLog.objects.get()
    assert (log.person, log.activity, log.source, log.status) == (
        person,
        activity,
        LogSource.CHECKIN,
        "pending",
    )
    assert 90 <= log.minutes <= 91
    page = phone.get(url).content.decode()
    assert 'data-state="done"' in page and str(log.hours) in page


def test_a_wrong_or_replaced_qr_key_is_refused(world, ded):
    activity = under_way(world, ded)
    phone = login_for(world, ded.crew.members[0].person, "m0")
    wrong = checkin_url(world, activity, "not-the-key")
    page = phone.get(wrong).content.decode()
    assert 'id="checkin-error"' in page and 'value="in"' not in page
    assert phone.post(wrong, {"action": "in"}).status_code == 400
    old = checkin_url(world, activity)
    assert (
        world.client("party_member")
        .post(world.url(f"dedication/activities/{activity.pk}/new-key/"))
        .status_code
        == 302
    )
    response = phone.post(old, {"action": "in"})
    assert response.status_code == 400 and 'id="checkin-error"' in response.content.decode()
    with scopes_disabled():
        assert not SignUp.objects.exists()
        assert Activity.objects.get(pk=activity.pk).checkin_key != activity.checkin_key


def test_check_in_before_it_opens_or_twice_is_refused_with_the_reason(world, ded):
    now = timezone.now()
    later = make_activity(
        world.community,
        ded.crew.organiser.person,
        now + datetime.timedelta(hours=5),
        now + datetime.timedelta(hours=7),
        category="other",
    )
    phone = login_for(world, ded.crew.members[0].person, "m0")
    response = phone.post(checkin_url(world, later), {"action": "in"})
    assert response.status_code == 400 and 'id="checkin-error"' in response.content.decode()
    activity = under_way(world, ded)
    assert phone.post(checkin_url(world, activity), {"action": "in"}).status_code == 302
    assert phone.post(checkin_url(world, activity), {"action": "in"}).status_code == 400
    # Checking out a minute after checking in is refused too: a log is at least a minute long.
    assert phone.post(checkin_url(world, activity), {"action": "out"}).status_code == 400
    with scopes_disabled():
        assert list(SignUp.objects.values_list("activity", flat=True)) == [activity.pk]
        assert not HourLog.objects.exists()


def test_check_in_on_a_cancelled_activity_is_refused(world, ded):
    activity = under_way(world, ded, is_cancelled=True, cancel_reason="暴雨")
    phone = login_for(world, ded.crew.members[0].person, "m0")
    page = phone.get(checkin_url(world, activity)).content.decode()
    assert 'id="cancelled"' in page and 'value="in"' not in page
    assert phone.post(checkin_url(world, activity), {"action": "in"}).status_code == 400
    with scopes_disabled():
        assert not SignUp.objects.exists()


def test_a_login_without_a_person_cannot_check_in(world, ded):
    activity = under_way(world, ded)
    client = world.client("window_manager")
    assert 'id="no-person"' in client.get(checkin_url(world, activity)).content.decode()
    assert client.post(checkin_url(world, activity), {"action": "in"}).status_code == 403


def test_the_organiser_sees_the_qr_code_and_others_do_not(world, ded):
    url = world.url(f"dedication/activities/{ded.activity.pk}/")
    page = world.client("party_member").get(url).content.decode()
    target = f"http://testserver{checkin_url(world, ded.activity)}"
    assert f'data-checkin-url="{target}"' in page and "<svg" in page
    for who in ["other_branch", "window_manager"]:
        other = world.client(who).get(url).content.decode()
        assert ded.activity.checkin_key not in other and "<svg" not in other


def test_the_organiser_marks_attendance_by_hand_and_it_counts_as_verified(world, ded):
    person = ded.crew.members[0].person
    url = world.url(f"dedication/activities/{ded.activity.pk}/mark/")
    data = {"person": person.pk, "started_at": f"{ded.yesterday}T08:30", "ended_at": f"{ded.yesterday}T11:00"}
    assert world.client("other_branch").post(url, data).status_code == 403
    assert world.client("party_member").post(url, data).status_code == 302
    with scopes_disabled():
        log = HourLog.objects.get()
        assert SignUp.objects.filter(activity=ded.activity, person=person).exists()
    assert (log.minutes, log.status, log.source, log.decided_by) == (
        150,
        LogStatus.VERIFIED,
        LogSource.ORGANISER,
        world.party_member,
    )
    assert log.started_at == at(ded.yesterday, 8, 30)


def test_bad_hand_marks_are_refused_and_write_nothing(world, ded):
    person = ded.crew.members[0].person
    url = world.url(f"dedication/activities/{ded.activity.pk}/mark/")
    client = world.client("party_member")
    tomorrow = ded.yesterday + datetime.timedelta(days=2)
    for start, end in [
        (f"{ded.yesterday}T11:00", f"{ded.yesterday}T08:00"),  # ends before it starts
        (f"{tomorrow}T08:00", f"{tomorrow}T10:00"),  # in the future
        (f"{ded.yesterday}T08:00", "yesterday"),
    ]:
        response = client.post(url, {"person": person.pk, "started_at": start, "ended_at": end})
        assert response.status_code == 400, (start, end)
    client.post(
        url,
        {"person": person.pk, "started_at": f"{ded.yesterday}T08:00", "ended_at": f"{ded.yesterday}T10:00"},
    )
    overlap = {
        "person": person.pk,
        "started_at": f"{ded.yesterday}T09:00",
        "ended_at": f"{ded.yesterday}T11:00",
    }
    assert client.post(url, overlap).status_code == 400
    with scopes_disabled():
        assert HourLog.objects.count() == 1
        assert SignUp.objects.count() == 1
