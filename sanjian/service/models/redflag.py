"""The mobile red flag (流动红旗): competitions, their units, monthly rounds and standings.

A competition is set by the company's community party committee across its communities
(``host`` empty), or by one community for its own units (``host`` that community); so it is the
company's record, not one community's. What belongs to a community is what is about its units:
the ``Entrant`` rows and each round's ``Standing`` of a unit are community-owned and scoped like
any record, which is how a community sees the company board (the standings of every community,
read with the company's communities in scope) but never another community's inspections.

"Judged weekly, awarded monthly" (一周一考评、一月一流动): a round is a calendar month; each week
of it scores a unit the average of its inspections that week, the month the average of its
weeks; see ``services.redflag`` for the ranking and its tie-break.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sanjian.lib.models import user_field
from sanjian.service.models.sheets import SheetKind
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class Competition(models.Model):
    company = models.ForeignKey(
        "tenancy.Company", on_delete=models.PROTECT, related_name="+", verbose_name=_("company")
    )
    host = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("held by community"),
        help_text=_("Empty: a company competition, open to units of every community of the company."),
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("inspections counted"), max_length=10, choices=SheetKind.choices, default=SheetKind.FLOOR
    )
    flags = models.PositiveSmallIntegerField(_("flags per round"), default=1)
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    description = models.TextField(_("rules"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("red-flag competition")
        verbose_name_plural = _("red-flag competitions")
        ordering = ["-first_month", "name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="service_competition_name_unique"),
            models.CheckConstraint(condition=models.Q(flags__gte=1), name="service_competition_has_a_flag"),
            models.CheckConstraint(
                condition=models.Q(last_month__gte=models.F("first_month")), name="service_competition_months"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_company(self) -> bool:
        return self.host_id is None


class Entrant(CommunityOwned):
    """A unit competing (an apartment network, a canteen), in its own community."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="entrants", verbose_name=_("competition")
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    history = community_history()

    class Meta:
        verbose_name = _("competing unit")
        verbose_name_plural = _("competing units")
        constraints = [
            unique_in_community("competition", "unit", name="service_entrant_unique"),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class RoundStatus(models.TextChoices):
    RANKED = "ranked", _("Ranked, awaiting the committee")
    CONFIRMED = "confirmed", _("Awarded")


class Round(models.Model):
    """One month of a competition: ranked from the inspections, then confirmed by the committee
    (after which it is never ranked again: the award stands as confirmed)."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("competition")
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.RANKED
    )
    ranked_at = models.DateTimeField(_("ranked at"))
    confirmed_by = user_field(_("confirmed by"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("red-flag round")
        verbose_name_plural = _("red-flag rounds")
        ordering = ["competition", "month"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "month"], name="service_round_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.competition} {self.month:%Y-%m}"


class Standing(CommunityOwned):
    """A unit's result in one round: its score from the inspections, a veto, its rank, the flag."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="standings", verbose_name=_("round")
    )
    entrant = models.ForeignKey(
        Entrant, on_delete=models.PROTECT, related_name="standings", verbose_name=_("unit")
    )
    inspections = models.PositiveIntegerField(_("inspections"), default=0)
    weeks = models.PositiveSmallIntegerField(_("weeks assessed"), default=0)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    lowest_week = models.DecimalField(_("lowest week"), max_digits=5, decimal_places=2, null=True, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    veto_reason = models.CharField(_("veto"), max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    awarded = models.BooleanField(_("red flag"), default=False)
    history = community_history()

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        ordering = ["round", "rank", "pk"]
        constraints = [
            unique_in_community("round", "entrant", name="service_standing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.entrant} · {self.rank}"
