"""What a community sets up once: its policy, the indicator library and the templates per unit kind."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.assessment import scoring
from sanjian.org.models import UnitKind
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community
from sanjian.tenancy.roles import Role

#: The kinds of unit that sign responsibility letters and are scored and ranked.
ASSESSED_KINDS = [UnitKind.OFFICE, UnitKind.SUPERVISOR, UnitKind.WINDOW, UnitKind.BRANCH]
ASSESSED_KIND_CHOICES = [(k.value, k.label) for k in ASSESSED_KINDS]
#: Roles that may be named as allowed to enter an indicator's scores (leaders always may).
ENTRY_ROLE_CHOICES = [(r.value, r.label) for r in (Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR)]

POSITIVE = [MinValueValidator(Decimal(0))]
#: A measured value (a rule's floor and target, an entry's amount): wide, optional.
MEASURE = {"max_digits": 14, "decimal_places": 4, "null": True, "blank": True}
#: Points of a rule (per occurrence, caps): never negative.
RULE_POINTS = {"max_digits": 7, "decimal_places": 2, "validators": POSITIVE}
WEIGHT = [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))]


class Policy(CommunityOwned):
    """The community's assessment settings: the appeal window, early warnings, overspending."""

    appeal_workdays = models.PositiveSmallIntegerField(
        _("appeal window (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "After publication, units may appeal for this many working days; then the period is final."
        ),
    )
    drop_margin = models.DecimalField(
        _("warning margin (points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        validators=POSITIVE,
        help_text=_("Warn when a unit's score falls two months running by more than this in all."),
    )
    floor_score = models.DecimalField(
        _("warning floor (score)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=[*POSITIVE, MaxValueValidator(Decimal(100))],
        help_text=_("Warn when a unit scores below this two months running."),
    )
    overspend_rate = models.DecimalField(
        _("overspending threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        validators=POSITIVE,
        help_text=_("Flag a cost item whose actual exceeds its quota by more than this percentage."),
    )
    history = community_history()

    class Meta:
        verbose_name = _("assessment policy")
        verbose_name_plural = _("assessment policies")
        constraints = [unique_in_community(name="assessment_policy_one_per_community")]

    def __str__(self) -> str:
        return str(_("assessment policy"))


class Category(models.TextChoices):
    STANDARD = "standard", _("Standard assessment")
    CONTRACT = "contract", _("Contracted duty")
    COST = "cost", _("Cost assessment")
    COMPREHENSIVE = "comprehensive", _("Comprehensive assessment")
    PARTY = "party", _("Party building")


class RuleKind(models.TextChoices):
    LINEAR = scoring.Rule.LINEAR, _("Linear between floor and target")
    BANDS = scoring.Rule.BANDS, _("Threshold bands")
    DEDUCTION = scoring.Rule.DEDUCTION, _("Deduction per occurrence, with a cap")


#: The scoring rule's parameters (the fields of ``RuleFields``): what a letter's item copies from
#: the library, what the forms and the interface show, what identifies one rule in the computation.
RULE_FIELDS = ("rule", "higher_is_better", "floor", "target", "bands", "per_occurrence", "cap", "bonus_cap")


class RuleFields(models.Model):
    """The scoring rule's parameters: the library's defaults, copied into each letter's items."""

    rule = models.CharField(
        _("scoring rule"), max_length=20, choices=RuleKind.choices, default=RuleKind.LINEAR
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    floor = models.DecimalField(
        _("floor"), help_text=_("Linear rule: the value that earns nothing."), **MEASURE
    )
    target = models.DecimalField(
        _("target"), help_text=_("Linear rule: the value that earns the whole weight."), **MEASURE
    )
    bands = models.JSONField(_("bands"), default=list, blank=True)
    per_occurrence = models.DecimalField(_("points per occurrence"), null=True, blank=True, **RULE_POINTS)
    cap = models.DecimalField(
        _("deduction cap (points)"),
        null=True,
        blank=True,
        help_text=_("Deduction rule: at most this many points are taken; blank: the whole weight."),
        **RULE_POINTS,
    )
    bonus_cap = models.DecimalField(
        _("bonus cap (points)"),
        default=Decimal(0),
        help_text=_("Bonus points this indicator may add on top of its weight; 0: no bonus."),
        **RULE_POINTS,
    )

    class Meta:
        abstract = True

    def rule_copy(self, source: RuleFields) -> None:
        """Take ``source``'s rule: the library indicator's, or another letter's item's."""
        for name in RULE_FIELDS:
            setattr(self, name, getattr(source, name))

    def rule_spec(self) -> scoring.RuleSpec:
        return scoring.RuleSpec(
            rule=self.rule,
            higher_is_better=self.higher_is_better,
            floor=self.floor,
            target=self.target,
            bands=tuple((Decimal(str(t)), Decimal(str(p))) for t, p in self.bands or ()),
            per_occurrence=self.per_occurrence,
            cap=self.cap,
            bonus_cap=self.bonus_cap or Decimal(0),
        )

    def rule_errors(self) -> dict[str, str]:
        """What is wrong with the rule's parameters, by field."""
        errors: dict[str, str] = {}
        if self.rule == RuleKind.LINEAR:
            if self.floor is None:
                errors["floor"] = _("A linear rule needs a floor.")
            if self.target is None:
                errors["target"] = _("A linear rule needs a target.")
            if self.floor is not None and self.target is not None:
                better = self.target > self.floor if self.higher_is_better else self.target < self.floor
                if not better:
                    errors["target"] = _(
                        "The target must be better than the floor: above it when higher is better, "
                        "below it when lower is better."
                    )
        elif self.rule == RuleKind.BANDS:
            if not self.bands:
                errors["bands"] = _("Threshold bands need at least one band.")
            else:
                thresholds = [Decimal(str(t)) for t, _p in self.bands]
                if len(set(thresholds)) != len(thresholds):
                    errors["bands"] = _("Two bands have the same threshold.")
                elif any(not 0 <= Decimal(str(p)) <= 100 for _t, p in self.bands):
                    errors["bands"] = _("A band gives between 0 and 100 percent of the weight.")
        elif self.rule == RuleKind.DEDUCTION and not self.per_occurrence:
            errors["per_occurrence"] = _("A deduction rule needs the points taken per occurrence.")
        return errors

    def rule_summary(self) -> str:
        """The rule in a few words, for letters and score sheets."""
        if self.rule == RuleKind.LINEAR:
            return _("linear: %(floor)s earns nothing, %(target)s earns all") % {
                "floor": _number(self.floor),
                "target": _number(self.target),
            }
        if self.rule == RuleKind.BANDS:
            return _("bands (value: percent of the weight): %(bands)s") % {
                "bands": scoring.format_bands(self.bands or [])
            }
        if self.cap is None:
            return _("%(per)s points off per occurrence") % {"per": _number(self.per_occurrence)}
        return _("%(per)s points off per occurrence, at most %(cap)s") % {
            "per": _number(self.per_occurrence),
            "cap": _number(self.cap),
        }


def _number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return format(value.normalize(), "f")


class Indicator(RuleFields, CommunityOwned):
    """An indicator of the library: what is measured, how it is scored and who may score it."""

    code = models.SlugField(_("code"), max_length=40, help_text=_("A short code, unique in the community."))
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    measure = models.CharField(
        _("unit of measure"), max_length=20, blank=True, help_text=_("Shown beside a value, e.g. % or yuan.")
    )
    description = models.TextField(_("how it is assessed"), blank=True)
    source_key = models.CharField(
        _("automatic source"),
        max_length=60,
        blank=True,
        help_text=_("Blank: scored by hand. Otherwise the value comes from another module's records."),
    )
    entry_roles = models.JSONField(
        _("who may enter scores"),
        default=list,
        blank=True,
        help_text=_("Besides the community's leaders, who always may."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["category", "code"]
        constraints = [
            unique_in_community(
                "code",
                name="indicator_code_unique_in_community",
                violation_error_message=_("Another indicator of this community already has this code."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_automatic(self) -> bool:
        return bool(self.source_key)

    def clean(self) -> None:
        errors = self.rule_errors()
        unknown = set(self.entry_roles or ()) - {value for value, _label in ENTRY_ROLE_CHOICES}
        if unknown:
            errors["entry_roles"] = _("Unknown role.")
        if errors:
            raise ValidationError(errors)


class Template(CommunityOwned):
    """The indicators every unit of one kind is given: copied into each period's letters."""

    unit_kind = models.CharField(_("unit kind"), max_length=20, choices=ASSESSED_KIND_CHOICES)
    name = models.CharField(_("name"), max_length=100)
    clauses = models.TextField(
        _("duties and terms"), blank=True, help_text=_("Printed in the letter above the indicators.")
    )
    history = community_history()

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["unit_kind"]
        constraints = [
            unique_in_community(
                "unit_kind",
                name="template_one_per_unit_kind",
                violation_error_message=_("This unit kind already has a template."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class TemplateItem(CommunityOwned):
    template = models.ForeignKey(
        Template, on_delete=models.CASCADE, related_name="items", verbose_name=_("template")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="template_items", verbose_name=_("indicator")
    )
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, validators=WEIGHT)
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Blank: the indicator's own target."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = community_history()

    class Meta:
        verbose_name = _("template indicator")
        verbose_name_plural = _("template indicators")
        ordering = ["sort_order", "pk"]
        constraints = [
            unique_in_community(
                "template",
                "indicator",
                name="template_item_indicator_once",
                violation_error_message=_("The indicator is already in this template."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} · {self.indicator}"
