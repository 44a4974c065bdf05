from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanjian.lib.forms import CommunityModelForm, DateInput
from sanjian.org.models import Linkage, RuleDocument, StandardItem, Unit, UnitKind


class UnitForm(CommunityModelForm):
    community_querysets = {
        "parent": lambda form: Unit.objects.filter(
            kind__in=[UnitKind.GENERAL_BRANCH, UnitKind.OFFICE, UnitKind.NETWORK]
        ).exclude(pk=form.instance.pk)
    }

    class Meta:
        model = Unit
        fields = [
            "kind",
            "name",
            "code",
            "parent",
            "network_type",
            "location",
            "phone",
            "description",
            "sort_order",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LinkageForm(CommunityModelForm):
    community_querysets = {
        "office": lambda form: Unit.objects.filter(kind=UnitKind.OFFICE, is_active=True),
        "supervisor": lambda form: Unit.objects.filter(kind=UnitKind.SUPERVISOR, is_active=True),
    }

    class Meta:
        model = Linkage
        fields = ["office", "supervisor", "note"]


class RuleDocumentForm(CommunityModelForm):
    class Meta:
        model = RuleDocument
        fields = ["title", "number", "issuer", "category", "effective_date", "summary", "file", "is_current"]
        widgets = {"effective_date": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}


class StandardItemForm(CommunityModelForm):
    class Meta:
        model = StandardItem
        fields = ["code", "title", "description", "sort_order", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class BranchCheckForm(forms.Form):
    met = forms.BooleanField(label=_("met"), required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class UnitContactForm(CommunityModelForm):
    """What a unit keeps up to date itself: where it is and how to reach it."""

    class Meta:
        model = Unit
        fields = ["location", "phone", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
