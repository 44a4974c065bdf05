"""The API's base: every community endpoint is scoped, permissioned and 404s for outsiders."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request

from sanjian.tenancy.access import Access


class CommunityViewSetMixin:
    """Mix into a DRF view under /api/v1/c/<community_slug>/.

    ``CommunityMiddleware`` has put the community in scope; here, after DRF has authenticated
    the caller (session or token), the caller's access is resolved: none → 404, like the pages.
    ``read_permission`` guards safe methods, ``write_permission`` the others. A view narrows what
    the caller reads in ``readable()`` (``get_queryset`` by default).
    """

    read_permission: str = ""
    write_permission: str = ""
    #: The model the view reads, where its serializer does not say (one that changes with the action).
    model: type[Model] | None = None
    access: Access

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        community = request.community
        # The middleware resolved the access of a session user; a token user is known only now.
        access = getattr(request._request, "access", None)
        if access is None or access.user != request.user:
            access = Access.resolve(request.user, community) if community is not None else None
        if access is None:
            raise NotFound
        self.access = access
        perm = self.read_permission if request.method in ("GET", "HEAD", "OPTIONS") else self.write_permission
        if not perm or not access.can(perm):
            raise PermissionDenied

    def get_queryset(self) -> QuerySet:
        # The schema generator has no community and no caller: it gets an empty queryset.
        if getattr(self, "swagger_fake_view", False):
            return (self.model or self.get_serializer_class().Meta.model).objects.none()
        return self.readable()

    def readable(self) -> QuerySet:
        """The records the caller may read, in the request's community."""
        return super().get_queryset()


class CommunityReadOnlyViewSet(CommunityViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Records the API only shows: what it counts or what another body decides (boards,
    rankings, flags) is written through the pages that keep the rules."""


class CommunityAppendViewSet(CommunityViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Records the API adds but never changes (ratings, hour logs, inspections, visits): a
    correction is a record of its own or goes through the page that keeps its rules."""


class CommunityEditViewSet(
    CommunityViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Records the API adds and changes. Changes are PATCH, field by field: a whole-record PUT
    would empty every field the caller did not send."""

    http_method_names = ["get", "post", "patch", "head", "options"]


class CommunityRelatedField(serializers.PrimaryKeyRelatedField):
    """A related-record field that accepts only records of the request's community.

    The queryset is taken at request time, inside the community scope; a class-level
    ``Model.objects.all()`` would run before any community is in scope.
    """

    def __init__(self, model: type, **kwargs: Any) -> None:
        self.model = model
        if not kwargs.get("read_only"):
            kwargs["queryset"] = model._base_manager.none()
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        return self.model.objects.all()
