"""A member's own hours, and verification: by the organiser or the branch secretary, never by a
wrong role or by oneself; rejections and corrections keep their reasons."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from sanjian.dedication.models import HourLog, LogSource, LogStatus, SignUp
from sanjian.dedication.services import hours
from sanjian.dedication.tests.conftest import at, make_activity
from sanjian.dedication.tests.test_views import login_for


def pending_log(world, ded, person, activity=None, start=8, end=10):
    with scope(community=world.community.pk):
        return hours.log_create(
            community=world.community,
            person=person,
            activity=activity or ded.activity,
            started_at=at(ded.yesterday, start),
            ended_at=at(ded.yesterday, end),
            actor=None,
        )


def fresh(log):
    with scopes_disabled():
        return HourLog.objects.get(pk=log.pk)


def decide(client, world, log, **data):
    return client.post(world.url(f"dedication/verify/{log.pk}/"), data)


def test_the_organiser_verifies_a_log_of_their_activity(world, ded):
    log = pending_log(world, ded, ded.crew.members[0].person)
    client = world.client("party_member")
    page = client.get(world.url("dedication/verify/")).content.decode()
    assert f'id="log-{log.pk}"' in page
    assert decide(client, world, log, decision="verify").status_code == 302
    log = fresh(log)
    assert (log.status, log.decided_by) == (LogStatus.VERIFIED, world.party_member)
    assert f'id="log-{log.pk}"' not in client.get(world.url("dedication/verify/")).content.decode()


def test_the_secretary_of_the_logs_branch_rejects_it_with_a_reason(world, ded):
    # An activity organised by someone else: the branch secretary verifies her members' hours.
    activity = make_activity(
        world.community,
        ded.crew.organiser.person,
        at(ded.yesterday, 14),
        at(ded.yesterday, 17),
        category="other",
    )
    log = pending_log(world, ded, ded.crew.other_members[0].person, activity, 14, 16)
    client = world.client("other_branch")
    assert f'id="log-{log.pk}"' in client.get(world.url("dedication/verify/")).content.decode()
    assert decide(client, world, log, decision="reject", reason="").status_code == 400
    assert fresh(log).status == LogStatus.PENDING
    assert decide(client, world, log, decision="reject", reason="签到名单上没有此人").status_code == 302
    log = fresh(log)
    assert (log.status, log.reject_reason, log.decided_by) == (
        LogStatus.REJECTED,
        "签到名单上没有此人",
        world.other_branch,
    )
    with scopes_disabled():
        assert log.history.latest().history_change_reason == "签到名单上没有此人"


def test_a_leader_verifies_any_log(world, ded):
    log = pending_log(world, ded, ded.crew.other_members[0].person)
    assert decide(world.client("secretary"), world, log, decision="verify").status_code == 302
    assert fresh(log).status == LogStatus.VERIFIED


@pytest.mark.parametrize("who", ["window_manager", "plain_member", "other_branch"])
def test_a_wrong_role_cannot_verify_and_nothing_changes(world, ded, who):
    # other_branch is the secretary of another branch and did not organise the activity.
    log = pending_log(world, ded, ded.crew.members[0].person)
    if who == "plain_member":
        client = login_for(world, ded.crew.members[1].person, "plain")
    else:
        client = world.client(who)
    if who != "other_branch":
        assert client.get(world.url("dedication/verify/")).status_code == 403
    else:
        assert f'id="log-{log.pk}"' not in client.get(world.url("dedication/verify/")).content.decode()
    assert decide(client, world, log, decision="verify").status_code == 403
    assert decide(client, world, log, decision="reject", reason="不对").status_code == 403
    data = {"started_at": f"{ded.yesterday}T08:00", "ended_at": f"{ded.yesterday}T09:00", "reason": "改"}
    assert client.post(world.url(f"dedication/verify/{log.pk}/correct/"), data).status_code == 403
    log = fresh(log)
    assert (log.status, log.minutes, log.decided_by) == (LogStatus.PENDING, 120, None)


def test_nobody_verifies_their_own_hours(world, ded):
    own = pending_log(world, ded, ded.crew.organiser.person)
    client = world.client("party_member")
    assert f'id="log-{own.pk}"' not in client.get(world.url("dedication/verify/")).content.decode()
    assert decide(client, world, own, decision="verify").status_code == 403
    assert fresh(own).status == LogStatus.PENDING


def test_a_pending_log_of_a_cancelled_activity_cannot_be_verified(world, ded):
    log = pending_log(world, ded, ded.crew.members[0].person)
    with scopes_disabled():
        type(ded.activity).objects.filter(pk=ded.activity.pk).update(is_cancelled=True, cancel_reason="暴雨")
    response = decide(world.client("party_member"), world, log, decision="verify")
    assert response.status_code == 400
    assert fresh(log).status == LogStatus.PENDING


def test_a_verifier_corrects_a_log_with_a_reason_that_history_keeps(world, ded):
    log = pending_log(world, ded, ded.crew.members[0].person)
    client = world.client("party_member")
    url = world.url(f"dedication/verify/{log.pk}/correct/")
    data = {"started_at": f"{ded.yesterday}T08:00", "ended_at": f"{ded.yesterday}T09:30", "note": "扫楼道"}
    assert client.post(url, data).status_code == 400  # no reason
    assert fresh(log).minutes == 120
    assert client.post(url, {**data, "reason": "按签到表更正为九点半结束"}).status_code == 302
    log = fresh(log)
    assert (log.minutes, log.note) == (90, "扫楼道")
    with scopes_disabled():
        row = log.history.latest()
    assert (row.history_change_reason, row.history_user) == ("按签到表更正为九点半结束", world.party_member)
    page = client.get(url).content.decode()
    assert "按签到表更正为九点半结束" in page


def test_a_correction_that_breaks_a_rule_is_refused(world, ded):
    log = pending_log(world, ded, ded.crew.members[0].person)
    pending_log(world, ded, ded.crew.members[0].person, start=10, end=12)
    url = world.url(f"dedication/verify/{log.pk}/correct/")
    data = {"started_at": f"{ded.yesterday}T08:00", "ended_at": f"{ded.yesterday}T11:00", "reason": "延长"}
    assert world.client("party_member").post(url, data).status_code == 400  # overlaps the other log
    assert fresh(log).minutes == 120


# --- A member's own hours ----------------------------------------------------------------------


def test_a_member_logs_own_hours_for_an_activity_they_signed_up_for(world, ded):
    person = ded.crew.members[0].person
    client = login_for(world, person, "m0")
    with scopes_disabled():
        SignUp.objects.create(community=world.community, activity=ded.activity, person=person)
    data = {
        "activity": ded.activity.pk,
        "started_at": f"{ded.yesterday}T08:00",
        "ended_at": f"{ded.yesterday}T11:15",
        "note": "维修电视",
    }
    assert client.post(world.url("dedication/hours/"), data).status_code == 302
    with scopes_disabled():
        log = HourLog.objects.get()
    assert (log.person, log.minutes, log.source, log.status) == (
        person,
        195,
        LogSource.SELF,
        LogStatus.PENDING,
    )
    page = client.get(world.url("dedication/hours/")).content.decode()
    assert "维修电视" in page and 'id="hours-total">0.0<' in page


@pytest.mark.parametrize(
    "start, end",
    [
        ("T11:00", "T08:00"),  # ends before it starts
        ("T08:00", "T08:00"),
        ("T08:00", "+2d"),  # in the future
        ("T08:00", ""),
    ],
)
def test_a_bad_own_log_is_refused(world, ded, start, end):
    person = ded.crew.members[0].person
    client = login_for(world, person, "m0")
    with scopes_disabled():
        SignUp.objects.create(community=world.community, activity=ded.activity, person=person)
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat() + "T10:00"
    ended = future if end == "+2d" else (f"{ded.yesterday}{end}" if end else "")
    data = {"activity": ded.activity.pk, "started_at": f"{ded.yesterday}{start}", "ended_at": ended}
    assert client.post(world.url("dedication/hours/"), data).status_code == 400
    with scopes_disabled():
        assert not HourLog.objects.exists()


def test_a_member_cannot_log_hours_for_an_activity_they_did_not_sign_up_for(world, ded):
    client = login_for(world, ded.crew.members[0].person, "m0")
    data = {
        "activity": ded.activity.pk,
        "started_at": f"{ded.yesterday}T08:00",
        "ended_at": f"{ded.yesterday}T09:00",
    }
    assert client.post(world.url("dedication/hours/"), data).status_code == 400
    with scopes_disabled():
        assert not HourLog.objects.exists()


def test_a_member_corrects_a_rejected_log_and_it_waits_again(world, ded):
    person = ded.crew.members[0].person
    log = pending_log(world, ded, person)
    decide(world.client("party_member"), world, log, decision="reject", reason="时间不对")
    client = login_for(world, person, "m0")
    assert "时间不对" in client.get(world.url("dedication/hours/")).content.decode()
    url = world.url(f"dedication/hours/{log.pk}/edit/")
    data = {"started_at": f"{ded.yesterday}T09:00", "ended_at": f"{ded.yesterday}T10:00", "note": ""}
    assert client.post(url, data).status_code == 302
    log = fresh(log)
    assert (log.status, log.minutes, log.reject_reason) == (LogStatus.PENDING, 60, "")
    # Someone else's log is not theirs to correct, and a verified one is the verifier's.
    other = pending_log(world, ded, ded.crew.members[1].person)
    assert client.post(world.url(f"dedication/hours/{other.pk}/edit/"), data).status_code == 403
    decide(world.client("party_member"), world, log, decision="verify")
    client.post(url, {**data, "ended_at": f"{ded.yesterday}T11:00"})
    assert fresh(log).minutes == 60


def test_my_hours_shows_verified_totals_and_milestones(world, ded):
    person = ded.crew.members[0].person
    client = login_for(world, person, "m0")
    # 52 verified hours over three days of a long activity, and a pending log that does not count.
    long = make_activity(
        world.community,
        ded.crew.organiser.person,
        at(ded.yesterday - datetime.timedelta(days=3), 0),
        at(ded.yesterday, 23),
        category="other",
    )
    with scope(community=world.community.pk):
        for days_back, (start, end) in enumerate([(0, 20), (0, 20), (6, 18)], start=1):
            day = ded.yesterday - datetime.timedelta(days=days_back - 1)
            hours.log_create(
                community=world.community,
                person=person,
                activity=long,
                started_at=at(day, start),
                ended_at=at(day, end),
                actor=world.secretary,
                verified=True,
            )
    page = client.get(world.url("dedication/hours/")).content.decode()
    assert 'id="hours-total">52.0<' in page
    milestones = page.split('id="milestones"')[1].split("</div>")[0]
    assert milestones.count("text-bg-danger") == 1
