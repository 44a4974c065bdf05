"""The community's list of conditions and the follow-up rule of each chronic one."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community

#: Follow-ups a year that split the year into whole months (quarterly, twice a year…).
VISITS_PER_YEAR = (1, 2, 3, 4, 6, 12)


class Condition(CommunityOwned):
    """A condition an archive may record (hypertension, type 2 diabetes, pneumoconiosis…).

    The list is the community's own: the defaults (``DEFAULT_CONDITIONS``) are added with the
    first archive, and the medical lead adds others. A condition with an active follow-up rule
    gets follow-up plans; one without is only recorded.
    """

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=50)
    is_active = models.BooleanField(_("in use"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        ordering = ["sort_order", "name"]
        constraints = [
            unique_in_community(
                "code",
                name="health_condition_code_unique",
                violation_error_message=_("Another condition of this community has this code."),
            ),
            unique_in_community(
                "name",
                name="health_condition_name_unique",
                violation_error_message=_("Another condition of this community has this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FollowUpRule(CommunityOwned):
    """How often an archive with the condition is followed up: ``visits_per_year`` face-to-face
    follow-ups, one in each equal part of the year, a yearly health check, and a follow-up
    within ``urgent_days`` after a change of medication or a referral.

    The defaults are the national minimum for hypertension and type 2 diabetes (国家基本公共卫生
    服务规范: four face-to-face follow-ups a year, a yearly check, two weeks after a change)."""

    condition = models.ForeignKey(
        Condition, on_delete=models.PROTECT, related_name="rules", verbose_name=_("condition")
    )
    visits_per_year = models.PositiveSmallIntegerField(
        _("follow-ups a year"),
        default=4,
        choices=[(n, str(n)) for n in VISITS_PER_YEAR],
        help_text=_("One follow-up in each equal part of the year: 4 means one a quarter."),
    )
    annual_check = models.BooleanField(_("yearly health check"), default=True)
    face_to_face_only = models.BooleanField(
        _("face to face only"),
        default=True,
        help_text=_("A phone call does not count as a follow-up of the plan (the national rule)."),
    )
    urgent_days = models.PositiveSmallIntegerField(
        _("days to the next follow-up after a change"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_(
            "After a change of medication or a referral, the next follow-up falls within these days."
        ),
    )
    is_active = models.BooleanField(_("in force"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")
        ordering = ["condition__sort_order", "condition__name"]
        constraints = [
            unique_in_community(
                "condition",
                name="health_rule_one_per_condition",
                violation_error_message=_("This condition already has a follow-up rule."),
            )
        ]

    def __str__(self) -> str:
        return str(self.condition)

    def clean(self) -> None:
        if self.visits_per_year not in VISITS_PER_YEAR:
            raise ValidationError({"visits_per_year": _("Choose 1, 2, 3, 4, 6 or 12 follow-ups a year.")})

    @property
    def months_per_visit(self) -> int:
        return 12 // self.visits_per_year


@dataclass(frozen=True)
class DefaultCondition:
    code: str
    name: object  # lazy, stored in Chinese
    sort_order: int
    visits_per_year: int | None  # None: recorded, not followed up
    annual_check: bool = True


#: The conditions every community starts with. Pneumoconiosis (尘肺, the miners' occupational
#: disease) has no national follow-up minimum; twice a year and a yearly check is our default.
DEFAULT_CONDITIONS: tuple[DefaultCondition, ...] = (
    DefaultCondition("hypertension", _("Hypertension"), 10, 4),
    DefaultCondition("diabetes", _("Type 2 diabetes"), 20, 4),
    DefaultCondition("pneumoconiosis", _("Pneumoconiosis"), 30, 2),
    DefaultCondition("coronary", _("Coronary heart disease"), 40, None),
    DefaultCondition("copd", _("Chronic obstructive pulmonary disease"), 50, None),
    DefaultCondition("stroke", _("Stroke"), 60, None),
)
