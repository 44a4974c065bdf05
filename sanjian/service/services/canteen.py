"""Writes for the canteen: weekly dishes and their ratings, themed months, production records
(entered or imported from Excel, all or nothing), hero and birthday banquets.

Birthdays (``birthdays``): a person born on 29 February is listed on 28 February in a year
that has no 29 February, so that nobody's birthday banquet is skipped three years in four.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sanjian.lib import ratings
from sanjian.lib.dates import Month
from sanjian.lib.imports import ImportColumn, RowError, import_headers, parse_date, read_rows
from sanjian.lib.imports import import_template as lib_import_template
from sanjian.lib.records import Actor, record_save
from sanjian.members.models import Person
from sanjian.org.models import Unit
from sanjian.service.models import (
    Banquet,
    BanquetKind,
    Dish,
    DishRating,
    Guest,
    ProductionRecord,
    ThemedMonth,
)
from sanjian.tenancy.models import Community
from sanjian.tenancy.services import rows_move


def _own(community: Community, *records: object) -> None:
    for record in records:
        if record is not None and record.community_id != community.pk:
            raise ValidationError(_("The record belongs to another community."))


@transaction.atomic
def theme_save(*, community: Community, theme: ThemedMonth, actor: Actor) -> ThemedMonth:
    theme.community = community
    if theme.month:
        theme.month = theme.month.replace(day=1)
    return record_save(theme, actor=actor)


@transaction.atomic
def dish_save(*, community: Community, dish: Dish, actor: Actor) -> Dish:
    """Save the dish of a week; the week is the Monday of the day given, and a dish of a themed
    month lies in that month."""
    dish.community = community
    _own(community, dish.canteen if dish.canteen_id else None, dish.theme)
    if dish.week:
        dish.week -= datetime.timedelta(days=dish.week.weekday())
    if (
        dish.theme_id
        and dish.week
        and Month.of(dish.week) != Month.of(dish.theme.month)
        and (Month.of(dish.week + datetime.timedelta(days=6)) != Month.of(dish.theme.month))
    ):
        raise ValidationError({"theme": _("The dish's week lies outside the themed month.")})
    return record_save(dish, actor=actor)


def dish_rate(
    *,
    community: Community,
    dish: Dish,
    level: object,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> DishRating:
    """Record a rating of ``dish`` and add it to the dish's count and total, in one
    transaction; the caller has applied the device and address limits (``lib.ratings``)."""
    level = ratings.clean_level(level)
    comment = ratings.clean_comment(comment, limit=200)
    if dish.community_id != community.pk:
        raise ValidationError(_("The record belongs to another community."))
    now = now or timezone.now()
    if dish.week > timezone.localdate(now):
        raise ValidationError(_("This dish is not on the menu yet."))
    with transaction.atomic():
        rating = DishRating.objects.create(
            community=community, dish=dish, level=level, comment=comment, created_at=now
        )
        Dish.objects.filter(pk=dish.pk).update(
            ratings=F("ratings") + 1, rating_total=F("rating_total") + level
        )
    return rating


@transaction.atomic
def record_add(*, community: Community, record: ProductionRecord, actor: Actor) -> ProductionRecord:
    record.community = community
    _own(community, record.person if record.person_id else None)
    if record.achieved_on and record.achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": _("A record is entered after it is set, not ahead of it.")})
    return record_save(record, actor=actor)


#: The import sheet's columns (headers in Chinese whatever the interface language: one template).
IMPORT_COLUMNS = (
    ImportColumn("number", gettext_lazy("Employee number"), example="1001"),
    ImportColumn("name", gettext_lazy("Name"), True, pgettext_lazy("import example", "Zhang San")),
    ImportColumn(
        "team", gettext_lazy("Team"), True, pgettext_lazy("import example", "Fully mechanised team 1")
    ),
    ImportColumn("day", gettext_lazy("Date"), True, "2026-03-18"),
    ImportColumn(
        "achievement",
        gettext_lazy("Achievement"),
        True,
        pgettext_lazy("import example", "A shift's output record for the mine"),
    ),
)


def import_template() -> bytes:
    """The import sheet with its headers and one example row, in Chinese like the headers."""
    with translation.override("zh-hans"):
        return lib_import_template(IMPORT_COLUMNS, title=str(_("Production records")))


def _date(text: str) -> datetime.date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


def records_import(*, community: Community, upload: UploadedFile, actor: Actor) -> list[ProductionRecord]:
    """Import production records from an Excel sheet: every row checked first, and either all
    written (one transaction) or none, with every bad row named (row, column, reason) in the
    ValidationError."""
    header = import_headers(IMPORT_COLUMNS)
    rows = read_rows(upload, IMPORT_COLUMNS)
    if not rows:
        raise ValidationError(_("The sheet has no rows to import."))
    people = list(Person.objects.filter(is_active=True).only("pk", "name", "employee_number"))
    by_number = {p.employee_number: p for p in people if p.employee_number}
    by_name: dict[str, list[Person]] = {}
    for p in people:
        by_name.setdefault(p.name, []).append(p)
    errors, plans = [], []
    today = timezone.localdate()
    for row in rows:
        line = row["row"]
        code, who = row.get("number", ""), row.get("name", "")
        person = by_number.get(code) if code else None
        if person is None:
            matches = by_name.get(who, [])
            if len(matches) == 1 and not code:
                person = matches[0]
            elif len(matches) > 1 and not code:
                errors.append(
                    RowError(
                        line, header["name"], _("Several people have this name: give the employee number.")
                    )
                )
            else:
                errors.append(
                    RowError(line, header["number" if code else "name"], _("No such person on the roll."))
                )
        when = _date(row.get("day", ""))
        if when is None or when > today:
            errors.append(RowError(line, header["day"], _("Not a date (2026-03-18), or in the future.")))
        text, crew = row.get("achievement", ""), row.get("team", "")
        if not text or len(text) > 200:
            errors.append(
                RowError(line, header["achievement"], _("Say what was achieved (at most 200 characters)."))
            )
        if not crew or len(crew) > 60:
            errors.append(RowError(line, header["team"], _("Name the team (at most 60 characters).")))
        plans.append((person, crew, when, text))
    if errors:
        raise ValidationError(
            [
                _("Row %(row)d, %(column)s: %(reason)s")
                % {"row": e.row, "column": e.column, "reason": e.message}
                for e in errors
            ]
        )
    with transaction.atomic():
        return [
            record_save(
                ProductionRecord(
                    community=community, person=p, team=crew, achieved_on=when, achievement=text
                ),
                actor=actor,
                reason=_("Imported from Excel"),
            )
            for p, crew, when, text in plans
        ]


@transaction.atomic
def banquet_hold(
    *,
    community: Community,
    banquet: Banquet,
    guests: Sequence[Person] = (),
    records: Sequence[ProductionRecord] = (),
    actor: Actor,
) -> Banquet:
    """Record a banquet with its guests: at a hero banquet the people its production
    ``records`` name (each with the record that earned the seat) and any other ``guests``."""
    banquet.community = community
    banquet.created_by = actor
    _own(community, banquet.canteen if banquet.canteen_id else None, *guests, *records)
    if banquet.kind == BanquetKind.BIRTHDAY and records:
        raise ValidationError(_("A birthday banquet has no production records."))
    if banquet.kind == BanquetKind.HERO and not records:
        raise ValidationError(
            {"records": _("A hero banquet honours production records: choose at least one.")}
        )
    record_save(banquet, actor=actor)
    seated: set[int] = set()
    for record in records:
        if record.person_id not in seated:
            seated.add(record.person_id)
            record_save(
                Guest(community=community, banquet=banquet, person=record.person, record=record), actor=actor
            )
    for person in guests:
        if person.pk not in seated:
            seated.add(person.pk)
            record_save(Guest(community=community, banquet=banquet, person=person), actor=actor)
    return banquet


def birthday_in(person_birth: datetime.date, year: int) -> datetime.date:
    """The day a birthday is kept in ``year``: 29 February falls on 28 February in a common year."""
    try:
        return person_birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return datetime.date(year, 2, 28)


def birthdays(month: Month, unit: Unit | None = None) -> list[tuple[datetime.date, Person]]:
    """The people on the roll whose birthday is kept in ``month`` (see ``birthday_in``), by
    day, optionally of one unit (and the units under it are not included: the unit as chosen)."""
    people = Person.objects.filter(is_active=True, birth_date__isnull=False, birth_date__month=month.month)
    if unit is not None:
        people = people.filter(unit=unit)
    rows = [(birthday_in(p.birth_date, month.year), p) for p in people.select_related("unit")]
    return sorted(rows, key=lambda r: (r[0], r[1].name))


def person_moved(*, person: Person, source: Community, target: Community, actor: Actor, reason: str) -> None:
    """A person's production records are about them: they move with the person's archive."""
    ids = ProductionRecord._base_manager.filter(person=person).values_list("pk", flat=True)
    rows_move(ProductionRecord, ids, to=target)
