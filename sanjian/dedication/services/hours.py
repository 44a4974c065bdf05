"""Hour logs: the rules that make an impossible log impossible, and verification.

The rules, checked for every log however it is written (check-out, a member's own log, the
organiser's hand marks, a correction):

* it ends after it starts, and not in the future;
* it is no longer than the day limit, and the person's logs on any calendar day (Asia/Shanghai)
  add up to no more than it: a shift from 22:00 to 02:00 is four hours, two on each day;
* it does not overlap another log of the same person that still counts (pending or verified);
* its activity is not cancelled, and the work lies within the activity's time, allowing
  ``MARGIN`` before and after for preparing and tidying up.

The person's row is locked while a log is checked and written, so that two requests cannot both
pass the overlap check with logs that overlap each other.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.dedication.models import Activity, HourLog, LogSource, LogStatus, SignUp
from sanjian.dedication.selectors import day_limit_minutes, minutes_between, minutes_per_day
from sanjian.lib.records import Actor, lock, record_save
from sanjian.members.models import Person
from sanjian.tenancy.models import Community

#: Work for an activity may start this long before it and end this long after it.
MARGIN = datetime.timedelta(hours=4)


def _counting_logs(person: Person, exclude_pk: int | None) -> Iterable[HourLog]:
    qs = HourLog.objects.filter(person=person, status__in=[LogStatus.PENDING, LogStatus.VERIFIED])
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def check_log(log: HourLog, *, now: datetime.datetime | None = None) -> None:
    """Raise ValidationError (by field) when ``log`` breaks a rule; see the module's docstring."""
    now = now or timezone.now()
    start, end = log.started_at, log.ended_at
    if start is None or end is None:
        raise ValidationError(_("Give the start and the end of the work."))
    if end <= start:
        raise ValidationError({"ended_at": _("The work ends after it starts.")})
    if minutes_between(start, end) < 1:
        raise ValidationError({"ended_at": _("A log is at least one minute long.")})
    if end > now:
        raise ValidationError({"ended_at": _("Hours are logged after the work is done, not ahead of it.")})
    limit = day_limit_minutes()
    if minutes_between(start, end) > limit:
        raise ValidationError(
            {"ended_at": _("One log is at most %(hours)d hours long.") % {"hours": limit // 60}}
        )
    activity: Activity = log.activity
    if activity.is_cancelled:
        raise ValidationError({"activity": _("The activity was cancelled: no hours can be logged for it.")})
    if start < activity.starts_at - MARGIN or end > activity.ends_at + MARGIN:
        raise ValidationError(
            _("The work lies outside the activity's time (%(hours)d hours before or after it at most).")
            % {"hours": MARGIN.seconds // 3600}
        )
    others = list(
        _counting_logs(log.person, log.pk).filter(
            started_at__lt=end + datetime.timedelta(days=1), ended_at__gt=start - datetime.timedelta(days=1)
        )
    )
    for other in others:
        if other.started_at < end and other.ended_at > start:
            local = timezone.localtime(other.started_at)
            raise ValidationError(
                _("This overlaps another log of the same person (%(when)s, %(activity)s).")
                % {"when": local.strftime("%Y-%m-%d %H:%M"), "activity": other.activity}
            )
    per_day: dict[datetime.date, int] = defaultdict(int)
    for other in others:
        for day, minutes in minutes_per_day(other.started_at, other.ended_at).items():
            per_day[day] += minutes
    for day, minutes in minutes_per_day(start, end).items():
        if per_day[day] + minutes > limit:
            raise ValidationError(
                _("On %(day)s this person would have more than %(hours)d hours logged.")
                % {"day": day.isoformat(), "hours": limit // 60}
            )


def _branch_of(person: Person) -> int | None:
    party = getattr(person, "party", None)
    return party.branch_id if party is not None and party.is_active else None


def _write(log: HourLog, *, actor: Actor, now: datetime.datetime | None, reason: str = "") -> HourLog:
    # The activity first, then the person (the order every service takes them in): a
    # cancellation or a change of its times running at this moment is seen, not raced.
    lock(log.activity)
    log.activity.refresh_from_db(fields=["is_cancelled", "starts_at", "ends_at"])
    lock(log.person)
    check_log(log, now=now)
    log.minutes = minutes_between(log.started_at, log.ended_at)
    log.worked_on = timezone.localtime(log.started_at).date()
    return record_save(log, actor=actor, reason=reason)


@transaction.atomic
def log_create(
    *,
    community: Community,
    person: Person,
    activity: Activity,
    started_at: datetime.datetime,
    ended_at: datetime.datetime,
    source: str = LogSource.SELF,
    note: str = "",
    actor: Actor,
    verified: bool = False,
    now: datetime.datetime | None = None,
) -> HourLog:
    """Write a new log, pending unless ``verified`` (the organiser's own hand marks: whoever
    records, certifies; the caller has checked that ``actor`` may verify it)."""
    if person.community_id != community.pk or activity.community_id != community.pk:
        raise ValidationError(_("This record belongs to another community."))
    log = HourLog(
        community=community,
        person=person,
        branch_id=_branch_of(person),
        activity=activity,
        started_at=started_at,
        ended_at=ended_at,
        source=source,
        note=note.strip()[:200],
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if verified:
        if actor is None or actor.pk == person.user_id:
            raise ValidationError(_("Nobody verifies their own hours."))
        log.status = LogStatus.VERIFIED
        log.decided_by = actor
        log.decided_at = now or timezone.now()
    return _write(log, actor=actor, now=now)


@transaction.atomic
def own_log_create(
    *,
    community: Community,
    person: Person,
    activity: Activity,
    started_at: datetime.datetime,
    ended_at: datetime.datetime,
    note: str = "",
    actor: Actor,
) -> HourLog:
    """A member logs their own hours, for an activity they signed up for (the organiser knows
    who to expect, and checks the log against that list)."""
    if not SignUp.objects.filter(activity=activity, person=person).exists():
        raise ValidationError({"activity": _("Hours are logged for an activity you signed up for.")})
    return log_create(
        community=community,
        person=person,
        activity=activity,
        started_at=started_at,
        ended_at=ended_at,
        source=LogSource.SELF,
        note=note,
        actor=actor,
    )


@transaction.atomic
def log_correct(
    *,
    log: HourLog,
    started_at: datetime.datetime,
    ended_at: datetime.datetime,
    note: str,
    actor: Actor,
    reason: str = "",
    by_verifier: bool,
    now: datetime.datetime | None = None,
) -> HourLog:
    """Change the times or note of a log; the change is kept in the log's history.

    The member corrects their own pending or rejected log, which goes (back) to pending. A
    verifier corrects any log and must say why; the reason is the history row's change reason.
    """
    lock(log.activity)  # activity, then log, then person: the order log_decide takes them in
    log = HourLog.objects.select_for_update().get(pk=log.pk)
    if by_verifier:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the log is corrected.")})
    else:
        if log.status == LogStatus.VERIFIED:
            raise ValidationError(_("A verified log is corrected by whoever verified it, not by the member."))
        log.status = LogStatus.PENDING
        log.reject_reason = ""
        log.decided_by = None
        log.decided_at = None
    log.started_at, log.ended_at, log.note = started_at, ended_at, note.strip()[:200]
    return _write(log, actor=actor, now=now, reason=reason)


@transaction.atomic
def log_decide(*, log: HourLog, verify: bool, reason: str = "", actor: Actor) -> HourLog:
    """Verify or reject a log (the caller has checked that ``actor`` may). Rejecting needs a
    reason; a decided log may be decided again the other way, and history keeps both."""
    log = HourLog.objects.select_related("activity").get(pk=log.pk)
    lock(log.activity)
    log = HourLog.objects.select_for_update().select_related("activity").get(pk=log.pk)
    if log.person.user_id is not None and log.person.user_id == actor.pk:
        raise ValidationError(_("Nobody verifies their own hours."))
    if verify:
        if log.status == LogStatus.REJECTED:
            # A rejected log did not count: others may have taken its time since.
            lock(log.person)
            check_log(log)
        elif log.activity.is_cancelled:
            raise ValidationError(_("The activity was cancelled: no hours can be logged for it."))
        log.status, log.reject_reason = LogStatus.VERIFIED, ""
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the log is rejected.")})
        log.status, log.reject_reason = LogStatus.REJECTED, reason.strip()[:200]
    log.decided_by, log.decided_at = actor, timezone.now()
    return record_save(log, actor=actor, reason=log.reject_reason)
