"""Forms of the health pages; every save goes through ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sanjian.health.models import (
    ARCHIVE_FIELDS,
    VISIT_FIELDS,
    Condition,
    FollowUpRule,
    HealthArchive,
    OutreachEvent,
    OutreachKind,
    Visit,
    VisitMethod,
)
from sanjian.lib.imports import split_list
from sanjian.members.models import Person
from sanjian.tenancy.forms import CommunityModelForm
from sanjian.tenancy.models import Membership
from sanjian.tenancy.roles import Role


def doctors_of(community: Any) -> Any:
    """The users who hold a medical role in ``community``: who may be responsible."""
    ids = Membership.objects.filter(community=community, role__in=(Role.MEDICAL, Role.MEDICAL_LEAD)).values(
        "user_id"
    )
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("first_name", "username")


class DoctorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: Any) -> str:
        return user.get_full_name() or user.get_username()


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ArchiveForm(CommunityModelForm):
    conditions = forms.ModelMultipleChoiceField(
        Condition.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("chronic conditions"),
    )
    doctor = DoctorChoiceField(get_user_model().objects.none(), required=False, label=_("responsible doctor"))

    class Meta:
        model = HealthArchive
        fields = ["person", "number", *ARCHIVE_FIELDS, "note"]
        widgets = {
            "allergies": forms.Textarea(attrs={"rows": 2}),
            "past_history": forms.Textarea(attrs={"rows": 3}),
            "medications": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conditions"].queryset = Condition.objects.filter(is_active=True)
        self.fields["doctor"].queryset = doctors_of(self.community)
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Left empty, the next free number is given.")
        if self.instance.pk:
            del self.fields["person"]
            self.initial.setdefault("conditions", [d.condition for d in self.instance.diagnoses.all()])
        else:
            self.fields["person"].queryset = Person.objects.filter(is_active=True).exclude(
                pk__in=HealthArchive.objects.values("person_id")
            )

    def validate_unique(self) -> None:
        # The number may be left empty (the service gives one); the service checks the rest.
        if self.cleaned_data.get("number"):
            super().validate_unique()


class VisitForm(CommunityModelForm):
    """The follow-up form, made for a phone: one column, numbers with a numeric keyboard."""

    class Meta:
        model = Visit
        fields = VISIT_FIELDS
        widgets = {
            "date": DATE,
            "next_date": DATE,
            "method": forms.RadioSelect,
            "medications": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = VisitMethod.choices  # a radio list without the empty choice
        for name in ("systolic", "diastolic", "spo2"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        for name in ("fasting_glucose", "weight_kg"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        self.fields["next_date"].help_text = _(
            "After a change of medication or a referral it is set within 14 days when left empty."
        )


class OutreachForm(CommunityModelForm):
    """An outreach event. The people served are those with an archive, named by archive number
    (typed or scanned on a phone, not picked from 400 names), plus a count of the others."""

    served_numbers = forms.CharField(
        label=_("served, with an archive"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocapitalize": "off"}),
        help_text=_("Their archive numbers, separated by spaces, commas or new lines."),
    )
    others = forms.IntegerField(
        label=_("others served"),
        min_value=0,
        max_value=100000,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("People served who have no archive, or whose archive is not known: a count only."),
    )

    class Meta:
        model = OutreachEvent
        fields = ["kind", "title", "date", "place", "staff", "materials", "note"]
        widgets = {
            "date": DATE,
            "kind": forms.RadioSelect,
            "materials": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OutreachKind.choices
        if self.instance.pk:
            numbers = [s.archive.number for s in self.instance.served.select_related("archive")]
            self.initial.setdefault("served_numbers", " ".join(sorted(numbers)))
            self.initial.setdefault("others", max(self.instance.people_served - len(numbers), 0))

    def clean_served_numbers(self) -> list[HealthArchive]:
        numbers = split_list(self.cleaned_data["served_numbers"], spaces=True)
        found = {a.number: a for a in HealthArchive.objects.filter(number__in=numbers)}
        unknown = [n for n in numbers if n not in found]
        if unknown:
            raise forms.ValidationError(
                _("No archive has the number %(numbers)s.") % {"numbers": _(", ").join(unknown)}
            )
        return [found[n] for n in numbers]

    def served(self) -> list[HealthArchive]:
        return self.cleaned_data["served_numbers"]

    def people_served(self) -> int:
        return len(self.served()) + self.cleaned_data["others"]


class RuleForm(CommunityModelForm):
    """A condition's follow-up rule, kept by the medical lead."""

    class Meta:
        model = FollowUpRule
        fields = ["visits_per_year", "annual_check", "face_to_face_only", "urgent_days", "is_active"]
        widgets = {"urgent_days": forms.NumberInput(attrs={"inputmode": "numeric"})}
