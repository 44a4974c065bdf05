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


def scope_queryset(qs: models.QuerySet, fields: tuple[str, ...] = ("community",)) -> models.QuerySet:
    """Filter ``qs`` to the communities in scope, or return a queryset that refuses to run.

    ``fields`` names the community fields a row may be seen through (a transfer between two
    communities is seen by both): a row matches when any of them is in scope.
    """
    current = get_scope()
    if not current.get("_enabled", True):
        return qs
    value = current.get("community")
    if value is None:
        # None is refused too: "no community" must never mean "every community".
        return RefusingQuerySet(qs.model, using=qs.db, missing_scopes={"community"})
    many = isinstance(value, list | tuple | set | frozenset)
    ids = [getattr(v, "pk", v) for v in (value if many else [value])]
    condition = models.Q()
    for field in fields:
        condition |= models.Q(**{f"{field}_id__in": ids}) if many else models.Q(**{f"{field}_id": ids[0]})
    return qs.filter(condition)


class CommunityManager(models.Manager):
    #: The community fields through which a row is visible; see ``scope_queryset``.
    scope_fields: tuple[str, ...] = ("community",)

    def get_queryset(self) -> models.QuerySet:
        return scope_queryset(super().get_queryset(), self.scope_fields)

    def all(self) -> models.QuerySet:
        qs = self.get_queryset()
        return qs.all() if isinstance(qs, DisabledQuerySet) else qs


class ScopedHistoryManager(HistoryManager):
    """History rows of a community-owned model are scoped like the model itself."""

    def get_super_queryset(self) -> models.QuerySet:
        return scope_queryset(super().get_super_queryset())
