"""Units of measure shown in the reader's language.

An indicator's unit (``Indicator.measure``) and a result line's copy of it are free text, as the
office writes them: mostly the few Chinese units of the assessment (分, 次, 元, 小时, %). The
known ones are translated on display through the catalogue, with the number (so that English
reads "91.5 points", "1 time"); they are recognised by their Chinese in the catalogue itself, so
the code holds no Chinese and a unit added to ``UNITS`` and the catalogue is recognised at once.
Anything else is shown as written, like any record. Nothing is stored differently: published
breakdowns, which keep the unit they were scored with, read right in both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import get_language, npgettext, pgettext_lazy

#: A known unit (its English msgid) → its label alone and its pattern with a number, ``%(n)s``.
#: (The context is written out in every call, so that makemessages finds each message.)
UNITS: dict[str, tuple[Promise, Callable[[int], str]]] = {
    "points": (
        pgettext_lazy("unit of measure", "points"),
        lambda c: npgettext("unit of measure", "%(n)s point", "%(n)s points", c),
    ),
    "times": (
        pgettext_lazy("unit of measure", "times"),
        lambda c: npgettext("unit of measure", "%(n)s time", "%(n)s times", c),
    ),
    "yuan": (
        pgettext_lazy("unit of measure", "yuan"),
        lambda c: npgettext("unit of measure", "%(n)s yuan", "%(n)s yuan", c),
    ),
    "hours": (
        pgettext_lazy("unit of measure", "hours"),
        lambda c: npgettext("unit of measure", "%(n)s hour", "%(n)s hours", c),
    ),
    "people": (
        pgettext_lazy("unit of measure", "people"),
        lambda c: npgettext("unit of measure", "%(n)s person", "%(n)s people", c),
    ),
    "days": (
        pgettext_lazy("unit of measure", "days"),
        lambda c: npgettext("unit of measure", "%(n)s day", "%(n)s days", c),
    ),
}


@lru_cache(maxsize=1)
def _written() -> dict[str, str]:
    """The units as people write them (the Chinese of the catalogue, or the English) → key."""
    with translation.override("zh-hans"):
        chinese = {str(label): key for key, (label, _pattern) in UNITS.items()}
    return {**{key: key for key in UNITS}, **chinese}


def _key(measure: str) -> str | None:
    return _written().get((measure or "").strip())


def plain_number(value: Decimal | int | float) -> str:
    """A measured value as people write it: 93.3, 100, 0.25 (no trailing zeros)."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return number_format(Decimal(value), max(-int(exponent), 0), use_l10n=True)


def unit_label(measure: str) -> str:
    """The unit alone, translated when it is one of the known units."""
    key = _key(measure)
    return str(UNITS[key][0]) if key else measure


def measured(value: Decimal | int | float | None, measure: str) -> str:
    """A value with its unit in the active language: "91.5分" / "91.5 points"; "—" without a value."""
    if value is None or value == "":
        return "—"
    number = plain_number(value)
    key = _key(measure)
    if key is not None:
        return UNITS[key][1](1 if Decimal(value) == 1 else 2) % {"n": number}
    unit = (measure or "").strip()
    if not unit or unit == "%" or (get_language() or "").startswith("zh"):
        return number + unit
    return f"{number} {unit}"  # a unit the catalogue does not know is a record: kept as written
