"""Every place where an app plugs into the platform, kept in the bottom layer.

Each app fills these from one module, ``<app>/plugins.py`` (its ``register()`` runs from
``SanjianAppConfig.ready()``), and each consumer reads them: the permission table
(``tenancy.access``), the menu (``web``), the dashboard (``reports``), the person page
(``members``), the indicator library (``assessment``), the organisational transfer
(``members``), the reach of a unit-tied role (``tenancy``) and a person's data export and
anonymisation (``members``). This module imports no app, so
registering never makes an import run up the layers (pretix keeps its registries in its base
layer the same way), and a new app plugs in without editing any of them.

Every registry takes typed, frozen entries the same way: ``registry.register(Entry(...), ...)``.
An entry has a ``key`` (unique in its registry, "<app>.<what>") and an ``order``; registering the
same entry again is harmless, registering a different entry under a taken key is a bug and
raises. ``registry.all()`` answers the entries by (order, key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from typing import Any, Generic, Protocol, TypeVar

from django.apps import AppConfig
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise


class SanjianAppConfig(AppConfig):
    """Base of every Sanjian app's config: at start-up it runs the app's ``plugins.register()``,
    the one place where an app plugs into these registries. (Apps subclass it as
    ``registries.SanjianAppConfig``: a second config class imported into ``apps.py`` would stop
    Django from choosing the app's own.)"""

    def ready(self) -> None:
        module = f"{self.name}.plugins"
        if find_spec(module) is not None:
            import_module(module).register()


class _Entry(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...


E = TypeVar("E", bound=_Entry)


class Registry(Generic[E]):
    """A named set of entries, filled from apps' ``plugins.py`` and read by one consumer."""

    def __init__(self, name: str, *, check: Callable[[E], None] | None = None) -> None:
        self.name = name
        self._check = check
        self._entries: dict[str, E] = {}

    def register(self, *entries: E) -> None:
        for entry in entries:
            if self._check is not None:
                self._check(entry)
            existing = self._entries.get(entry.key)
            if existing is not None and existing != entry:
                raise ValueError(f"{self.name}: {entry.key!r} is registered twice, differently")
            self._entries[entry.key] = entry

    def get(self, key: str) -> E:
        try:
            return self._entries[key]
        except KeyError:
            raise KeyError(f"{self.name}: nothing is registered as {key!r}; is its app installed?") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def all(self) -> list[E]:
        return sorted(self._entries.values(), key=lambda e: (e.order, e.key))

    @contextmanager
    def registered(self, *entries: E) -> Iterator[None]:
        """For tests: the entries are registered inside the block and gone after it."""
        added = [e for e in entries if e.key not in self._entries]
        self.register(*entries)
        try:
            yield
        finally:
            for entry in added:
                self._entries.pop(entry.key, None)


# --- Permissions: who may do what (read by tenancy.access) ---------------------------------------


@dataclass(frozen=True)
class Permission:
    """A permission and the roles (``tenancy.roles.Role`` values) that hold it."""

    key: str  # "<app>.<verb>", e.g. "windows.inspect"
    label: Text
    roles: frozenset[str]
    order: int = 50

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(self.roles))


permissions: Registry[Permission] = Registry("permissions")


# --- The menu (read by web) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One of the menu's sections: the three platforms of the report, organisation, reports."""

    key: str
    label: Text
    description: Text
    order: int = 50


sections: Registry[Section] = Registry("menu sections")
sections.register(
    Section(
        "assessment",
        _("Target assessment"),
        _(
            "Refined standards, contracted duties with signed responsibility letters, cost quotas "
            "and comprehensive scores, published for everyone to see."
        ),
        10,
    ),
    Section(
        "excellence",
        _("Competing for excellence"),
        _(
            "The benchmark service windows, their five standards, residents' ratings, and party "
            "members' dedication projects and volunteer hours."
        ),
        20,
    ),
    Section(
        "service",
        _("Civilised service"),
        _("Dormitories, cleaning, the staff canteen, medical follow-up and the mobile red flag."),
        30,
    ),
    Section(
        "organisation",
        _("Organisation and members"),
        _(
            "Party branches, the unit tree, the three-level linkage, rules and the standardised "
            "branch checklist."
        ),
        40,
    ),
    Section("reports", _("Reports"), _("The dashboard, boards, exports and work summaries."), 50),
)


@dataclass(frozen=True)
class NavItem:
    """A page in the menu, shown to users who hold ``perm`` in the current community."""

    section: str  # a key of ``sections``
    label: Text
    url_name: str  # a community page: reversed with the community's slug
    perm: str
    order: int = 50
    description: Text = ""
    key: str = ""  # the url name, unless two items lead to one page

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.url_name)


def _check_nav_item(item: NavItem) -> None:
    if item.section not in sections:
        raise ValueError(f"unknown menu section {item.section!r}")


navigation: Registry[NavItem] = Registry("navigation", check=_check_nav_item)


# --- Dashboard panels (read by reports) -------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """A box of the dashboard: ``context(request)`` answers the template's context, or None to
    leave the panel out. ``kind="figure"`` panels are the small cards of the top row;
    ``kind="own"`` panels are the cards of a party member's own home page (``web``), about the
    user's own records only."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    perm: str
    order: int = 50
    kind: str = "panel"
    width: str = "col-lg-6"


def _check_panel(panel: Panel) -> None:
    if panel.kind not in ("figure", "panel", "own"):
        raise ValueError(f"unknown panel kind {panel.kind!r}")


panels: Registry[Panel] = Registry("dashboard panels", check=_check_panel)


# --- Sections of a person's page (read by members) ------------------------------------------------


@dataclass(frozen=True)
class PersonSection:
    """A section of the person page: ``context(request, person)`` runs in the request's scope and
    answers the template's context, or None to leave the section out. Shown to users holding
    ``perm``, and on the person's own page when ``own_page``."""

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    perm: str
    order: int = 50
    own_page: bool = True


person_sections: Registry[PersonSection] = Registry("person page sections")


# --- Automatic indicator sources (read by assessment) ---------------------------------------------

#: ``compute(units, start, end)``: a value per unit id (Decimal), or None where there is nothing to
#: measure. It answers for a whole batch of units in one or a few queries, inside the caller's scope.
Compute = Callable[[Sequence[Any], Any, Any], Mapping[int, Decimal | None]]


@dataclass(frozen=True)
class IndicatorSource:
    """An automatic indicator's value, computed from the records of the app that registers it."""

    key: str  # "<app>.<what>", e.g. "windows.satisfaction_rate"
    label: Text
    measure: Text  # the unit of measure shown beside a value: "%", "小时"…
    unit_kinds: frozenset[str]  # the org.UnitKind values it can be computed for
    compute: Compute
    higher_is_better: bool = True
    description: Text = ""
    order: int = 50


indicator_sources: Registry[IndicatorSource] = Registry("indicator sources")


# --- Hooks ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonMoved:
    """Called when a person's archive moves to another community (an organisational transfer
    between communities), inside the transfer's transaction and with scopes disabled:
    ``move(person=, source=, target=, actor=, reason=)`` moves the app's records about the person
    (and their history) along, so that nothing about them is left behind."""

    key: str
    move: Callable[..., None]
    order: int = 50


person_moved: Registry[PersonMoved] = Registry("person moved hooks")


@dataclass(frozen=True)
class UnitReach:
    """What a role tied to a unit acts on: ``reach(unit)`` answers unit ids. The reach of a
    membership is the union of every hook's answer (org: the unit, the units under it and the
    windows it guarantees)."""

    key: str
    reach: Callable[[Any], frozenset[int]]
    order: int = 50


unit_reach: Registry[UnitReach] = Registry("unit reach hooks")


@dataclass(frozen=True)
class PersonSheet:
    """One sheet of a person's data export: a title, its column headers and the rows about the
    person (an empty ``rows`` says the app holds nothing about them). ``logged`` are the
    sensitive records the sheet shows (a health archive): the export logs a read of each
    (``tenancy.services.record_read``), so that ``export`` itself only reads."""

    title: Text
    headers: Sequence[Text]
    rows: Sequence[Sequence[Any]]
    logged: Sequence[Any] = ()


@dataclass(frozen=True)
class PersonData:
    """What an app holds about a person, for the person's data rights (``members.rights``).

    ``export(person)`` answers the app's sheets, every record about the person and nothing of
    another person's, in the person's community scope; it only reads. ``anonymise(person=,
    actor=, reason=)`` replaces what identifies the person in the app's rows (and their history)
    with placeholders and keeps what is counted (hours, stays, scores); every hook is given the
    person as they were (their name, their phone), inside one transaction. None when the law says the records are kept
    as they are: then a person about whom the app holds a record is not anonymised, and
    ``kept_because`` says why. ``perm`` (empty: none) is the permission an exporting user needs
    for the app's sheets; without it they are left out and the file says so.

    ``free_text`` names the app's fields where anyone may have typed a person's name, ID number
    or phone (minutes, notes, comments): ``(Model, ("field", …))`` pairs (``lib.persondata.FreeText``).
    The export adds a sheet of the notes that name the person; anonymising replaces the name and
    numbers in them, also in another person's records and in an app whose own records are kept
    (a third party named in a note is not what the law keeps)."""

    key: str
    label: Text
    export: Callable[[Any], Sequence[PersonSheet]]
    anonymise: Callable[..., None] | None
    kept_because: Text = ""
    perm: str = ""
    order: int = 50
    free_text: Sequence[tuple[Any, tuple[str, ...]]] = ()

    def __post_init__(self) -> None:
        if self.anonymise is None and not self.kept_because:
            raise ValueError(f"{self.key}: records kept by law say why (kept_because)")


person_data: Registry[PersonData] = Registry("person data")


#: Every registry, by the name ``docs/adding-an-app.md`` gives it (a test keeps the two equal).
ALL: dict[str, Registry[Any]] = {
    "permissions": permissions,
    "sections": sections,
    "navigation": navigation,
    "panels": panels,
    "person_sections": person_sections,
    "indicator_sources": indicator_sources,
    "person_moved": person_moved,
    "unit_reach": unit_reach,
    "person_data": person_data,
}
