from __future__ import annotations

import errno
import sys
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sanjian.lib.registries import navigation, sections
from sanjian.reports.views.overview import render_panels
from sanjian.tenancy.access import Access, community_url, community_view
from sanjian.tenancy.models import Membership
from sanjian.tenancy.roles import Role
from sanjian.tenancy.selectors import communities_for_user, companies_for_user


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not: for load balancers and systemd."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Straight into the user's community when there is only one; otherwise a choice."""
    communities = list(communities_for_user(request.user))
    companies = list(companies_for_user(request.user))
    if len(communities) == 1 and not companies:
        slug = communities[0].slug
        # Medical staff start from their overdue follow-ups, the work of the day.
        if _only_medical(request.user, communities[0]):
            return redirect("health:overdue", community_slug=slug)
        # Plain party members start from their own page (the dashboard sends them there too).
        access = Access.resolve(request.user, communities[0])
        if access is not None and not access.can("reports.dashboard"):
            return redirect("my_home", community_slug=slug)
        return redirect("reports:dashboard", community_slug=slug)
    return render(request, "web/home.html", {"communities": communities, "companies": companies})


def _only_medical(user: Any, community: Any) -> bool:
    roles = set(Membership.objects.filter(user=user, community=community).values_list("role", flat=True))
    return bool(roles) and roles <= {Role.MEDICAL, Role.MEDICAL_LEAD}


#: The pages everyone may read, offered on a party member's own page (menu entries, by key).
PUBLIC_BOARDS = (
    "assessment:published",
    "windows:ranking",
    "windows:benchmarks",
    "service:flags",
    "dedication:board",
    "dedication:projects",
    "reports:honours",
    "org:documents",
)


@community_view()
def my_home(request: HttpRequest) -> HttpResponse:
    """A party member's own page: their archive, their branch's life, their volunteering (the
    apps' ``kind="own"`` panels) and the public boards; none of the office's work."""
    boards = [
        (item, community_url(request, item.url_name))
        for item in navigation.all()
        if item.key in PUBLIC_BOARDS and request.access.can(item.perm)
    ]
    return render(request, "web/my_home.html", {"cards": render_panels(request, "own"), "boards": boards})


@community_view()
def platform(request: HttpRequest, section: str) -> HttpResponse:
    """The landing page of one platform: what it is for and the pages it holds."""
    if section not in sections:
        raise Http404
    chosen = sections.get(section)
    return render(request, "web/platform.html", {"section": chosen})


def server_error(request: HttpRequest) -> HttpResponse:
    """The answer to an error the code did not expect (Django's handler500; the error is logged).

    While the database cannot be reached (a restart, a failover, a killed connection) the answer
    is 503 with Retry-After, since trying again shortly is exactly right, and nothing was saved:
    every write runs in a transaction that the failure rolled back. Interface clients get JSON
    (never an HTML page they cannot read), people the Chinese error page.
    """
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        # The disk is full under an upload: the transaction rolled back, the file was not kept.
        return _storage_full(request)
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        detail = (
            _("The database is unavailable at the moment; nothing was saved. Please try again shortly.")
            if unavailable
            else _("Something went wrong on our side; nothing was half-saved. Please try again.")
        )
        response = JsonResponse({"detail": str(detail)}, status=status)
    else:
        response = render(request, "503.html" if unavailable else "500.html", status=status)
    if unavailable:
        response["Retry-After"] = "5"
    return response


def _storage_full(request: HttpRequest) -> HttpResponse:
    """507: the server's storage is full. Trying again will not help until an administrator frees
    space, and the user is told so, in words."""
    message = _(
        "The server's storage is full: the file was not saved, and nothing else was. Please tell the administrator."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(message)}, status=507)
    return render(request, "507.html", {"message": message}, status=507)
