from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from sanjian.assessment import scoring
from sanjian.assessment.models import (
    ASSESSED_KINDS,
    ENTRY_ROLE_CHOICES,
    EVIDENCE_EXTENSIONS,
    RULE_FIELDS,
    CostItem,
    Entry,
    Indicator,
    Letter,
    LetterItem,
    Period,
    Policy,
    Result,
    Template,
)
from sanjian.lib.files import validate_upload_size
from sanjian.lib.registries import indicator_sources
from sanjian.org.models import Unit
from sanjian.tenancy.forms import CommunityModelForm
from sanjian.tenancy.models import Community
from sanjian.tenancy.roles import Role

DECIMAL = {"max_digits": 14, "decimal_places": 4}
POINTS = {"max_digits": 6, "decimal_places": 2}


class PeriodForm(CommunityModelForm):
    class Meta:
        model = Period
        fields = ["kind", "year", "number", "note"]


class IndicatorForm(CommunityModelForm):
    bands = forms.CharField(
        label=_("bands"),
        required=False,
        help_text=_("Threshold bands: value:percent of the weight, e.g. 95:100, 90:80, 80:50."),
    )
    entry_roles = forms.MultipleChoiceField(
        label=_("who may enter scores"),
        choices=ENTRY_ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Besides the community's leaders, who always may."),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "category",
            "measure",
            "description",
            "source_key",
            *RULE_FIELDS,
            "entry_roles",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("None: scored by hand"))] + [
            (s.key, f"{s.label} ({s.key})") for s in indicator_sources.all()
        ]
        current = self.instance.source_key
        if current and current not in dict(choices):
            choices.append((current, _("%(key)s (not installed)") % {"key": current}))
        self.fields["source_key"] = forms.ChoiceField(
            label=_("automatic source"),
            choices=choices,
            required=False,
            help_text=Indicator._meta.get_field("source_key").help_text,
        )
        self.initial["bands"] = scoring.format_bands(self.instance.bands or [])

    def clean_bands(self) -> list[list[str]]:
        try:
            bands = scoring.parse_bands(self.cleaned_data["bands"])
        except scoring.BandsError as exc:
            raise forms.ValidationError(_("“%(part)s” is not value:percent.") % {"part": exc.part}) from exc
        return [[str(t), str(p)] for t, p in bands]


class TemplateForm(CommunityModelForm):
    class Meta:
        model = Template
        fields = ["unit_kind", "name", "clauses"]
        widgets = {"clauses": forms.Textarea(attrs={"rows": 3})}


class IndicatorRowForm(forms.Form):
    """One row of a template's or a letter's indicators."""

    item = forms.IntegerField(widget=forms.HiddenInput, required=False)
    indicator = forms.ModelChoiceField(label=_("indicator"), queryset=Indicator.objects.none())
    weight = forms.DecimalField(
        label=_("weight"), min_value=Decimal("0.01"), max_value=Decimal(100), **POINTS
    )
    target = forms.DecimalField(label=_("target"), required=False, **DECIMAL)

    def __init__(self, *args: Any, indicators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if indicators is not None:
            self.fields["indicator"].queryset = indicators


class LetterRowForm(IndicatorRowForm):
    floor = forms.DecimalField(label=_("floor"), required=False, **DECIMAL)
    per_occurrence = forms.DecimalField(
        label=_("points per occurrence"), required=False, min_value=0, **POINTS
    )
    cap = forms.DecimalField(label=_("deduction cap (points)"), required=False, min_value=0, **POINTS)


TemplateRowFormSet = forms.formset_factory(IndicatorRowForm, extra=3, can_delete=True)
LetterRowFormSet = forms.formset_factory(LetterRowForm, extra=2, can_delete=True)


class AmendmentForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the amendment"),
        max_length=300,
        required=False,
        help_text=_("Required once the letter has been signed: both sides then sign again."),
    )


def community_users(community: Community) -> Any:
    return (
        get_user_model()
        .objects.filter(memberships__community=community)
        .distinct()
        .order_by("first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class LetterPeopleForm(forms.Form):
    """Who signs: for the unit, someone its memberships tie to it (anyone of the community while
    nobody is tied to it yet); for the community, a secretary."""

    responsible = UserChoiceField(label=_("responsible person"), queryset=None, required=False)
    issuer = UserChoiceField(label=_("signatory for the community"), queryset=None, required=False)

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        community = letter.community
        users = community_users(community)
        tied = users.filter(memberships__community=community, memberships__unit=letter.unit)
        self.fields["responsible"].queryset = tied if tied.exists() else users
        self.fields["issuer"].queryset = users.filter(
            memberships__role__in=[Role.SECRETARY], memberships__community=community
        )


class EntryForm(CommunityModelForm):
    class Meta:
        model = Entry
        fields = ["kind", "amount", "reason", "evidence"]

    def __init__(self, *args: Any, item: LetterItem, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(self.fields["kind"].choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]
        self.instance.item = item


class CostItemForm(CommunityModelForm):
    community_querysets = {"unit": lambda form: Unit.objects.filter(kind__in=ASSESSED_KINDS, is_active=True)}

    class Meta:
        model = CostItem
        fields = ["unit", "name", "measure", "quota", "actual", "note"]


class CostActualForm(forms.Form):
    actual = forms.DecimalField(
        label=_("actual"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"), validators=[FileExtensionValidator(["xlsx"]), validate_upload_size]
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class _ResultItemForm(forms.Form):
    """A form about one item (indicator) of a result: the choices are the result's lines."""

    def __init__(self, *args: Any, result: Result, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(line.indicator, line.name) for line in result.breakdown]
        field = self.fields["indicator"]
        field.choices = ([] if field.required else [("", "—")]) + choices

    def clean_indicator(self) -> Indicator | None:
        pk = self.cleaned_data["indicator"]
        return Indicator.objects.filter(pk=pk).first() if pk else None


class AppealForm(_ResultItemForm):
    indicator = forms.TypedChoiceField(label=_("item appealed"), coerce=int)
    reason = forms.CharField(label=_("grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(
        label=_("evidence"),
        required=False,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_upload_size],
    )


class DecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Uphold the appeal")), ("0", _("Reject the appeal"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    points = forms.DecimalField(
        label=_("points added (or, negative, taken off)"),
        required=False,
        min_value=-100,
        max_value=100,
        **POINTS,
    )
    decision = forms.CharField(label=_("reasons for the decision"), widget=forms.Textarea(attrs={"rows": 3}))


class AdjustmentForm(_ResultItemForm):
    indicator = forms.TypedChoiceField(label=_("scored item"), coerce=int, required=False, empty_value=None)
    points = forms.DecimalField(
        label=_("points added (or, negative, taken off)"), min_value=-100, max_value=100, **POINTS
    )
    reason = forms.CharField(label=_("reason"), max_length=300)


class PolicyForm(CommunityModelForm):
    class Meta:
        model = Policy
        fields = ["appeal_workdays", "drop_margin", "floor_score", "overspend_rate"]
