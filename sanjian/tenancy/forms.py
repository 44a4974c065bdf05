"""The ModelForm of community-owned records: the community comes from the request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.forms.models import ModelFormMetaclass

from sanjian.tenancy.models import Community, CommunityOwned


def _is_community_owned(model: type | None) -> bool:
    return isinstance(model, type) and issubclass(model, CommunityOwned)


def _scoped_formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    # At class creation no community is in scope: start related fields empty and let
    # CommunityModelForm.__init__ give them the request's community's records.
    if field.is_relation and _is_community_owned(field.related_model):
        kwargs.setdefault("queryset", field.related_model._base_manager.none())
    return field.formfield(**kwargs)


class _CommunityFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name: str, bases: tuple, attrs: dict[str, Any]) -> type:
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(_scoped_formfield)
        return super().__new__(mcs, name, bases, attrs)


class CommunityModelForm(forms.ModelForm, metaclass=_CommunityFormMetaclass):
    """A ModelForm for a community-owned model.

    The community comes from the request, never from the form; it is set on the instance before
    validation so that the model's per-community unique constraints are checked like any other
    field (a plain ModelForm skips constraints on fields it does not show). Every related-record
    field lists only the request's community's records; ``community_querysets`` narrows a field
    further (a callable taking the form, run inside the request's scope).
    """

    community_querysets: dict[str, Any] = {}

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.community = community
        self.instance.community = community
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and _is_community_owned(field.queryset.model):
                narrow = self.community_querysets.get(name)
                field.queryset = narrow(self) if narrow else field.queryset.model.objects.all()

    def _get_validation_exclusions(self) -> set[str]:
        exclude = super()._get_validation_exclusions()
        exclude.discard("community")
        return exclude
