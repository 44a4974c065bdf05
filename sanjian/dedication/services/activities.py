"""Activities, sign-up, QR check-in and check-out, and the organiser's hand marks."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.dedication.models import Activity, HourLog, LogSource, LogStatus, SignUp
from sanjian.dedication.services import hours
from sanjian.lib.records import Actor, lock, record_save
from sanjian.members.models import Person
from sanjian.tenancy.models import Community

#: The check-in QR code works from this long before the activity starts…
CHECKIN_OPENS = datetime.timedelta(hours=1)
#: …and check-out until this long after it ends (later, the organiser marks by hand).
CHECKOUT_CLOSES = datetime.timedelta(hours=2)


#: An activity is organised ahead; only the general branch records one after it has started
#: (``may_backdate``), else an organiser could vouch, by hand marks, for work nobody planned.
BACKDATE_GRACE = datetime.timedelta(hours=1)


@transaction.atomic
def activity_save(
    *,
    community: Community,
    activity: Activity,
    actor: Actor,
    may_backdate: bool = False,
    now: datetime.datetime | None = None,
) -> Activity:
    """Create or change an activity. New times must still hold every log that counts."""
    now = now or timezone.now()
    activity.community = community
    previous = None
    if activity.pk:
        lock(activity)
        previous = Activity.objects.get(pk=activity.pk)
        if previous.is_cancelled and not activity.is_cancelled:
            raise ValidationError(_("A cancelled activity stays cancelled; create a new one."))
        if activity.capacity is not None and activity.signups.count() > activity.capacity:
            raise ValidationError({"capacity": _("More people have signed up than this capacity.")})
    moved = previous is None or previous.starts_at != activity.starts_at
    if moved and not may_backdate and activity.starts_at and activity.starts_at < now - BACKDATE_GRACE:
        raise ValidationError(
            {
                "starts_at": _(
                    "An activity is organised ahead: ask the general branch to record one that has already started."
                )
            }
        )
    if previous is not None and activity.starts_at and activity.ends_at:
        outside = activity.hour_logs.exclude(status=LogStatus.REJECTED).filter(
            Q(started_at__lt=activity.starts_at - hours.MARGIN)
            | Q(ended_at__gt=activity.ends_at + hours.MARGIN)
        )
        if outside.exists():
            raise ValidationError(
                _("Logged hours lie outside the new times: correct or reject those logs first.")
            )
    return record_save(activity, actor=actor)


@transaction.atomic
def activity_cancel(*, activity: Activity, reason: str, actor: Actor) -> Activity:
    """Cancel an activity. Its pending logs can no longer be verified; verified ones must first
    be rejected, so that cancelling never silently takes hours away from anyone."""
    lock(activity)  # a verification running at this moment waits, then sees the cancellation
    if activity.hour_logs.filter(status="verified").exists():
        raise ValidationError(
            _("Hours of this activity have been verified: reject them with a reason before cancelling it.")
        )
    activity.is_cancelled = True
    activity.cancel_reason = reason.strip()[:200]
    return record_save(activity, actor=actor, reason=activity.cancel_reason)


@transaction.atomic
def checkin_key_replace(*, activity: Activity, actor: Actor) -> Activity:
    """A new QR code for the activity: photos of the old one stop working."""
    activity.checkin_key = secrets.token_urlsafe(12)
    return record_save(activity, actor=actor)


def _open_for_signup(activity: Activity, now: datetime.datetime) -> None:
    if activity.is_cancelled:
        raise ValidationError(_("The activity was cancelled."))
    if now >= activity.ends_at:
        raise ValidationError(_("The activity is over."))


@transaction.atomic
def signup_create(
    *, activity: Activity, person: Person, actor: Actor, now: datetime.datetime | None = None
) -> SignUp:
    """Give ``person`` a place; refused when the activity is full, over or cancelled."""
    now = now or timezone.now()
    lock(activity)  # places are counted and taken one request at a time
    _open_for_signup(activity, now)
    existing = SignUp.objects.filter(activity=activity, person=person).first()
    if existing is not None:
        return existing
    if not person.is_active:
        raise ValidationError(_("Only people on the roll take part."))
    if activity.capacity is not None and activity.signups.count() >= activity.capacity:
        raise ValidationError(_("The activity is full."))
    signup = SignUp(community_id=activity.community_id, activity=activity, person=person)
    return record_save(signup, actor=actor)


@transaction.atomic
def signup_withdraw(*, activity: Activity, person: Person, actor: Actor) -> None:
    signup = SignUp.objects.filter(activity=activity, person=person).first()
    if signup is None:
        return
    if signup.checked_in_at is not None:
        raise ValidationError(_("You have checked in: the place can no longer be given up."))
    signup._history_user = actor
    signup.delete()


def _check_key(activity: Activity, key: str) -> None:
    # compare_digest takes str only when it is ASCII: compare bytes, so "é" is a wrong key, not a crash
    if (
        not isinstance(key, str)
        or not key
        or not secrets.compare_digest(key.encode(), activity.checkin_key.encode())
    ):
        raise ValidationError(_("This QR code is no longer valid: scan the one the organiser shows now."))


@transaction.atomic
def signup_check_in(
    *, activity: Activity, person: Person, key: str, actor: Actor, now: datetime.datetime | None = None
) -> SignUp:
    now = now or timezone.now()
    _check_key(activity, key)
    if now < activity.starts_at - CHECKIN_OPENS:
        raise ValidationError(_("Check-in opens an hour before the activity starts."))
    signup = signup_create(activity=activity, person=person, actor=actor, now=now)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.checked_in_at is not None:
        raise ValidationError(_("You have already checked in."))
    signup.checked_in_at = now
    return record_save(signup, actor=actor)


@transaction.atomic
def signup_check_out(
    *, activity: Activity, person: Person, key: str, actor: Actor, now: datetime.datetime | None = None
) -> HourLog:
    """Close the person's check-in and write the pending log of the time between."""
    now = now or timezone.now()
    _check_key(activity, key)
    lock(activity)  # the same order as sign-up and check-in: activity, then sign-up, then person
    signup = SignUp.objects.select_for_update().filter(activity=activity, person=person).first()
    if signup is None or signup.checked_in_at is None:
        raise ValidationError(_("Check in first."))
    if signup.checked_out_at is not None:
        raise ValidationError(_("You have already checked out."))
    if now > activity.ends_at + CHECKOUT_CLOSES:
        raise ValidationError(_("Check-out has closed: ask the organiser to record your hours."))
    signup.checked_out_at = now
    record_save(signup, actor=actor)
    return hours.log_create(
        community=activity.community,
        person=person,
        activity=activity,
        started_at=signup.checked_in_at,
        ended_at=now,
        source=LogSource.CHECKIN,
        actor=actor,
        now=now,
    )


@transaction.atomic
def log_mark(
    *,
    activity: Activity,
    person: Person,
    started_at: datetime.datetime,
    ended_at: datetime.datetime,
    actor: Actor,
    note: str = "",
) -> HourLog:
    """The organiser records that ``person`` worked: signed up if need be, and verified at once
    (whoever records, certifies), unless it is the organiser's own time."""
    # They were there: a place is recorded even when the sign-up list was full.
    lock(activity)
    if not SignUp.objects.filter(activity=activity, person=person).exists():
        record_save(SignUp(community_id=activity.community_id, activity=activity, person=person), actor=actor)
    return hours.log_create(
        community=activity.community,
        person=person,
        activity=activity,
        started_at=started_at,
        ended_at=ended_at,
        source=LogSource.ORGANISER,
        note=note,
        actor=actor,
        verified=person.user_id != actor.pk,
    )
