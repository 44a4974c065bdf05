"""The one scoping mechanism for community-owned rows.

Every community-owned model's default manager filters by the community that is in scope
(``django_scopes.scope(community=...)``, set by ``CommunityMiddleware`` for each request), and
refuses to run at all when none is: a forgotten filter raises ``ScopeError`` instead of leaking
another community's rows. A company-level page puts a list of community ids in scope.
``scopes_disabled()`` is for the back office, management commands and migrations.
"""

from __future__ import annotations

from django.db import models
from django_scopes import ScopeError, get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet
from simple_history.manager import HistoryManager

__all__ = ["CommunityManager", "ScopeError", "ScopedHistoryManager", "scope", "scopes_disabled"]


class RefusingQuerySet(DisabledQuerySet):
    """django-scopes' refusing queryset, closed further: it leaves ``exists()``, ``exclude()``
    and use as a subquery open, which would run across every community."""

    exists = DisabledQuerySet.error
    contains = DisabledQuerySet.error
    explain = DisabledQuerySet.error
    exclude = DisabledQuerySet.error
    in_bulk = DisabledQuerySet.error
    resolve_expression = DisabledQuerySet.error


def scope_queryset(qs: models.QuerySet) -> models.QuerySet:
    """Filter ``qs`` to the communities in scope, or return a queryset that refuses to run."""
    current = get_scope()
    if not current.get("_enabled", True):
        return qs
    value = current.get("community")
    if value is None:
        # None is refused too: "no community" must never mean "every community".
        return RefusingQuerySet(qs.model, using=qs.db, missing_scopes={"community"})
    if isinstance(value, list | tuple | set | frozenset):
        return qs.filter(community_id__in=list(value))
    return qs.filter(community_id=getattr(value, "pk", value))


class CommunityManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return scope_queryset(super().get_queryset())

    def all(self) -> models.QuerySet:
        qs = self.get_queryset()
        return qs.all() if isinstance(qs, DisabledQuerySet) else qs


class ScopedHistoryManager(HistoryManager):
    """History rows of a community-owned model are scoped like the model itself."""

    def get_super_queryset(self) -> models.QuerySet:
        return scope_queryset(super().get_super_queryset())
