"""Calendar months: the one month arithmetic of every app (boards, dues, periods, demos).

A ``Month`` is a year and a month number; it knows its first and last day, its neighbours and how
to read ``YYYY-MM`` from a query string without ever failing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: datetime.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def current(cls) -> Month:
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, value: str | None, default: Month | None = None) -> Month:
        """``YYYY-MM`` (years 2000–2100), or ``default`` (the current month) when the value is
        missing or not such a month: a query string never answers 500."""
        try:
            year, month = (int(part) for part in (value or "").split("-"))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return cls(year, month)
        except ValueError:
            pass
        return default or cls.current()

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def months_between(first: Month, last: Month) -> Iterator[Month]:
    """``first`` up to and including ``last``, in order (nothing when ``last`` is before ``first``)."""
    month = first
    while month <= last:
        yield month
        month = month.next()


def whole_months(start: datetime.date, end: datetime.date) -> list[Month]:
    """The months lying wholly inside ``start``..``end``."""
    first = Month.of(start) if start.day == 1 else Month.of(start).next()
    last = Month.of(end) if end == Month.of(end).end else Month.of(end).previous()
    return list(months_between(first, last))
