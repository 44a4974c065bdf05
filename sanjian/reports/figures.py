"""The figures of a community and a period, read from every installed app's ``selectors.headline``.

Each domain app answers ``headline(community, start, end) -> dict`` with its own figures; this
module asks the apps that are installed (``service`` and ``health`` may not be), keeps the
answers per app, and knows how to write each figure in a sentence. A figure is addressed as
``app.key`` (``dedication.cadre_hours``): the work summary binds its words to those addresses.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from sanjian.lib.dates import Month
from sanjian.tenancy.models import Community

#: The apps asked for figures, in the order of the report's three platforms.
APPS = ("org", "members", "assessment", "windows", "dedication", "service", "health")


def _number(value: Any, places: int = 0) -> str:
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if places and amount == amount.to_integral_value():
        places = 0
    return number_format(amount, places, use_l10n=True, force_grouping=True)


def _share(value: Any) -> str:
    """A share 0–1 (or a percentage 0–100, as some apps answer) as 95.5%."""
    share = Decimal(str(value))
    percent = share * 100 if share <= 1 else share
    return _number(percent, 1) + "%"


#: How a figure is written: by key, whatever the app; anything else as a whole number.
FORMATS: dict[str, Callable[[Any], str]] = {
    "hours": lambda v: _number(v, 1),
    "cadre_hours": lambda v: _number(v, 1),
    "benefit": lambda v: _number(v, 2),
    "satisfaction": _share,
    "standard_share": _share,
    "attendance": _share,
    "on_time_rate": _share,
    "average_score": lambda v: _number(v, 1),
    "average_inspection_score": lambda v: _number(v, 1),
    "cleaned_area_m2": lambda v: _number(v, 0),
}


def written(key: str, value: Any) -> str:
    """``value`` of figure ``key`` as a sentence writes it; "—" for no value."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return str(_(", ")).join(str(v) for v in value)
    if isinstance(value, dict):  # counts by name: health's archives by condition
        return str(_(", ")).join(f"{name} {_number(n)}" for name, n in value.items())
    return FORMATS.get(key, _number)(value)


@dataclass
class Figures:
    """The figures of one community over ``start``..``end``, per app, and the same of the
    comparison period (``previous``) for the rising/falling phrases."""

    community: Community
    start: datetime.date
    end: datetime.date
    apps: dict[str, dict[str, Any]] = field(default_factory=dict)
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, address: str) -> Any:
        app, _dot, key = address.partition(".")
        return self.apps.get(app, {}).get(key)

    def get_previous(self, address: str) -> Any:
        app, _dot, key = address.partition(".")
        return self.previous.get(app, {}).get(key)

    def has(self, *addresses: str) -> bool:
        """Whether every figure named has something to say (a value, and not nought)."""
        return all(_something(self.get(a)) for a in addresses)

    def labels(self) -> dict[str, str]:
        return {
            f"{app}.{key}": written(key, value)
            for app, values in self.apps.items()
            for key, value in values.items()
        }


def _something(value: Any) -> bool:
    return value is not None and value != "" and value != 0 and value != [] and value != {}


def installed_apps() -> list[str]:
    """The apps of ``APPS`` that are installed and answer ``selectors.headline``."""
    found = []
    for app in APPS:
        if not apps.is_installed(f"sanjian.{app}"):
            continue
        module = importlib.import_module(f"sanjian.{app}.selectors")
        if hasattr(module, "headline"):
            found.append(app)
    return found


def headline(app: str, community: Community, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    module = importlib.import_module(f"sanjian.{app}.selectors")
    with scope(community=community.pk):
        return dict(module.headline(community, start, end))


def extra(app: str, community: Community, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Figures a sentence needs that the headline does not carry (the months of the red flags)."""
    if app != "service":
        return {}
    module = importlib.import_module("sanjian.service.selectors")
    if not hasattr(module, "flag_awards"):
        return {}
    with scope(community=community.pk):
        awards = list(module.flag_awards(community, start, end))
    months = sorted({_award_month(a) for a in awards} - {None})
    return {"flag_months": [_month_name(m) for m in months]}


def _award_month(award: Any) -> Month | None:
    value = award.get("month") if isinstance(award, dict) else getattr(award, "month", None)
    if isinstance(value, Month):
        return value
    if isinstance(value, datetime.date):
        return Month.of(value)
    if isinstance(value, str):
        return Month.parse(value, Month(1900, 1)) if value else None
    return None


def _month_name(month: Month) -> str:
    return str(_("%(month)s/%(year)s") % {"month": month.month, "year": month.year})  # 2026年3月


def collect(
    community: Community,
    start: datetime.date,
    end: datetime.date,
    *,
    previous: tuple[datetime.date, datetime.date] | None = None,
    only: tuple[str, ...] | None = None,
) -> Figures:
    """The figures of every installed app (or of ``only`` these) for the period, and of the
    ``previous`` period when given (the same months a year before, for a summary)."""
    figures = Figures(community, start, end)
    for app in installed_apps():
        if only is not None and app not in only:
            continue
        figures.apps[app] = {**headline(app, community, start, end), **extra(app, community, start, end)}
        if previous is not None:
            figures.previous[app] = headline(app, community, *previous)
    return figures


def year_before(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The same months a year earlier (同比): the comparison of a work summary."""
    first, last = Month.of(start).plus(-12), Month.of(end).plus(-12)
    return first.start, last.end
