"""Tenancy is structural: a community-owned model cannot be queried without a community."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django_scopes import ScopeError, scope, scopes_disabled

from sanjian.org.models import Unit
from sanjian.tenancy.models import Community, CommunityOwned, Membership

# Read by user, before any community is in scope, to find which communities a user may enter.
NOT_SCOPED = {Membership, Membership.history.model}


def _community_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        field = next((f for f in model._meta.fields if f.name == "community"), None)
        if field is not None and field.related_model is Community and model not in NOT_SCOPED:
            found.append(model)
    return found


COMMUNITY_MODELS = _community_models()


def test_there_are_community_owned_models_to_check():
    assert Unit in COMMUNITY_MODELS
    assert Unit.history.model in COMMUNITY_MODELS


@pytest.mark.parametrize("model", COMMUNITY_MODELS, ids=lambda m: m._meta.label)
def test_it_refuses_a_query_without_a_community(db, model):
    with pytest.raises(ScopeError):
        list(model._default_manager.all())
    with pytest.raises(ScopeError):
        model._default_manager.filter(pk=1).exists()
    with pytest.raises(ScopeError):
        model._default_manager.count()
    with pytest.raises(ScopeError):
        model._default_manager.exists()
    with pytest.raises(ScopeError):
        model._default_manager.exclude(pk=1).exists()
    with pytest.raises(ScopeError):
        list(model._base_manager.filter(pk__in=model._default_manager.get_queryset()))


@pytest.mark.parametrize("model", COMMUNITY_MODELS, ids=lambda m: m._meta.label)
def test_it_filters_by_the_community_in_scope(db, model):
    with scope(community=42):
        sql = str(model._default_manager.all().query)
    assert '"community_id" = 42' in sql


@pytest.mark.parametrize("model", COMMUNITY_MODELS, ids=lambda m: m._meta.label)
def test_every_community_model_is_owned_or_the_history_of_an_owned_one(model):
    owner = getattr(model, "instance_type", model)  # historical models point at their model
    assert issubclass(owner, CommunityOwned)


@pytest.mark.parametrize(
    "model", [m for m in COMMUNITY_MODELS if issubclass(m, CommunityOwned)], ids=lambda m: m._meta.label
)
def test_unique_constraints_include_the_community(model):
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            assert "community" in constraint.fields, constraint.name
    for field in model._meta.fields:
        if field.unique and not field.primary_key:
            # A one-to-one to another community-owned record is unique within its community.
            assert isinstance(field, models.OneToOneField) and issubclass(field.related_model, CommunityOwned)


def test_a_query_in_scope_sees_only_that_community(world):
    with scope(community=world.community.pk):
        names = set(Unit.objects.values_list("name", flat=True))
    assert "甲窗口" in names
    assert "远方窗口" not in names


def test_a_company_scope_sees_its_communities_and_no_other(world):
    with scopes_disabled():
        ids = [world.community.pk, world.neighbour_community.pk]
    with scope(community=ids):
        communities = set(Unit.objects.values_list("community_id", flat=True))
    assert communities == {world.community.pk}  # the neighbour has no units; the other company's are out


def test_a_scope_of_none_is_refused_not_treated_as_everything(world):
    with scope(community=None), pytest.raises(ScopeError):
        list(Unit.objects.all())


def test_history_rows_are_scoped_like_their_records(world):
    with scope(community=world.other_community.pk):
        assert not Unit.history.filter(name="甲窗口").exists()
    with scope(community=world.community.pk):
        assert Unit.history.filter(name="甲窗口").exists()
