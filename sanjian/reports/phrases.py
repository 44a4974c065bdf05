"""The small phrase library of the generated documents: how a figure moved, how a period is
named, how points are numbered. Every phrase is a message of the catalogue, so that the Chinese
reads as an official document and the English as plain English."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanjian.lib.dates import Month

#: A change smaller than this share of the earlier figure reads as "steady".
STEADY = Decimal("0.02")


def change(current: Any, previous: Any) -> str:
    """Rising, falling or steady against the same period a year before; '' when there is nothing
    to compare with (no earlier figure, or nought): a sentence never claims what it cannot source."""
    if current is None or previous is None:
        return ""
    now, before = Decimal(str(current)), Decimal(str(previous))
    if before <= 0:
        return ""
    ratio = (now - before) / before
    percent = number_format(
        (abs(ratio) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), 1, use_l10n=True
    )
    if abs(ratio) < STEADY:
        return _(", about the same as a year before")
    if ratio > 0:
        return _(", up %(percent)s%% on a year before") % {"percent": percent}
    return _(", down %(percent)s%% on a year before") % {"percent": percent}


def period(start: datetime.date, end: datetime.date) -> str:
    """2026年1—10月, 2026年, 2026年3月, 2025年11月—2026年2月."""
    first, last = Month.of(start), Month.of(end)
    if first.year == last.year:
        if first.month == 1 and last.month == 12:
            return _("%(year)s") % {"year": first.year}
        if first == last:
            return _("%(month)s/%(year)s") % {"month": first.month, "year": first.year}
        return _("%(first)s–%(last)s/%(year)s") % {
            "first": first.month,
            "last": last.month,
            "year": first.year,
        }
    return _("%(first_month)s/%(first_year)s–%(last_month)s/%(last_year)s") % {
        "first_month": first.month,
        "first_year": first.year,
        "last_month": last.month,
        "last_year": last.year,
    }


def section_number(n: int) -> str:
    """一、 二、 三、 (1. 2. 3. in English)."""
    numerals = pgettext("section numerals", "1 2 3 4 5 6 7 8 9 10").split()
    return pgettext("section number", "%(n)s. ") % {"n": numerals[n - 1] if n <= len(numerals) else n}


def point_number(n: int) -> str:
    """一是 二是 三是 (First, Second, Third in English)."""
    words = pgettext("point ordinals", "First Second Third Fourth Fifth Sixth Seventh Eighth").split()
    return words[n - 1] if n <= len(words) else str(n)
