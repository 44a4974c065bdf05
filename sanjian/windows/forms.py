from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanjian.lib.forms import DateInput
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.forms import CommunityModelForm
from sanjian.windows import services
from sanjian.windows.models import (
    AppealGround,
    BenchmarkTitle,
    CallbackResult,
    Criterion,
    Deduction,
    Inspection,
    InspectionLine,
    Level,
    Policy,
    Reason,
    Standard,
)


class RatingForm(forms.Form):
    """The resident's rating: a level, and for the bottom two a reason, a comment, a phone."""

    level = forms.TypedChoiceField(
        label=_("rating"),
        choices=Level.choices,
        coerce=int,
        error_messages={
            "required": _("Choose one of the five levels."),
            "invalid_choice": _("Choose one of the five levels."),
        },
    )
    reason = forms.ChoiceField(label=_("What was wrong?"), choices=Reason.choices, required=False)
    comment = forms.CharField(
        label=_("Anything to add (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phone = forms.CharField(
        label=_("Phone for a call-back (optional)"),
        max_length=20,
        required=False,
        help_text=_("Only the window's supervisors see it, to tell you what was done; it is then erased."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "level" in data:
            try:
                data.update(
                    services.rating_clean(
                        **{k: data.get(k, "") for k in ("level", "reason", "comment", "phone")}
                    )
                )
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    self.add_error(field, errors)
        return data

    @property
    def wants_reason(self) -> bool:
        """A bad level was chosen: show the reasons."""
        try:
            return int(self.data.get("level", 0)) in (Level.DISSATISFIED, Level.VERY_DISSATISFIED)
        except ValueError:
            return False


class StandardForm(CommunityModelForm):
    class Meta:
        model = Standard
        fields = ["network_type", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CriterionForm(CommunityModelForm):
    class Meta:
        model = Criterion
        fields = [
            "dimension",
            "code",
            "title",
            "method",
            "points",
            "deduction_cap",
            "is_veto",
            "sort_order",
            "is_active",
        ]
        widgets = {"method": forms.Textarea(attrs={"rows": 2})}


class ExemptionsForm(forms.Form):
    criteria = forms.ModelMultipleChoiceField(
        label=_("Items that do not apply"),
        queryset=Criterion._base_manager.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)

    def __init__(self, *args: Any, standard: Standard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = standard.criteria.filter(is_active=True)


class InspectionStartForm(CommunityModelForm):
    def __init__(self, *args: Any, windows: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = windows

    class Meta:
        model = Inspection
        fields = ["window", "inspected_on", "note"]
        widgets = {"inspected_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class DeductionForm(CommunityModelForm):
    class Meta:
        model = Deduction
        fields = ["points", "reason", "photo"]
        widgets = {
            "points": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "inputmode": "decimal"}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        }


class VetoForm(forms.Form):
    veto_reason = forms.CharField(label=_("What triggered the veto"), max_length=200)


CORRECTION_ACTIONS = [
    (services.Correction.ADD, _("Add a deduction")),
    (services.Correction.WITHDRAW, _("Withdraw a deduction")),
    (services.Correction.VETO, _("Trigger a veto")),
    (services.Correction.LIFT_VETO, _("Lift a veto")),
]


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.ChoiceField(label=_("what it does"), choices=CORRECTION_ACTIONS)
    line = forms.ModelChoiceField(
        label=_("item"), queryset=InspectionLine._base_manager.none(), required=False
    )
    deduction = forms.ModelChoiceField(
        label=_("deduction"), queryset=Deduction._base_manager.none(), required=False
    )
    points = forms.DecimalField(label=_("points off"), max_digits=4, decimal_places=1, required=False)
    detail = forms.CharField(label=_("reason for the deduction or veto"), max_length=200, required=False)

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = inspection.lines.select_related("criterion")
        self.fields["line"].label_from_instance = lambda line: str(line.criterion)
        self.fields["deduction"].queryset = Deduction.objects.filter(
            line__inspection=inspection, withdrawn_by=None
        ).select_related("line__criterion")
        self.fields["deduction"].label_from_instance = lambda d: (
            f"{d.line.criterion.code} −{d.points} {d.reason}"
        )


class RectifyForm(forms.Form):
    rectification = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class CallbackForm(forms.Form):
    callback_result = forms.ChoiceField(
        label=_("resident's satisfaction on call-back"),
        choices=CallbackResult.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("call-back note"), max_length=300, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("Why it is reopened"), max_length=300)


class AppealForm(forms.Form):
    ground = forms.ChoiceField(label=_("ground"), choices=AppealGround.choices, widget=forms.RadioSelect)
    statement = forms.CharField(label=_("statement"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecisionForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Uphold: remove the rating from scores")), ("0", _("Reject: the ticket resumes"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    decision_note = forms.CharField(
        label=_("reasons for the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )


class BenchmarkForm(CommunityModelForm):
    community_querysets = {
        "window": lambda form: Unit.objects.filter(kind=UnitKind.WINDOW, is_active=True).order_by(
            "parent__sort_order", "sort_order"
        )
    }

    class Meta:
        model = BenchmarkTitle
        fields = ["window", "year", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class PolicyForm(CommunityModelForm):
    class Meta:
        model = Policy
        fields = ["ticket_deadline_workdays"]
