from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanjian.lib.forms import DateInput
from sanjian.org.models import Linkage, RuleDocument, StandardItem, Unit, UnitKind
from sanjian.tenancy.forms import CommunityModelForm


class UnitForm(CommunityModelForm):
    community_querysets = {
        "parent": lambda form: Unit.objects.filter(
            kind__in=[UnitKind.GENERAL_BRANCH, UnitKind.OFFICE, UnitKind.NETWORK]
        ).exclude(pk=form.instance.pk)
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Links, memberships and scores rely on a unit's kind: it is fixed once created.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("The kind of a unit cannot change; create a new unit instead.")

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


class UnitContactForm(CommunityModelForm):
    """What a unit keeps up to date itself: where it is and how to reach it."""

    class Meta:
        model = Unit
        fields = ["location", "phone", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
