from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled
from rest_framework.views import APIView

from sanjian.tenancy.access import Access, company_access
from sanjian.tenancy.models import Company
from sanjian.tenancy.selectors import community_for_slug


def _is_api(func: Callable) -> bool:
    cls = getattr(func, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)


class CommunityMiddleware:
    """Resolve the community (or company) of a request and put it in scope for the whole request.

    A URL with ``<community_slug>`` runs inside ``scope(community=...)`` with ``request.community``
    and ``request.access`` set. A user without access to that community gets 404, the same answer
    as for a community that does not exist, so that existence does not leak. Anonymous users are
    sent to log in, except on public views and on API views (DRF authenticates those itself and
    ``CommunityAPIView`` repeats the access check). The back office runs with scopes disabled.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.community = None
        request.company = None
        request.access = None
        match = getattr(request, "sanjian_match", None)  # resolved already by PublicPathMiddleware
        if match is None:
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
        if match.app_name == "admin":
            with scopes_disabled():
                return self.get_response(request)
        if "community_slug" in match.kwargs:
            return self._community(request, match.kwargs["community_slug"], match.func)
        if "company_slug" in match.kwargs:
            return self._company(request, match.kwargs["company_slug"])
        return self.get_response(request)

    def _community(self, request: HttpRequest, slug: str, func: Callable) -> HttpResponse:
        public = getattr(func, "sanjian_public", False)
        if not request.user.is_authenticated and not public and not _is_api(func):
            # Before the lookup, so that an anonymous visitor cannot tell which communities exist.
            return redirect_to_login(request.get_full_path())
        community = community_for_slug(slug)
        if community is None and _is_api(func) and not request.user.is_authenticated:
            # DRF authenticates the caller first (401 for none or a bad token), then
            # CommunityViewSetMixin answers 404: the same answer as for an existing community.
            return self.get_response(request)
        if community is None:
            raise Http404
        if request.user.is_authenticated:
            request.access = Access.resolve(request.user, community)
            if request.access is None and not public:
                # Before request.community is set: the 404 page must not name the community
                # (its layout shows the community of the request).
                raise Http404
        request.community = community
        with scope(community=community.pk):
            return self.get_response(request)

    def _company(self, request: HttpRequest, slug: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        company = Company.objects.filter(slug=slug).first()
        if company is None or not company_access(request.user, company):
            raise Http404
        request.company = company
        ids = list(company.communities.filter(is_active=True).values_list("pk", flat=True))
        with scope(community=ids):
            return self.get_response(request)
