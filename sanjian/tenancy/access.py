"""Who may do what in the community of a request.

``Access`` is built once per request by ``CommunityMiddleware`` (and by the API's base view,
after token authentication) from the user's memberships. A membership without a unit acts on
the whole community; a membership tied to a unit acts on that unit's reach: the unit, the
units under it and, for an office department or supervising unit, the windows it guarantees
(保包).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from sanjian.lib import registries
from sanjian.tenancy.models import Community, Company, Membership
from sanjian.tenancy.roles import COMPANY_ROLES, roles_with

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AbstractBaseUser


@dataclass
class Access:
    user: AbstractBaseUser
    community: Community
    memberships: tuple[Membership, ...]
    is_operator: bool = False
    _reach_cache: dict[int, frozenset[int]] = field(default_factory=dict, repr=False)

    @classmethod
    def resolve(cls, user: AbstractBaseUser, community: Community) -> Access | None:
        """The user's access to ``community``, or None when the user may not even know it exists."""
        if not user.is_authenticated or not user.is_active:
            return None
        memberships = tuple(
            Membership.objects.filter(user=user)
            .filter(Q(community=community) | Q(company_id=community.company_id, role__in=COMPANY_ROLES))
            .select_related("unit")
        )
        # Superusers run the back office for every company; they enter any community.
        if not memberships and not user.is_superuser:
            return None
        return cls(user=user, community=community, memberships=memberships, is_operator=user.is_superuser)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    def has_role(self, *roles: str) -> bool:
        return self.is_operator or bool(self.roles.intersection(roles))

    def can(self, perm: str, unit: Any = None) -> bool:
        """Whether the user holds ``perm``; with ``unit``, whether it holds it for that unit."""
        if self.is_operator:
            return True
        granted = roles_with(perm)
        for membership in self.memberships:
            if membership.role not in granted:
                continue
            if unit is None or membership.unit_id is None or unit.pk in self._reach(membership):
                return True
        return False

    def reach(self, perm: str) -> frozenset[int] | None:
        """Ids of the units the user may act on with ``perm``; None means the whole community."""
        if self.is_operator:
            return None
        granted = roles_with(perm)
        ids: set[int] = set()
        for membership in self.memberships:
            if membership.role not in granted:
                continue
            if membership.unit_id is None:
                return None
            ids |= self._reach(membership)
        return frozenset(ids)

    def require(self, perm: str, unit: Any = None) -> None:
        if not self.can(perm, unit):
            raise PermissionDenied

    def reach_of(self, membership: Membership) -> frozenset[int]:
        """The unit ids one unit-tied membership acts on (its unit, what is under it and,
        for an office department or a supervising unit, the windows it guarantees)."""
        return self._reach(membership)

    def _reach(self, membership: Membership) -> frozenset[int]:
        if membership.unit_id not in self._reach_cache:
            # The apps above tenancy say what a unit reaches (org: its subtree and the windows it
            # guarantees) through the unit-reach hooks; tenancy knows only the unit itself.
            reach = {membership.unit_id}
            for hook in registries.unit_reach.all():
                reach |= hook.reach(membership.unit)
            self._reach_cache[membership.unit_id] = frozenset(reach)
        return self._reach_cache[membership.unit_id]


def company_access(user: AbstractBaseUser, company: Company) -> bool:
    """Whether the user sits on ``company``'s community party committee (or runs the back office)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, company=company, role__in=COMPANY_ROLES).exists()


def community_view(perm: str | None = None) -> Callable:
    """Decorate a view under /c/<slug>/: drops the slug (the middleware resolved it into
    ``request.community``) and refuses users without ``perm`` with 403.

    Users without any access never get here: the middleware answered them 404 or sent them to log in.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, community_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if perm is not None:
                request.access.require(perm)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def company_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view under /company/<slug>/: drops the slug (the middleware resolved it into
    ``request.company``, answered 404 to anyone not on its committee, and put the company's
    communities in scope)."""

    @wraps(view)
    def wrapper(request: HttpRequest, company_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, **kwargs)

    return wrapper


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view under /c/<slug>/ as open to anyone (residents rating by QR code)."""
    view.sanjian_public = True
    return view


def community_url(request: HttpRequest, name: str, *args: object) -> str:
    """``reverse`` for a page of the request's community: ``community_url(request, "org:unit", 3)``."""
    return reverse(name, args=[request.community.slug, *args])
