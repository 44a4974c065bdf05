"""Benchmark titles designated to windows."""

from __future__ import annotations

from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community
from sanjian.windows.models.standards import window_fk


class BenchmarkTitle(CommunityOwned):
    """标杆窗口: the secretary's designation of a window as a benchmark for a year, with the reason."""

    window = window_fk(on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    reason = models.TextField(_("reason"))
    designated_by = user_field(_("designated by"))
    designated_at = models.DateTimeField(_("designated at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("benchmark window title")
        verbose_name_plural = _("benchmark window titles")
        ordering = ["-year", "window__sort_order"]
        constraints = [
            unique_in_community(
                "window",
                "year",
                name="windows_benchmark_once_a_year",
                violation_error_message=_("This window is already a benchmark window for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.year}"
