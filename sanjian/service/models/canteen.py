"""The staff canteen (职工食堂): the weekly dish (每周一道菜) that residents rate without an
account, themed months (药膳宣传月), production records and the banquets they earn (英雄宴),
and birthday banquets (生日宴).

A dish keeps its rating count and total beside it, added to in the rating's own transaction,
so its average is one row away however many ratings it has.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.lib.files import validate_upload_size
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class ThemedMonth(CommunityOwned):
    name = models.CharField(_("name"), max_length=60)
    month = models.DateField(_("month"))
    health_notes = models.TextField(_("health notes"), blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("themed month")
        verbose_name_plural = _("themed months")
        ordering = ["-month"]
        constraints = [
            unique_in_community("month", name="service_theme_one_a_month"),
        ]

    def __str__(self) -> str:
        return self.name


def dish_photo_to(instance: Dish, filename: str) -> str:
    return f"c/{instance.community_id}/dishes/{filename}"


class Dish(CommunityOwned):
    """The dish of one week (Monday ``week``) in one canteen."""

    canteen = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("canteen")
    )
    week = models.DateField(_("week of"))
    name = models.CharField(_("dish"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    photo = models.FileField(
        _("photo"),
        upload_to=dish_photo_to,
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_upload_size],
    )
    theme = models.ForeignKey(
        ThemedMonth,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dishes",
        verbose_name=_("themed month"),
    )
    health_note = models.CharField(_("health note"), max_length=200, blank=True)
    ratings = models.PositiveIntegerField(_("ratings"), default=0, editable=False)
    rating_total = models.PositiveIntegerField(_("sum of the ratings"), default=0, editable=False)
    history = community_history(excluded_fields=["ratings", "rating_total"])

    class Meta:
        verbose_name = _("weekly dish")
        verbose_name_plural = _("weekly dishes")
        ordering = ["-week", "canteen"]
        constraints = [
            unique_in_community("canteen", "week", name="service_dish_one_a_week"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def average(self) -> Decimal | None:
        if not self.ratings:
            return None
        return (Decimal(self.rating_total) / self.ratings).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class DishRating(CommunityOwned):
    """One resident's or worker's stars for a dish (no account: the device and address limits
    of ``lib.ratings`` keep it to one an hour)."""

    dish = models.ForeignKey(Dish, on_delete=models.PROTECT, related_name="+", verbose_name=_("dish"))
    level = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("dish rating")
        verbose_name_plural = _("dish ratings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="service_rating_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dish} {self.level}"


class ProductionRecord(CommunityOwned):
    """A production backbone's record (生产记录): who, in which team, when, what."""

    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    team = models.CharField(_("team"), max_length=60)
    achieved_on = models.DateField(_("date"))
    achievement = models.CharField(_("achievement"), max_length=200)
    history = community_history()

    class Meta:
        verbose_name = _("production record")
        verbose_name_plural = _("production records")
        ordering = ["-achieved_on", "pk"]
        indexes = [models.Index(fields=["community", "achieved_on"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.achievement}"


class BanquetKind(models.TextChoices):
    HERO = "hero", _("Hero banquet")
    BIRTHDAY = "birthday", _("Birthday banquet")


class Banquet(CommunityOwned):
    kind = models.CharField(_("kind"), max_length=10, choices=BanquetKind.choices)
    title = models.CharField(_("title"), max_length=80)
    held_on = models.DateField(pgettext_lazy("banquet", "held on"))
    canteen = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("canteen"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    history = community_history()

    class Meta:
        verbose_name = _("banquet")
        verbose_name_plural = _("banquets")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Guest(CommunityOwned):
    """A guest of a banquet; at a hero banquet, with the production record that earned the seat."""

    banquet = models.ForeignKey(
        Banquet, on_delete=models.CASCADE, related_name="guests", verbose_name=_("banquet")
    )
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("guest")
    )
    record = models.ForeignKey(
        ProductionRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("production record"),
    )
    history = community_history()

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        constraints = [
            unique_in_community("banquet", "person", name="service_guest_once"),
        ]

    def __str__(self) -> str:
        return str(self.person)
