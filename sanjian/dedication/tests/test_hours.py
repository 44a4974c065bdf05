"""The rules of an hour log, through the services that alone write logs."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sanjian.dedication import selectors
from sanjian.dedication.models import HourLog, LogSource, LogStatus
from sanjian.dedication.services import activities, hours
from sanjian.dedication.tests.conftest import at, make_activity
from sanjian.testing.members import PersonFactory

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def english():
    """The rules' messages are matched in their source language here; the Chinese catalogue is
    checked by the i18n tests."""
    with translation.override("en"):
        yield


def log(ded, person, start, end, **kw):
    return hours.log_create(
        community=ded.activity.community,
        person=person,
        activity=kw.pop("activity", ded.activity),
        started_at=start,
        ended_at=end,
        actor=None,
        **kw,
    )


@pytest.fixture
def member(ded):
    return ded.crew.members[0].person


def test_a_shift_across_midnight_is_one_log_of_the_right_length(world, ded, member, in_scope):
    night = make_activity(
        world.community, ded.crew.organiser.person, at(ded.yesterday, 22), at(ded.yesterday, 23, 59)
    )
    start = at(ded.yesterday - datetime.timedelta(days=1), 22)
    end = at(ded.yesterday, 2)
    night.starts_at, night.ends_at = start, end
    with scopes_disabled():
        night.save()
    saved = log(ded, member, start, end, activity=night)
    assert saved.minutes == 240
    assert saved.worked_on == ded.yesterday - datetime.timedelta(days=1)
    assert selectors.minutes_per_day(start, end) == {
        ded.yesterday - datetime.timedelta(days=1): 120,
        ded.yesterday: 120,
    }


def test_times_given_in_utc_are_split_at_shanghai_midnight(ded):
    # 15:30 UTC is 23:30 in Asia/Shanghai (UTC+8 all year: no daylight saving time).
    start = datetime.datetime(2026, 3, 7, 15, 30, tzinfo=UTC)
    end = datetime.datetime(2026, 3, 7, 17, 0, tzinfo=UTC)
    assert selectors.minutes_per_day(start, end) == {
        datetime.date(2026, 3, 7): 30,
        datetime.date(2026, 3, 8): 60,
    }


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ((10, 0), (9, 0), "ended_at"),  # ends before it starts
        ((10, 0), (10, 0), "ended_at"),  # zero length
    ],
)
def test_a_log_ends_after_it_starts(ded, member, in_scope, start, end, field):
    with pytest.raises(ValidationError) as exc:
        log(ded, member, at(ded.yesterday, *start), at(ded.yesterday, *end))
    assert field in exc.value.message_dict
    assert not HourLog.objects.exists()


def test_no_future_log(world, ded, member, in_scope):
    now = timezone.now()
    future = make_activity(
        world.community,
        ded.crew.organiser.person,
        now - datetime.timedelta(hours=1),
        now + datetime.timedelta(hours=3),
    )
    with pytest.raises(ValidationError, match="after the work is done"):
        log(
            ded,
            member,
            now - datetime.timedelta(minutes=30),
            now + datetime.timedelta(hours=1),
            activity=future,
        )
    assert not HourLog.objects.exists()


def test_no_log_on_a_cancelled_activity(ded, member, in_scope):
    ded.activity.is_cancelled, ded.activity.cancel_reason = True, "下雨"
    with scopes_disabled():
        ded.activity.save()
    with pytest.raises(ValidationError, match="cancelled"):
        log(ded, member, at(ded.yesterday, 8), at(ded.yesterday, 10))
    assert not HourLog.objects.exists()


def test_no_log_far_outside_the_activity(ded, member, in_scope):
    with pytest.raises(ValidationError, match="outside the activity"):
        log(
            ded,
            member,
            at(ded.yesterday - datetime.timedelta(days=3), 8),
            at(ded.yesterday - datetime.timedelta(days=3), 10),
        )
    # preparing an hour before it starts is fine
    assert log(ded, member, at(ded.yesterday, 7), at(ded.yesterday, 9)).minutes == 120


def test_no_overlap_with_the_same_persons_other_logs(ded, member, in_scope):
    log(ded, member, at(ded.yesterday, 8), at(ded.yesterday, 10))
    with pytest.raises(ValidationError, match="overlaps"):
        log(ded, member, at(ded.yesterday, 9, 59), at(ded.yesterday, 11))
    # touching is not overlapping, and another person may work the same hours
    log(ded, member, at(ded.yesterday, 10), at(ded.yesterday, 11))
    log(ded, ded.crew.members[1].person, at(ded.yesterday, 8), at(ded.yesterday, 11))
    assert HourLog.objects.count() == 3


def test_a_rejected_log_no_longer_blocks_its_time(world, ded, member, in_scope):
    first = log(ded, member, at(ded.yesterday, 8), at(ded.yesterday, 10))
    hours.log_decide(log=first, verify=False, reason="未到岗", actor=world.secretary)
    assert log(ded, member, at(ded.yesterday, 9), at(ded.yesterday, 11)).status == LogStatus.PENDING
    # …but verifying the rejected one again is checked like a new log
    with pytest.raises(ValidationError, match="overlaps"):
        hours.log_decide(log=first, verify=True, actor=world.secretary)
    first.refresh_from_db()
    assert first.status == LogStatus.REJECTED


def test_day_limit(settings, world, ded, member, in_scope):
    settings.DEDICATION_MAX_HOURS_PER_DAY = 5
    log(ded, member, at(ded.yesterday, 7), at(ded.yesterday, 10))
    with pytest.raises(ValidationError, match="more than 5 hours"):
        log(ded, member, at(ded.yesterday, 10), at(ded.yesterday, 12, 1))
    assert log(ded, member, at(ded.yesterday, 10), at(ded.yesterday, 12)).minutes == 120
    with pytest.raises(ValidationError, match="at most 5 hours long"):
        log(ded, ded.crew.members[1].person, at(ded.yesterday, 7), at(ded.yesterday, 12, 30))


def test_verification_needs_someone_else_and_rejection_a_reason(world, ded, in_scope):
    organiser = ded.crew.organiser.person  # the party_member login
    own = log(ded, organiser, at(ded.yesterday, 8), at(ded.yesterday, 9))
    with pytest.raises(ValidationError, match="own hours"):
        hours.log_decide(log=own, verify=True, actor=world.party_member)
    with pytest.raises(ValidationError):
        hours.log_decide(log=own, verify=False, reason="  ", actor=world.secretary)
    own.refresh_from_db()
    assert own.status == LogStatus.PENDING and own.decided_by is None
    hours.log_decide(log=own, verify=True, actor=world.secretary)
    own.refresh_from_db()
    assert own.status == LogStatus.VERIFIED and own.decided_by == world.secretary


def test_corrections_are_recorded_never_silent(world, ded, member, in_scope):
    entry = log(ded, member, at(ded.yesterday, 8), at(ded.yesterday, 10))
    hours.log_decide(log=entry, verify=True, actor=world.secretary)
    with pytest.raises(ValidationError, match="verified log"):
        hours.log_correct(
            log=entry,
            started_at=at(ded.yesterday, 8),
            ended_at=at(ded.yesterday, 11),
            note="",
            actor=None,
            by_verifier=False,
        )
    with pytest.raises(ValidationError):
        hours.log_correct(
            log=entry,
            started_at=at(ded.yesterday, 8),
            ended_at=at(ded.yesterday, 11),
            note="",
            actor=world.secretary,
            by_verifier=True,
        )
    hours.log_correct(
        log=entry,
        started_at=at(ded.yesterday, 8),
        ended_at=at(ded.yesterday, 11),
        note="",
        actor=world.secretary,
        reason="签退时间漏记一小时",
        by_verifier=True,
    )
    entry.refresh_from_db()
    assert entry.minutes == 180 and entry.status == LogStatus.VERIFIED
    latest = entry.history.order_by("-history_id").first()
    assert latest.history_change_reason == "签退时间漏记一小时"
    assert latest.history_user == world.secretary
    assert entry.history.count() == 3  # created, verified, corrected


def test_a_members_correction_sends_a_rejected_log_back_to_pending(world, ded, member, in_scope):
    entry = log(ded, member, at(ded.yesterday, 8), at(ded.yesterday, 10))
    hours.log_decide(log=entry, verify=False, reason="时间不符", actor=world.secretary)
    hours.log_correct(
        log=entry,
        started_at=at(ded.yesterday, 8),
        ended_at=at(ded.yesterday, 9),
        note="改正",
        actor=None,
        by_verifier=False,
    )
    entry.refresh_from_db()
    assert (entry.status, entry.reject_reason, entry.minutes) == (LogStatus.PENDING, "", 60)


def test_check_in_and_out_writes_a_pending_log(world, ded, member, in_scope):
    a = ded.activity
    key = a.checkin_key
    with pytest.raises(ValidationError, match="no longer valid"):
        activities.signup_check_in(
            activity=a, person=member, key="wrong", actor=None, now=at(ded.yesterday, 8)
        )
    activities.signup_check_in(activity=a, person=member, key=key, actor=None, now=at(ded.yesterday, 8, 5))
    with pytest.raises(ValidationError, match="already checked in"):
        activities.signup_check_in(
            activity=a, person=member, key=key, actor=None, now=at(ded.yesterday, 8, 6)
        )
    entry = activities.signup_check_out(
        activity=a, person=member, key=key, actor=None, now=at(ded.yesterday, 11, 35)
    )
    assert (entry.source, entry.status, entry.minutes) == (LogSource.CHECKIN, LogStatus.PENDING, 210)
    assert entry.branch == ded.crew.members[0].branch
    with pytest.raises(ValidationError, match="already checked out"):
        activities.signup_check_out(
            activity=a, person=member, key=key, actor=None, now=at(ded.yesterday, 11, 40)
        )


def test_a_check_out_that_breaks_a_rule_changes_nothing(world, ded, member, in_scope):
    log(ded, member, at(ded.yesterday, 9), at(ded.yesterday, 10))
    a = ded.activity
    activities.signup_check_in(
        activity=a, person=member, key=a.checkin_key, actor=None, now=at(ded.yesterday, 8)
    )
    with pytest.raises(ValidationError, match="overlaps"):
        activities.signup_check_out(
            activity=a, person=member, key=a.checkin_key, actor=None, now=at(ded.yesterday, 11)
        )
    signup = a.signups.get(person=member)
    assert signup.checked_out_at is None
    assert HourLog.objects.count() == 1


def test_capacity_and_cancelled_activities(world, ded, in_scope):
    now = timezone.now()
    a = make_activity(
        world.community,
        ded.crew.organiser.person,
        now + datetime.timedelta(days=1),
        now + datetime.timedelta(days=1, hours=2),
        capacity=1,
    )
    first, second = ded.crew.members[0].person, ded.crew.members[1].person
    activities.signup_create(activity=a, person=first, actor=None)
    with pytest.raises(ValidationError, match="full"):
        activities.signup_create(activity=a, person=second, actor=None)
    activities.signup_withdraw(activity=a, person=first, actor=None)
    activities.signup_create(activity=a, person=second, actor=None)
    activities.activity_cancel(activity=a, reason="暴雨", actor=world.secretary)
    with pytest.raises(ValidationError, match="cancelled"):
        activities.signup_create(activity=a, person=first, actor=None)


def test_cancelling_never_takes_verified_hours_away_silently(world, ded, member, in_scope):
    entry = log(ded, member, at(ded.yesterday, 8), at(ded.yesterday, 10))
    hours.log_decide(log=entry, verify=True, actor=world.secretary)
    with pytest.raises(ValidationError, match="verified"):
        activities.activity_cancel(activity=ded.activity, reason="补录", actor=world.secretary)
    ded.activity.refresh_from_db()
    assert not ded.activity.is_cancelled


def test_hand_marks_are_verified_by_whoever_records_them(world, ded, in_scope):
    member = ded.crew.members[2].person
    entry = activities.log_mark(
        activity=ded.activity,
        person=member,
        started_at=at(ded.yesterday, 8),
        ended_at=at(ded.yesterday, 12),
        actor=world.party_member,
    )
    assert (entry.status, entry.decided_by, entry.source) == (
        LogStatus.VERIFIED,
        world.party_member,
        LogSource.ORGANISER,
    )
    own = activities.log_mark(
        activity=ded.activity,
        person=ded.crew.organiser.person,
        started_at=at(ded.yesterday, 8),
        ended_at=at(ded.yesterday, 12),
        actor=world.party_member,
    )
    assert own.status == LogStatus.PENDING


# --- Property-based: whatever order and shape of logs people try, the rules hold --------------

BASE = datetime.datetime(2026, 3, 1, 0, 0, tzinfo=timezone.get_default_timezone())
attempts = st.lists(
    st.tuples(st.integers(0, 3 * 24 * 60), st.integers(-60, 30 * 60)), min_size=1, max_size=12
)


def _oracle_accepts(
    accepted: list[tuple[datetime.datetime, datetime.datetime]], start, end, limit: int
) -> bool:
    """An independent statement of the rules, minute by minute."""
    if end <= start or (end - start).total_seconds() < 60 or (end - start).total_seconds() > limit * 60:
        return False
    if any(s < end and e > start for s, e in accepted):
        return False
    per_day: dict[datetime.date, int] = defaultdict(int)
    for s, e in [*accepted, (start, end)]:
        minute = s
        while minute < e:
            per_day[timezone.localtime(minute).date()] += 1
            minute += datetime.timedelta(minutes=1)
    return all(v <= limit for v in per_day.values())


@pytest.mark.parametrize("day_limit", [24, 9])
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tries=attempts)
def test_rules_hold_for_any_sequence_of_attempts(world, ded, settings, day_limit, tries):
    settings.DEDICATION_MAX_HOURS_PER_DAY = day_limit
    with scopes_disabled():
        person = PersonFactory(community=world.community)
        activity = make_activity(
            world.community, ded.crew.organiser.person, BASE, BASE + datetime.timedelta(days=5)
        )
    accepted: list[tuple[datetime.datetime, datetime.datetime]] = []
    with scope(community=world.community.pk):
        for offset, length in tries:
            start = BASE + datetime.timedelta(minutes=offset)
            end = start + datetime.timedelta(minutes=length)
            expected = _oracle_accepts(accepted, start, end, day_limit * 60)
            try:
                hours.log_create(
                    community=world.community,
                    person=person,
                    activity=activity,
                    started_at=start,
                    ended_at=end,
                    actor=None,
                )
            except ValidationError:
                assert not expected, (start, end, accepted)
            else:
                assert expected, (start, end, accepted)
                accepted.append((start, end))
        saved = list(HourLog.objects.filter(person=person).order_by("started_at"))
    assert [(x.started_at, x.ended_at) for x in saved] == sorted(accepted)
    for earlier, later in zip(saved, saved[1:], strict=False):
        assert earlier.ended_at <= later.started_at
    per_day: dict[datetime.date, int] = defaultdict(int)
    for x in saved:
        assert x.minutes == int((x.ended_at - x.started_at).total_seconds() // 60) > 0
        for day, minutes in selectors.minutes_per_day(x.started_at, x.ended_at).items():
            per_day[day] += minutes
    assert all(v <= day_limit * 60 for v in per_day.values())


@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_logs_let_one_through(world, crew):
    """Eight requests log overlapping hours for one person at once: the person's row lock makes
    them queue, so exactly one log is written and the others are refused."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: there is no race to lose there")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    activity = make_activity(world.community, crew.organiser.person, at(yesterday, 8), at(yesterday, 12))
    person = crew.members[0].person
    threads, outcomes = 8, []
    barrier = threading.Barrier(threads)

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            with scope(community=world.community.pk):
                hours.log_create(
                    community=world.community,
                    person=person,
                    activity=activity,
                    started_at=at(yesterday, 8, n),
                    ended_at=at(yesterday, 11, n),
                    actor=None,
                )
            outcomes.append("written")
        except ValidationError:
            outcomes.append("refused")
        except Exception as exc:  # pragma: no cover - reported below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=attempt, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["refused"] * (threads - 1) + ["written"]
    with scopes_disabled():
        assert HourLog.objects.filter(person=person).count() == 1


def test_only_the_general_branch_records_an_activity_after_it_started(world, ded, in_scope):
    from sanjian.dedication.models import Activity

    yesterday = ded.yesterday

    def new():
        return Activity(
            title="补录活动",
            place="3号楼",
            starts_at=at(yesterday, 8),
            ends_at=at(yesterday, 12),
            organiser=ded.crew.organiser.person,
            category="civility",
        )

    with pytest.raises(ValidationError) as exc:
        activities.activity_save(community=world.community, activity=new(), actor=world.party_member)
    assert "starts_at" in exc.value.message_dict
    assert not Activity.objects.filter(title="补录活动").exists()
    saved = activities.activity_save(
        community=world.community, activity=new(), actor=world.secretary, may_backdate=True
    )
    # once recorded, an organiser may still edit it without moving its start
    saved.place = "4号楼"
    activities.activity_save(community=world.community, activity=saved, actor=world.party_member)


def test_new_times_must_still_hold_the_logs_that_count(world, ded, member, in_scope):
    entry = log(ded, member, at(ded.yesterday, 8), at(ded.yesterday, 10))
    a = ded.activity
    a.starts_at, a.ends_at = at(ded.yesterday, 15), at(ded.yesterday, 18)
    with pytest.raises(ValidationError, match="outside the new times"):
        activities.activity_save(
            community=world.community, activity=a, actor=world.secretary, may_backdate=True
        )
    a.refresh_from_db()
    assert a.starts_at == at(ded.yesterday, 8)
    # a rejected log no longer ties the activity down
    hours.log_decide(log=entry, verify=False, reason="时间不符", actor=world.secretary)
    a.starts_at, a.ends_at = at(ded.yesterday, 15), at(ded.yesterday, 18)
    activities.activity_save(community=world.community, activity=a, actor=world.secretary, may_backdate=True)


def test_a_member_logs_own_hours_only_for_an_activity_they_signed_up_for(world, ded, member, in_scope):
    args = {
        "community": world.community,
        "person": member,
        "activity": ded.activity,
        "actor": None,
        "started_at": at(ded.yesterday, 8),
        "ended_at": at(ded.yesterday, 10),
    }
    with pytest.raises(ValidationError, match="signed up"):
        hours.own_log_create(**args)
    assert not HourLog.objects.exists()
    activities.signup_create(activity=ded.activity, person=member, actor=None, now=at(ded.yesterday, 7))
    assert hours.own_log_create(**args).source == LogSource.SELF
