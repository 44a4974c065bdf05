"""A period's life: open (letters made from templates), close (scores computed), review,
publish (appeal window, early warnings), final."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from sanjian.assessment import compute, scoring
from sanjian.assessment.models import (
    ASSESSED_KINDS,
    Alert,
    AlertKind,
    AppealStatus,
    Letter,
    LetterItem,
    Period,
    PeriodKind,
    PeriodStatus,
    Result,
    Template,
    TemplateItem,
)
from sanjian.assessment.selectors import appeal_deadline, period_is_due, policy_for
from sanjian.lib.dates import Month
from sanjian.lib.records import Actor, record_save
from sanjian.org.models import Unit
from sanjian.tenancy.models import Community, Membership


def _move(
    period: Period, *, expected: tuple[str, ...], to: str, actor: Actor, reason: str = "", **fields: Any
) -> None:
    # Re-read under a row lock: two leaders pressing "publish" at once must not both succeed.
    current = Period.objects.select_for_update().get(pk=period.pk)
    if current.status not in expected:
        raise ValidationError(
            _("The period is %(status)s: this step is not possible now.")
            % {"status": current.get_status_display()}
        )
    period.status = to
    for name, value in fields.items():
        setattr(period, name, value)
    record_save(period, actor=actor, reason=reason)


@transaction.atomic
def period_open(
    *, community: Community, kind: str, year: int, number: int, actor: Actor, note: str = ""
) -> Period:
    """Open a period; a month gets a letter for every active assessed unit (see ``letters_create``)."""
    period = Period(community=community, kind=kind, year=year, number=number, note=note)
    record_save(period, actor=actor)
    if period.is_month:
        letters_create(period=period, actor=actor)
    return period


@transaction.atomic
def letters_create(*, period: Period, actor: Actor) -> list[Letter]:
    """Give every active assessed unit without a letter one, copied from its letter of the month
    before (targets, weights, people) or else from its kind's template. Units of a kind without a
    template get none. Refuses a template whose weights do not add up to 100."""
    if not period.is_month or not period.is_open:
        raise ValidationError(_("Letters are made for a month that is open."))
    have = set(Letter.objects.filter(period=period).values_list("unit_id", flat=True))
    # Filtered by community as well as scoped: the demo loader and commands run unscoped.
    assessed = Unit.objects.filter(community=period.community, kind__in=ASSESSED_KINDS, is_active=True)
    units = [u for u in assessed if u.pk not in have]
    templates = _templates(period.community)
    previous = _previous_letters(period, units)
    members = _unit_members(period.community, units)
    letters, sources = [], []
    for unit in units:
        source = previous.get(unit.pk) or templates.get(unit.kind)
        if source is None:
            continue
        letter = Letter(community=period.community, period=period, unit=unit, clauses=source.clauses)
        if isinstance(source, Letter):
            letter.responsible_id, letter.issuer_id = source.responsible_id, source.issuer_id
        else:
            letter.responsible_id, letter.issuer_id = members.get(unit.pk), getattr(actor, "pk", None)
        letters.append(letter)
        sources.append(source)
    letters = bulk_create_with_history(letters, Letter, default_user=actor)
    items = [
        item for letter, source in zip(letters, sources, strict=True) for item in _copy_items(letter, source)
    ]
    bulk_create_with_history(items, LetterItem, default_user=actor)
    return letters


def _templates(community: Community) -> dict[str, Template]:
    templates = {t.unit_kind: t for t in Template.objects.filter(community=community)}
    items = TemplateItem.objects.filter(template__in=templates.values()).select_related("indicator")
    for template in templates.values():
        template.copied = []
    for item in items.order_by("sort_order", "pk"):
        templates[item.template.unit_kind].copied.append(item)
    for template in templates.values():
        total = sum((i.weight for i in template.copied), Decimal(0))
        if template.copied and total != 100:
            raise ValidationError(
                _("The weights of the template “%(template)s” add up to %(total)s, not 100.")
                % {"template": template, "total": scoring.plain(total)}
            )
    return {kind: t for kind, t in templates.items() if t.copied}


def _previous_letters(period: Period, units: list[Unit]) -> dict[int, Letter]:
    before = compute.previous_bounds(period)
    letters = {
        letter.pk: letter
        for letter in Letter.objects.filter(
            period__kind=before[0], period__year=before[1], period__number=before[2], unit__in=units
        )
    }
    for letter in letters.values():
        letter.copied = []
    for item in LetterItem.objects.filter(letter__in=letters.keys()).order_by("sort_order", "pk"):
        letters[item.letter_id].copied.append(item)
    return {letter.unit_id: letter for letter in letters.values() if letter.copied}


def _unit_members(community: Community, units: list[Unit]) -> dict[int, int]:
    """The first user tied to each unit by a membership: the default responsible person."""
    members: dict[int, int] = {}
    rows = Membership.objects.filter(community=community, unit__in=units).order_by("pk")
    for unit_id, user_id in rows.values_list("unit_id", "user_id"):
        members.setdefault(unit_id, user_id)
    return members


def _copy_items(letter: Letter, source: Letter | Template) -> list[LetterItem]:
    items = []
    for order, original in enumerate(source.copied):
        item = LetterItem(
            community=letter.community,
            letter=letter,
            indicator_id=original.indicator_id,
            weight=original.weight,
            sort_order=order,
        )
        item.rule_copy(original if isinstance(source, Letter) else original.indicator)
        if not isinstance(source, Letter) and original.target is not None:
            item.target = original.target  # a template item may set its own target
        items.append(item)
    return items


@transaction.atomic
def period_close(*, period: Period, actor: Actor, early_reason: str = "") -> list[Result]:
    """Close the period for scoring and compute its results (replacing any earlier computation).

    Before the period's last day is over, closing needs ``early_reason`` (recorded in history):
    once closed, approved and published, only adjustments can correct it.
    """
    try:
        drafts = compute.compute_period(period)
    except compute.AggregationError as exc:
        raise ValidationError(
            _("These months are not published yet: %(months)s.")
            % {"months": _(", ").join(map(str, exc.months))}
        ) from exc
    except compute.SourceError as exc:
        raise ValidationError(
            _(
                "The automatic source %(key)s gave an answer that cannot be scored (%(error)s); ask its maintainers."
            )
            % {"key": exc.key, "error": exc.error}
        ) from exc
    early = timezone.localdate() <= period.end
    if early and period.status == PeriodStatus.OPEN and not early_reason.strip():
        raise ValidationError(
            _(
                "The period runs until %(end)s: closing it early needs a reason, which is recorded. "
                "After publication only adjustments can correct it."
            )
            % {"end": date_format(period.end, "DATE_FORMAT")}
        )
    _move(
        period,
        expected=(PeriodStatus.OPEN,),
        to=PeriodStatus.CLOSED,
        actor=actor,
        reason=early_reason.strip() if early else "",
        closed_at=timezone.now(),
    )
    return results_store(period=period, drafts=drafts, actor=actor)


def results_store(*, period: Period, drafts: list[compute.ResultDraft], actor: Actor) -> list[Result]:
    """Replace the period's results by ``drafts``, ranked, with the change on the period before."""
    Result.objects.filter(period=period).delete()
    now = timezone.now()
    previous = _previous_totals(period, [d.unit.pk for d in drafts])
    results = []
    for draft in drafts:
        before = previous.get(draft.unit.pk)
        results.append(
            Result(
                community=period.community,
                period=period,
                unit=draft.unit,
                unit_kind=draft.unit.kind,
                total=draft.total,
                earned=draft.earned,
                applicable_weight=draft.applicable_weight,
                change=None if draft.total is None or before is None else draft.total - before,
                months=draft.months,
                lines=[line.as_json() for line in draft.lines],
                computed_at=now,
            )
        )
    rank_results(results)
    return bulk_create_with_history(results, Result, default_user=actor)


def _previous_totals(period: Period, unit_ids: list[int]) -> dict[int, Decimal]:
    kind, year, number = compute.previous_bounds(period)
    rows = Result.objects.filter(
        period__kind=kind, period__year=year, period__number=number, unit__in=unit_ids, total__isnull=False
    ).values_list("unit_id", "total", "adjustment")
    return {unit_id: total + adjustment for unit_id, total, adjustment in rows}


def rank_results(results: list[Result]) -> list[Result]:
    """Rank ``results`` among those of the same unit kind by score (adjustments included)."""
    by_kind: dict[str, list[Result]] = {}
    for result in results:
        by_kind.setdefault(result.unit_kind, []).append(result)
    changed = []
    for group in by_kind.values():
        ranks = scoring.competition_ranks([r.final_total for r in group])
        count = sum(1 for r in group if r.total is not None)
        for result, rank in zip(group, ranks, strict=True):
            if (result.rank, result.rank_count) != (rank, count):
                result.rank, result.rank_count = rank, count
                changed.append(result)
    return changed


@transaction.atomic
def period_reopen(*, period: Period, reason: str, actor: Actor) -> Period:
    """Back to scoring before publication; the computed results are dropped, the reason recorded."""
    if not reason.strip():
        raise ValidationError(_("Say why the period is reopened."))
    _move(
        period,
        expected=(PeriodStatus.CLOSED, PeriodStatus.REVIEWED),
        to=PeriodStatus.OPEN,
        actor=actor,
        reason=reason,
    )
    Result.objects.filter(period=period).delete()
    return period


@transaction.atomic
def period_review(*, period: Period, actor: Actor) -> Period:
    _move(
        period,
        expected=(PeriodStatus.CLOSED,),
        to=PeriodStatus.REVIEWED,
        actor=actor,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
    )
    return period


@transaction.atomic
def period_publish(*, period: Period, actor: Actor, now: datetime.datetime | None = None) -> Period:
    """公示: the results become visible to every member; the appeal window opens."""
    now = now or timezone.now()
    workdays = policy_for(period.community).appeal_workdays
    _move(
        period,
        expected=(PeriodStatus.REVIEWED,),
        to=PeriodStatus.PUBLISHED,
        actor=actor,
        published_at=now,
        appeal_deadline=appeal_deadline(now, workdays),
    )
    if period.is_month:
        alerts_raise(period=period)
    return period


def alerts_raise(*, period: Period) -> list[Alert]:
    """Early warnings of a published month: a unit falling two months running by more than the
    margin in all, or below the floor two months running."""
    policy = policy_for(period.community)
    first_before = Month.of(period.start).previous().start
    second_before = Month.of(first_before).previous().start
    earlier: dict[tuple[int, datetime.date], Decimal] = {}
    rows = Result.objects.filter(
        period__community=period.community,
        period__kind=PeriodKind.MONTH,
        period__start__in=[first_before, second_before],
        period__status__in=compute.PUBLISHED,
        total__isnull=False,
    ).values_list("unit_id", "period__start", "total", "adjustment")
    for unit_id, start, total, adjustment in rows:
        earlier[(unit_id, start)] = total + adjustment
    alerts = []
    current = Result.objects.filter(period=period, total__isnull=False).values_list(
        "unit_id", "total", "adjustment"
    )
    for unit_id, total, adjustment in current:
        score = total + adjustment
        one, two = earlier.get((unit_id, first_before)), earlier.get((unit_id, second_before))
        if one is not None and two is not None and score < one < two and two - score > policy.drop_margin:
            alerts.append(_alert(period, unit_id, AlertKind.FALLING, score, two))
        if one is not None and score < policy.floor_score and one < policy.floor_score:
            alerts.append(_alert(period, unit_id, AlertKind.BELOW_FLOOR, score, policy.floor_score))
    Alert.objects.filter(period=period).delete()
    return Alert.objects.bulk_create(alerts)


def _alert(period: Period, unit_id: int, kind: str, score: Decimal, reference: Decimal) -> Alert:
    return Alert(
        community=period.community,
        period=period,
        unit_id=unit_id,
        kind=kind,
        score=score,
        reference=reference,
    )


@transaction.atomic
def period_finalise(*, period: Period, actor: Actor = None, now: datetime.datetime | None = None) -> bool:
    """Lock a published period once its appeal window has passed and every appeal is decided."""
    now = now or timezone.now()
    period.refresh_from_db()  # the caller's copy may predate a decision or a change of deadline
    if not period_is_due(period, now):
        return False
    _move(period, expected=(PeriodStatus.PUBLISHED,), to=PeriodStatus.FINAL, actor=actor, finalised_at=now)
    return True


def periods_finalise_due(*, now: datetime.datetime | None = None) -> int:
    """Finalise every due period in scope (the task runs it with scopes disabled)."""
    now = now or timezone.now()
    due = Period.objects.filter(status=PeriodStatus.PUBLISHED, appeal_deadline__lt=now).filter(
        ~Q(results__appeals__status=AppealStatus.PENDING)
    )
    return sum(period_finalise(period=p, now=now) for p in due.distinct())
