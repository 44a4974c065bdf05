"""The windows' automatic indicators for the assessment platform, computed in batch from the
same grouped queries as the rankings: the daily rollups, the submitted inspections, the tickets."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from sanjian.org.models import Unit
from sanjian.windows.ranking import window_scores


def satisfaction_rate(
    windows: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """The share (0–100) of ratings in the top two levels; None for a window nobody rated."""
    return {pk: score.satisfaction for pk, score in window_scores(windows, start, end).items()}


def inspection_score(
    windows: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """The average score of the submitted inspections; None for a window not inspected."""
    return {pk: score.inspection for pk, score in window_scores(windows, start, end).items()}


def overdue_tickets(
    windows: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """Tickets due in the period that missed their deadline (fewer is better)."""
    return {pk: Decimal(score.overdue) for pk, score in window_scores(windows, start, end).items()}
