"""Forms of the dedication pages. They only read and check input; the services write."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanjian.dedication.models import (
    ACTIVITY_FIELDS,
    PROJECT_FIELDS,
    Activity,
    BenefitEntry,
    Project,
    ProjectStatus,
    SignUp,
)
from sanjian.lib.forms import DateInput, SensibleDateTimeField
from sanjian.members.models import Person
from sanjian.members.widgets import pick_person
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.forms import CommunityModelForm


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; Django reads its ISO value in the local timezone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ProjectForm(CommunityModelForm):
    community_querysets = {
        "leader": lambda form: Person.objects.filter(is_active=True).order_by("name"),
        "branches": lambda form: Unit.objects.filter(kind=UnitKind.BRANCH, is_active=True).order_by("code"),
    }

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "branches": forms.CheckboxSelectMultiple,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class BenefitForm(CommunityModelForm):
    class Meta:
        model = BenefitEntry
        fields = ["kind", "occurred_on", "amount", "basis", "evidence"]
        widgets = {"occurred_on": DateInput(), "basis": forms.Textarea(attrs={"rows": 3})}


class ActivityForm(CommunityModelForm):
    """Leaders choose the organiser among people with a login; a party member organises their own."""

    community_querysets = {
        "project": lambda form: Project.objects.filter(
            ~Q(status=ProjectStatus.COMPLETED) | Q(pk=form.instance.project_id)
        ).order_by("name"),
        "organiser": lambda form: Person.objects.filter(is_active=True, user__isnull=False).order_by("name"),
    }

    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS
        field_classes = {"starts_at": SensibleDateTimeField, "ends_at": SensibleDateTimeField}
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, organiser: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organiser is not None:
            del self.fields["organiser"]
            if not self.instance.pk:
                self.instance.organiser = organiser


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)


class HandMarkForm(forms.Form):
    """The organiser's record that someone worked at the activity."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    started_at = SensibleDateTimeField(label=_("Started at"), widget=DateTimeInput())
    ended_at = SensibleDateTimeField(label=_("Ended at"), widget=DateTimeInput())
    note = forms.CharField(label=_("Work done"), max_length=200, required=False)

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(is_active=True).order_by("name")
        pick_person(self.fields["person"], activity.community.slug)
        if not self.is_bound:
            self.initial.setdefault("started_at", timezone.localtime(activity.starts_at))
            self.initial.setdefault("ended_at", timezone.localtime(activity.ends_at))


class OwnLogForm(forms.Form):
    """A member's own log, for an activity they signed up for that has begun."""

    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none())
    started_at = SensibleDateTimeField(label=_("Started at"), widget=DateTimeInput())
    ended_at = SensibleDateTimeField(label=_("Ended at"), widget=DateTimeInput())
    note = forms.CharField(label=_("Work done"), max_length=200, required=False)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        signed_up = SignUp.objects.filter(person=person).values("activity")
        self.fields["activity"].queryset = Activity.objects.filter(
            pk__in=signed_up, is_cancelled=False, starts_at__lte=timezone.now()
        ).order_by("-starts_at")


class CorrectionForm(forms.Form):
    """New times for a log; ``reason`` is required when a verifier corrects."""

    started_at = SensibleDateTimeField(label=_("Started at"), widget=DateTimeInput())
    ended_at = SensibleDateTimeField(label=_("Ended at"), widget=DateTimeInput())
    note = forms.CharField(label=_("Work done"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=100, required=False)

    def __init__(self, *args: Any, reason_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=200)


def log_initial(started_at: datetime.datetime, ended_at: datetime.datetime, note: str) -> dict[str, Any]:
    return {
        "started_at": timezone.localtime(started_at),
        "ended_at": timezone.localtime(ended_at),
        "note": note,
    }
