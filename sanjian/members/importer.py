"""The roster import: an .xlsx of people and party members with Chinese column headers.

Three steps, each its own function so that a background task can run them:

1. ``read_roster`` reads the sheet (``lib.excel.read_sheet`` refuses what is not a usable .xlsx)
   into plain rows of strings, JSON-safe, kept on the ``ImportBatch`` between preview and
   confirmation;
2. ``check_rows`` applies the row rules against the community's records and answers a plan
   (create or update, per row) and every error as (row, column, reason);
3. ``apply_rows`` checks again (the records may have changed since the preview) and writes
   everything in one transaction, or nothing: people and archives in bulk, with history.

The headers are the Chinese ones of ``COLUMNS`` whatever the interface language, so that the
same template serves everyone; ``template_bytes`` writes it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from sanjian.lib.imports import (
    AS_NUMBER,
    RowError,
    choice_codes,
    choice_labels,
    error_counts,
    errors_sorted,
    errors_xlsx,
    id_number_as_number,
    import_headers,
    import_template,
    parse_date,
    read_rows,
)
from sanjian.lib.imports import ImportColumn as Column
from sanjian.lib.records import Actor
from sanjian.members.bulk import history_bulk_insert
from sanjian.members.models import (
    PARTY_DATES,
    PARTY_FIELDS,
    Gender,
    ImportBatch,
    ImportStatus,
    PartyMember,
    PartyPost,
    PartyStatus,
    Person,
    PersonCategory,
)
from sanjian.members.validators import birth_date_of, gender_of, normalise_id_number, validate_id_number
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community

COLUMNS: tuple[Column, ...] = (
    Column(
        "name", pgettext_lazy("roster column", "Name"), True, pgettext_lazy("roster example", "Zhang San")
    ),
    Column(
        "gender", pgettext_lazy("roster column", "Gender"), False, pgettext_lazy("roster example", "Male")
    ),
    Column("id_number", pgettext_lazy("roster column", "ID number"), True, "130481199001011237"),
    Column("birth_date", pgettext_lazy("roster column", "Birth date"), False, "1990-01-01"),
    Column("phone", pgettext_lazy("roster column", "Mobile phone"), False, "13800138000"),
    Column("employee_number", pgettext_lazy("roster column", "Employee number"), False, "HK0001"),
    Column(
        "category",
        pgettext_lazy("roster column", "Category"),
        False,
        pgettext_lazy("roster example", "Worker"),
    ),
    Column(
        "unit",
        pgettext_lazy("roster column", "Unit"),
        False,
        pgettext_lazy("roster example", "Meal window no. 1"),
    ),
    Column(
        "post", pgettext_lazy("roster column", "Post"), False, pgettext_lazy("roster example", "Meal server")
    ),
    Column("dormitory_room", pgettext_lazy("roster column", "Dormitory room"), False, ""),
    Column(
        "branch",
        pgettext_lazy("roster column", "Party branch"),
        False,
        pgettext_lazy("roster example", "Catering branch"),
    ),
    Column(
        "status",
        pgettext_lazy("roster column", "Party status"),
        False,
        pgettext_lazy("roster example", "Full member"),
    ),
    Column("applied_on", pgettext_lazy("roster column", "Applied to join on"), False, "2010-03-01"),
    Column("activist_on", pgettext_lazy("roster column", "Activist since"), False, "2010-09-01"),
    Column(
        "candidate_on", pgettext_lazy("roster column", "Development candidate since"), False, "2011-06-01"
    ),
    Column("joined_on", pgettext_lazy("roster column", "Joined the Party on"), False, "2011-07-01"),
    Column("full_on", pgettext_lazy("roster column", "Full member since"), False, "2012-07-01"),
    Column(
        "introducers",
        pgettext_lazy("roster column", "Introducers"),
        False,
        pgettext_lazy("roster example", "Li Si, Wang Wu"),
    ),
    Column("party_post", pgettext_lazy("roster column", "Party post"), False, ""),
    Column(
        "is_floating",
        pgettext_lazy("roster column", "Floating member"),
        False,
        pgettext_lazy("roster example", "no"),
    ),
    Column("leader", pgettext_lazy("roster column", "Supervising leader"), False, ""),
    Column("cadre", pgettext_lazy("roster column", "Co-managing cadre"), False, ""),
    Column(
        "post_unit",
        pgettext_lazy("roster column", "Post held at"),
        False,
        pgettext_lazy("roster example", "Meal window no. 1"),
    ),
)
DATE_KEYS = ("birth_date", *PARTY_DATES)
#: A row that fills any of these is a party member's (a branch alone is not enough).
PARTY_KEYS = tuple(name for name in PARTY_FIELDS if name != "branch")


def headers() -> dict[str, str]:
    """Column key → its Chinese header."""
    return import_headers(COLUMNS)


def template_bytes() -> bytes:
    """An empty roster with every header and one example row."""
    return import_template(COLUMNS, title=_("Roster"), text_keys=TEXT_COLUMNS)


# --- 1. reading ------------------------------------------------------------------------------


#: columns whose digits are text: a spreadsheet keeps 15 digits of a number, and an ID number has 18
TEXT_COLUMNS = ("id_number", "phone")
#: the key a row carries when its ID number came as a number (its last digits are lost)
ID_AS_NUMBER = "id_number" + AS_NUMBER


def read_roster(upload: Any) -> list[dict[str, Any]]:
    """The sheet's rows as {"row": n, key: text, …}; dates as ISO text, numbers as digits."""
    return read_rows(upload, COLUMNS, text_keys=("id_number",))


# --- 2. checking -----------------------------------------------------------------------------


@dataclass
class PlannedRow:
    row: int
    action: str  # "create" or "update"
    person: Person
    party: dict[str, Any] | None  # the party archive's values, or None when the row has none
    leader: str = ""
    cadre: str = ""


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def creates(self) -> int:
        return sum(1 for r in self.rows if r.action == "create")

    @property
    def updates(self) -> int:
        return sum(1 for r in self.rows if r.action == "update")


class _Lookups:
    """What the rows refer to, read once: units by name and code, people by ID number."""

    def __init__(self, community: Community, id_numbers: set[str]) -> None:
        self.community = community
        units = list(Unit.objects.filter(is_active=True))
        self.units = {u.code: u for u in units} | {u.name: u for u in units if u.kind != UnitKind.BRANCH}
        branches = [u for u in units if u.kind == UnitKind.BRANCH]
        self.branches = {u.code: u for u in branches} | {u.name: u for u in branches}
        self.people = {p.id_number: p for p in Person.objects.filter(id_number__in=id_numbers)}
        self.party = {m.person_id: m for m in PartyMember.objects.filter(person__in=self.people.values())}
        self.employee_numbers = dict(
            Person.objects.exclude(employee_number="").values_list("employee_number", "id_number")
        )
        self.gender = choice_codes(Gender.choices) | {"M": Gender.MALE, "F": Gender.FEMALE}
        self.category = choice_codes(PersonCategory.choices)
        self.status = choice_codes(PartyStatus.choices)
        self.post = choice_codes([c for c in PartyPost.choices if c[0]])
        self.yes_no = {"Y": True, "N": False, "1": True, "0": False}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                self.yes_no |= {_("yes"): True, _("no"): False}


def check_rows(
    rows: Sequence[dict[str, Any]], *, community: Community, progress: Callable[[int], None] | None = None
) -> Plan:
    """Every row's plan, or every row's errors; reads the database a fixed number of times."""
    names = headers()
    plan = Plan()
    ids = {normalise_id_number(r.get("id_number")) for r in rows}
    look = _Lookups(community, ids)
    seen_ids: dict[str, int] = {}
    seen_employee: dict[str, int] = {}
    names_in_file: dict[str, list[str]] = {}
    today = timezone.localdate()
    for i, raw in enumerate(rows, 1):
        errors: list[RowError] = []

        def error(key: str, message: str, raw: dict = raw, errors: list = errors) -> None:
            errors.append(RowError(raw["row"], names[key], message))

        planned = _check_row(raw, look, today, error, seen_ids, seen_employee)
        if errors:
            plan.errors += errors
        elif planned is not None:
            plan.rows.append(planned)
            names_in_file.setdefault(planned.person.name, []).append(planned.person.id_number)
        if progress and i % PROGRESS_EVERY == 0:
            progress(i)
    _check_chain_links(plan, look, names_in_file, names)
    plan.errors = errors_sorted(plan.errors)
    return plan


def _check_row(
    raw: dict[str, Any],
    look: _Lookups,
    today: datetime.date,
    error: Callable[[str, str], None],
    seen_ids: dict[str, int],
    seen_employee: dict[str, int],
) -> PlannedRow | None:
    name = raw.get("name", "")
    if not name:
        error("name", _("The name is missing."))
    elif len(name) > 50:
        error("name", _("The name is longer than 50 characters."))
    id_number = normalise_id_number(raw.get("id_number"))
    if raw.get(ID_AS_NUMBER):
        error("id_number", id_number_as_number(raw.get("id_number", "")))
        id_number = ""
    else:
        try:
            validate_id_number(id_number, today=today)
        except ValidationError as exc:
            error("id_number", exc.messages[0])
            id_number = ""
    if id_number in seen_ids:
        error("id_number", _("Duplicate ID number: also on row %(row)s.") % {"row": seen_ids[id_number]})
    elif id_number:
        seen_ids[id_number] = raw["row"]
    dates: dict[str, datetime.date | None] = {}
    for key in DATE_KEYS:
        dates[key] = None
        if raw.get(key):
            try:
                dates[key] = parse_date(raw[key])
            except ValueError:
                error(key, _("Not a date: write it as 2020-01-31."))
                continue
            if dates[key] > today:
                error(key, _("The date is in the future."))
    gender = ""
    if raw.get("gender"):
        gender = look.gender.get(raw["gender"], "")
        if not gender:
            error(
                "gender", _("Write the gender as %(choices)s.") % {"choices": choice_labels(Gender.choices)}
            )
    if id_number:
        born = birth_date_of(id_number)
        if dates["birth_date"] and dates["birth_date"] != born:
            error("birth_date", _("The birth date differs from the one inside the ID number."))
        if gender and gender != gender_of(id_number):
            error("gender", _("The gender differs from the one the ID number gives."))
        gender = gender or gender_of(id_number)
    category = (
        look.category.get(raw.get("category", ""), "") if raw.get("category") else PersonCategory.WORKER
    )
    if not category:
        error(
            "category",
            _("Unknown category: use %(choices)s.") % {"choices": choice_labels(PersonCategory.choices)},
        )
    unit = None
    if raw.get("unit"):
        unit = look.units.get(raw["unit"])
        if unit is None:
            error("unit", _("Unknown unit: use a unit's name or code from the organisation tree."))
    employee = raw.get("employee_number", "")
    if employee:
        owner = look.employee_numbers.get(employee)
        if employee in seen_employee:
            error(
                "employee_number",
                _("Duplicate employee number: also on row %(row)s.") % {"row": seen_employee[employee]},
            )
        elif owner and owner != id_number:
            error("employee_number", _("Another person of this community already has this employee number."))
        seen_employee[employee] = raw["row"]
    for key, limit in (("phone", 30), ("post", 60), ("dormitory_room", 30), ("employee_number", 30)):
        if len(raw.get(key, "")) > limit:
            error(key, _("Longer than %(n)s characters.") % {"n": limit})
    party = _check_party(raw, look, dates, error)
    if not id_number or not name:
        return None
    existing = look.people.get(id_number)
    person = existing or Person(community=look.community, id_number=id_number)
    person.name, person.gender, person.birth_date = (
        name,
        gender,
        dates["birth_date"] or birth_date_of(id_number),
    )
    person.category = category if raw.get("category") or not existing else person.category
    for key in ("phone", "employee_number", "post", "dormitory_room"):
        if raw.get(key):
            setattr(person, key, raw[key])
    if unit is not None:
        person.unit = unit
    return PlannedRow(
        raw["row"],
        "update" if existing else "create",
        person,
        party,
        raw.get("leader", ""),
        raw.get("cadre", ""),
    )


def _check_party(
    raw: dict[str, Any],
    look: _Lookups,
    dates: dict[str, datetime.date | None],
    error: Callable[[str, str], None],
) -> dict[str, Any] | None:
    if not raw.get("branch"):
        if any(raw.get(k) for k in PARTY_KEYS):
            error("branch", _("Party details need the party branch."))
        return None
    branch = look.branches.get(raw["branch"])
    if branch is None:
        error("branch", _("Unknown party branch: use a branch's name or code from the organisation tree."))
    status = look.status.get(raw.get("status", ""), "")
    if not status:
        error(
            "status", _("Write the status as %(choices)s.") % {"choices": choice_labels(PartyStatus.choices)}
        )
    post = ""
    if raw.get("party_post"):
        post = look.post.get(raw["party_post"], "")
        if not post:
            error("party_post", _("Unknown party post."))
    floating = False
    if raw.get("is_floating"):
        if raw["is_floating"] not in look.yes_no:
            error("is_floating", _("Write %(yes)s or %(no)s.") % {"yes": _("yes"), "no": _("no")})
        floating = look.yes_no.get(raw["is_floating"], False)
    post_unit = None
    if raw.get("post_unit"):
        post_unit = look.units.get(raw["post_unit"])
        if post_unit is None:
            error("post_unit", _("Unknown unit: use a unit's name or code from the organisation tree."))
    values = {
        "branch": branch,
        "status": status,
        "introducers": raw.get("introducers", "")[:100],
        "party_post": post,
        "is_floating": floating,
        "post_unit": post_unit,
        **{k: dates[k] for k in PARTY_DATES},
    }
    if branch is not None and status:
        probe = PartyMember(
            community=look.community, branch=branch, **{k: v for k, v in values.items() if k != "branch"}
        )
        for key, message in probe._date_errors().items():
            error(key, str(message))
    return values


def _check_chain_links(
    plan: Plan, look: _Lookups, names_in_file: dict[str, list[str]], names: dict[str, str]
) -> None:
    """Leaders and cadres are named by ID number or by name, from the file or the records."""
    in_file = {r.person.id_number: r.person for r in plan.rows}
    need_names = {v for r in plan.rows for v in (r.leader, r.cadre) if v and not _looks_like_id(v)}
    by_name: dict[str, list[Person]] = {}
    for p in Person.objects.filter(name__in=need_names).only("pk", "name", "id_number"):
        by_name.setdefault(p.name, []).append(p)
    need_ids = {
        normalise_id_number(v) for r in plan.rows for v in (r.leader, r.cadre) if v and _looks_like_id(v)
    }
    known = {p.id_number: p for p in Person.objects.filter(id_number__in=need_ids - set(in_file))}
    bad_rows = set()
    for planned in plan.rows:
        for key in ("leader", "cadre"):
            value = getattr(planned, key)
            if not value:
                continue
            if planned.party is None:
                plan.errors.append(
                    RowError(planned.row, names["branch"], _("Party details need the party branch."))
                )
                bad_rows.add(planned.row)
                continue
            if _looks_like_id(value):
                number = normalise_id_number(value)
                found = in_file.get(number) or known.get(number)
            else:
                candidates = {p.id_number: p for p in by_name.get(value, [])}
                candidates |= {n: in_file[n] for n in names_in_file.get(value, [])}
                found = next(iter(candidates.values())) if len(candidates) == 1 else None
                if len(candidates) > 1:
                    plan.errors.append(
                        RowError(
                            planned.row, names[key], _("Several people have this name: use the ID number.")
                        )
                    )
                    bad_rows.add(planned.row)
                    continue
            if found is None:
                plan.errors.append(
                    RowError(planned.row, names[key], _("No such person in the file or the roster."))
                )
                bad_rows.add(planned.row)
            elif found.id_number == planned.person.id_number:
                plan.errors.append(
                    RowError(planned.row, names[key], _("A member cannot be their own link in the chain."))
                )
                bad_rows.add(planned.row)
            else:
                planned.party[key] = found
    plan.rows = [r for r in plan.rows if r.row not in bad_rows]


def _looks_like_id(value: str) -> bool:
    return bool(re.match(r"^\d{17}[\dXx]$", value.replace(" ", "")))


# --- 3. writing ------------------------------------------------------------------------------

#: The fields of a person that a roster import writes (the ID number is its key).
IMPORTED_PERSON_FIELDS = [
    "name",
    "gender",
    "birth_date",
    "category",
    "phone",
    "employee_number",
    "post",
    "dormitory_room",
    "unit",
]


@transaction.atomic
def apply_plan(plan: Plan, *, community: Community, actor: Actor) -> tuple[int, int]:
    """Write every planned row in one transaction, with history by ``actor``; (created, updated)."""
    if plan.errors:
        raise ValidationError(_("The file has errors: nothing has been imported."))
    reason = _("Imported from a roster")
    new = [r.person for r in plan.rows if r.action == "create"]
    old = [r.person for r in plan.rows if r.action == "update"]
    if new:
        Person.objects.bulk_create(new, batch_size=1000)
        _fill_pks(new)
        history_bulk_insert(Person, new, user=actor, reason=reason)
    if old:
        Person.objects.bulk_update(old, IMPORTED_PERSON_FIELDS, batch_size=1000)
        history_bulk_insert(Person, old, user=actor, reason=reason, history_type="~")
    existing = {m.person_id: m for m in PartyMember.objects.filter(person__in=old)}
    create_party, update_party = [], []
    for planned in plan.rows:
        if planned.party is None:
            continue
        member = existing.get(planned.person.pk) or PartyMember(community=community, person=planned.person)
        for key, value in planned.party.items():
            setattr(member, key, value)
        (update_party if member.pk else create_party).append(member)
    if create_party:
        PartyMember.objects.bulk_create(create_party, batch_size=1000)
        history_bulk_insert(PartyMember, create_party, user=actor, reason=reason)
    if update_party:
        PartyMember.objects.bulk_update(update_party, PARTY_FIELDS, batch_size=1000)
        history_bulk_insert(PartyMember, update_party, user=actor, reason=reason, history_type="~")
    return len(new), len(old)


def _fill_pks(people: list[Person]) -> None:
    """Databases that do not return ids from a bulk insert: read them back by ID number."""
    missing = [p for p in people if p.pk is None]
    if missing:
        ids = dict(
            Person.objects.filter(id_number__in=[p.id_number for p in missing]).values_list("id_number", "pk")
        )
        for p in missing:
            p.pk = ids[p.id_number]


# --- The batch between preview and confirmation --------------------------------------------

#: Files larger than this are checked and imported by the task queue, with a progress bar.
BACKGROUND_BYTES = 64 * 1024
#: The check reports its progress every this many rows (one UPDATE each: cheap against the check).
PROGRESS_EVERY = 100


def batch_error_counts(batch: ImportBatch) -> list[tuple[str, int]]:
    """How many errors each column has, most first: what to fix first in a long report."""
    return error_counts(batch.errors)


def errors_bytes(batch: ImportBatch) -> bytes:
    """Every error of the batch as an .xlsx (row, column, problem), in the user's language."""
    return errors_xlsx(batch.errors)


def batch_create(*, community: Community, upload: Any, actor: Actor) -> ImportBatch:
    batch = ImportBatch(community=community, file=upload, filename=str(upload.name)[:200], created_by=actor)
    batch.full_clean()
    batch.save()
    return batch


def _progress(batch: ImportBatch) -> Callable[[int], None]:
    return lambda n: ImportBatch.objects.filter(pk=batch.pk).update(done=n)


def batch_check(batch: ImportBatch) -> ImportBatch:
    """Read and check the batch's file: it becomes READY, INVALID (row errors) or FAILED."""
    try:
        with batch.file.open("rb") as handle:
            rows = read_roster(handle)
    except ValidationError as exc:
        return _finish(batch, ImportStatus.FAILED, message=exc.messages[0])
    if not rows:
        return _finish(batch, ImportStatus.FAILED, message=_("The sheet has headers but no rows."))
    batch.total, batch.done = len(rows), 0
    batch.save(update_fields=["total", "done"])
    plan = check_rows(rows, community=batch.community, progress=_progress(batch))
    _remember(batch, rows, plan)
    return _finish(batch, ImportStatus.INVALID if plan.errors else ImportStatus.READY, done=len(rows))


def _remember(batch: ImportBatch, rows: list[dict[str, Any]], plan: Plan) -> None:
    actions = {r.row: r.action for r in plan.rows}
    for row in rows:
        row["action"] = actions.get(row["row"], "")
    batch.rows = rows
    batch.errors = [e.as_dict() for e in plan.errors]
    batch.created, batch.updated = plan.creates, plan.updates


def _finish(batch: ImportBatch, status: str, *, message: str = "", done: int | None = None) -> ImportBatch:
    batch.status, batch.message = status, message
    if done is not None:
        batch.done = done
    if status in (ImportStatus.DONE, ImportStatus.FAILED):
        batch.finished_at = timezone.now()
    batch.save()
    return batch


def batch_apply(batch: ImportBatch, *, actor: Actor) -> ImportBatch:
    """Import a READY batch: check its rows again against today's records, then write them all in
    one transaction, or none (the batch then lists the new errors)."""
    if batch.status not in (ImportStatus.READY, ImportStatus.IMPORTING):
        raise ValidationError(_("Only a checked file without errors can be imported."))
    rows = [{k: v for k, v in r.items() if k != "action"} for r in batch.rows]
    plan = check_rows(rows, community=batch.community)
    if plan.errors:
        _remember(batch, rows, plan)
        return _finish(
            batch,
            ImportStatus.INVALID,
            message=_("The records changed since the preview: nothing has been imported."),
        )
    created, updated = apply_plan(plan, community=batch.community, actor=actor)
    batch.created, batch.updated, batch.rows = created, updated, []
    return _finish(batch, ImportStatus.DONE, done=batch.total)
