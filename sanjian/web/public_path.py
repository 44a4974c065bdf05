"""A short middleware chain for the pages residents open without an account.

The QR rating page and its thanks page, the window's public page, the TV board and the
certificate check (every view marked ``@public_view``) need none of the back office's
middleware when the visitor has no session: no session to load, no user to look up, no
messages, no history context, no htmx details, no lockout page. ``PublicPathMiddleware`` stands
first in ``MIDDLEWARE``; for such a request it resolves the URL once and hands it to
``PUBLIC_MIDDLEWARE`` (security headers and policy, language, CSRF, frame options, the community) and the
view, so the middleware that does not apply is never called. Every other request, and a
public page opened by someone logged in (who sees the usual layout), takes the full chain.

CSRF stays on the short chain. The signed window token is printed on a poster: it tells which
window, not who sends the rating. Without CSRF any web page could make its visitors' browsers
post ratings, each from its own address and without the device cookie (SameSite), which the
per-address limit cannot tell from real residents. The check costs microseconds.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string

PUBLIC_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sanjian.lib.security.ContentSecurityPolicyMiddleware",
    "sanjian.lib.replica.ReplicaPinMiddleware",
    "sanjian.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sanjian.tenancy.middleware.CommunityMiddleware",
]


class PublicPathMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)  # its process_view, as the handler calls it
        handler = convert_exception_to_response(self._view)
        for path in reversed(PUBLIC_MIDDLEWARE):
            try:
                handler = convert_exception_to_response(import_string(path)(handler))
            except MiddlewareNotUsed:  # as Django's own handler does
                continue
        self.public = handler

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES or request.path_info.startswith(
            settings.STATIC_URL
        ):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        request.sanjian_match = match  # CommunityMiddleware need not resolve again
        if not getattr(match.func, "sanjian_public", False):
            return self.get_response(request)
        request.resolver_match = match
        request.user = AnonymousUser()
        return self.public(request)

    def _view(self, request: HttpRequest) -> HttpResponse:
        match = request.resolver_match
        response = self.csrf.process_view(request, match.func, match.args, match.kwargs)
        if response is None:
            response = match.func(request, *match.args, **match.kwargs)
        if response is None:
            raise ValueError(f"The view {match.func.__module__}.{match.func.__qualname__} returned None.")
        return response
