"""Residents' ratings of a window and their daily rollups."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanjian.org.models import Unit
from sanjian.tenancy.models import CommunityOwned, unique_in_community
from sanjian.windows.models.standards import window_fk


class Level(models.IntegerChoices):
    """The five levels of the national 好差评 practice (GB/T 39734-2020)."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    BASICALLY_SATISFIED = 3, _("Basically satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


#: The levels that count towards the satisfaction rate, and those that open a ticket.
GOOD_LEVELS = frozenset({Level.VERY_SATISFIED, Level.SATISFIED})
BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})


class Reason(models.TextChoices):
    EFFICIENCY = "efficiency", _("Efficiency")
    ATTITUDE = "attitude", _("Attitude")
    ENVIRONMENT = "environment", _("Environment")
    QUALITY = "quality", _("Quality")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    QR = "qr", _("QR code")
    API = "api", _("Interface")


class Rating(CommunityOwned):
    """One resident's rating of one window, by QR code, without an account.

    Insert-only, on the platform's hottest path: it keeps no history rows. The one change it
    can undergo, exclusion by an upheld appeal, is recorded (with history) on the ``Appeal``;
    and a history table would keep a copy of the phone number that ``ticket_close`` erases.
    """

    window = window_fk(on_delete=models.PROTECT, db_index=False)  # the (window, created_at) index serves it
    level = models.PositiveSmallIntegerField(_("rating"), choices=Level.choices)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    phone = models.CharField(
        _("phone for a call-back"),
        max_length=20,
        blank=True,
        help_text=_("Used only to call the resident back; erased when the ticket closes."),
    )
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)
    day = models.DateField(_("day"))
    source = models.CharField(_("source"), max_length=4, choices=Source.choices, default=Source.QR)
    excluded = models.BooleanField(
        _("removed from scores"), default=False, help_text=_("Set when an appeal against it is upheld.")
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["window", "created_at"], name="windows_rating_window_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="windows_rating_level_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=3) | ~Q(reason=""), name="windows_rating_bad_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.window} · {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS


class DailyRollup(CommunityOwned):
    """The ratings of one window on one day, by level: what boards and rankings read.

    Kept exact by ``rollups.rollup_add`` in the same transaction as each rating (an upsert
    that increments), and by ``rollups.rollup_remove`` when an appeal excludes a rating;
    ``manage.py windows_rebuild_rollups`` recomputes them from the ratings and reports any
    difference.
    """

    window = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique (community, window, day) index serves it
        verbose_name=_("service window"),
    )
    day = models.DateField(_("day"))
    level_1 = models.PositiveIntegerField(_("very dissatisfied"), default=0)
    level_2 = models.PositiveIntegerField(_("dissatisfied"), default=0)
    level_3 = models.PositiveIntegerField(_("basically satisfied"), default=0)
    level_4 = models.PositiveIntegerField(_("satisfied"), default=0)
    level_5 = models.PositiveIntegerField(_("very satisfied"), default=0)

    class Meta:
        verbose_name = _("daily ratings of a window")
        verbose_name_plural = _("daily ratings of windows")
        constraints = [unique_in_community("window", "day", name="windows_rollup_unique_day")]
        indexes = [models.Index(fields=["community", "day"], name="windows_rollup_comm_day")]

    def __str__(self) -> str:
        return f"{self.window} {self.day}"

    @property
    def counts(self) -> tuple[int, int, int, int, int]:
        return (self.level_1, self.level_2, self.level_3, self.level_4, self.level_5)
