from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanjian.lib.forms import DateInput
from sanjian.members.models import (
    PARTY_DATES,
    PARTY_FIELDS,
    DuesCategory,
    Meeting,
    MeetingKind,
    PartyMember,
    Person,
)
from sanjian.members.validators import normalise_id_number
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.forms import CommunityModelForm


class PersonForm(CommunityModelForm):
    community_querysets = {
        "unit": lambda form: Unit.objects.exclude(kind=UnitKind.BRANCH).filter(is_active=True)
    }

    class Meta:
        model = Person
        fields = [
            "name",
            "gender",
            "id_number",
            "birth_date",
            "phone",
            "employee_number",
            "category",
            "unit",
            "post",
            "dormitory_room",
            "photo",
            "user",
            "is_active",
            "note",
        ]
        widgets = {"birth_date": DateInput()}
        help_texts = {"birth_date": _("Left empty, it is read from the ID number.")}

    def __init__(self, *args: Any, full_id: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not full_id and self.instance.pk:
            # Who may not see a full ID number may not change it either.
            del self.fields["id_number"]
        # Only the logins of this community can be linked: never list another community's users.
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(memberships__community=self.community)
            .distinct()
            .order_by("username")
        )

    def clean_id_number(self) -> str:
        return normalise_id_number(self.cleaned_data["id_number"])


class PartyMemberForm(CommunityModelForm):
    community_querysets = {
        "branch": lambda form: Unit.objects.filter(kind=UnitKind.BRANCH, is_active=True),
        "leader": lambda form: Person.objects.filter(is_active=True).exclude(pk=form.instance.person_id),
        "cadre": lambda form: Person.objects.filter(is_active=True).exclude(pk=form.instance.person_id),
        "post_unit": lambda form: Unit.objects.exclude(kind__in=[UnitKind.BRANCH, UnitKind.GENERAL_BRANCH]),
    }

    class Meta:
        model = PartyMember
        fields = PARTY_FIELDS
        widgets = {name: DateInput() for name in PARTY_DATES}


class MeetingForm(CommunityModelForm):
    community_querysets = {"branch": lambda form: form.branch_choices}

    class Meta:
        model = Meeting
        fields = ["branch", "kind", "held_on", "topic", "location", "minutes"]
        widgets = {"held_on": DateInput(), "minutes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, branch_choices: Any, **kwargs: Any) -> None:
        self.branch_choices = branch_choices
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MeetingKind.choices


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file"))
    title = forms.CharField(label=_("title"), max_length=100, required=False)


class DuesBaseForm(forms.Form):
    valid_from = forms.DateField(label=_("in force from"), widget=DateInput())
    category = forms.ChoiceField(
        label=_("dues category"), choices=DuesCategory.choices, initial=DuesCategory.INCOME, required=False
    )
    monthly_income = forms.DecimalField(
        label=_("after-tax monthly income"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text=_("By income only; leave empty for a fixed-amount category."),
    )
    fixed_amount = forms.DecimalField(
        label=_("fixed monthly dues"),
        max_digits=4,
        decimal_places=2,
        required=False,
        help_text=_("Farmer members only: between 0.20 and 2.00 yuan a month."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate().replace(day=1)


class DuesPaymentForm(forms.Form):
    month = forms.DateField(
        label=_("month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    amount_paid = forms.DecimalField(label=_("amount paid"), min_value=0, max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("paid on"), widget=DateInput())
    paid_by = forms.ModelChoiceField(
        label=_("paid on behalf by"),
        queryset=Person._base_manager.none(),
        required=False,
        help_text=_("Leave empty when the member pays in person."),
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_by"].queryset = Person.objects.filter(is_active=True)
        today = timezone.localdate()
        self.fields["paid_on"].initial = today
        self.fields["month"].initial = today.replace(day=1)


class TransferForm(forms.Form):
    to_branch = forms.TypedChoiceField(label=_("to branch"), coerce=int, required=False, empty_value=None)
    destination = forms.CharField(
        label=_("destination organisation"),
        max_length=200,
        required=False,
        help_text=_("Only for a transfer out of the company."),
    )
    letter_number = forms.CharField(label=_("letter number"), max_length=60, required=False)
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)

    def __init__(self, *args: Any, branches: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.branches = {b.pk: b for b in branches}
        self.fields["to_branch"].choices = [("", _("Out of the company"))] + [
            (b.pk, f"{b.community.name} · {b.name}") for b in branches
        ]

    def clean_to_branch(self) -> Unit | None:
        value = self.cleaned_data["to_branch"]
        return self.branches[value] if value is not None else None


class RejectForm(forms.Form):
    rejection = forms.CharField(label=_("reason for rejection"), max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("roster (.xlsx)"))


class AnonymiseForm(forms.Form):
    """Anonymising cannot be undone: it asks for the reason, recorded in history, and an explicit yes."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=100,
        help_text=_("Recorded in the person's history, e.g. the request of the person and its date."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the name, ID number, phone and room are replaced for good"),
        required=True,
    )
