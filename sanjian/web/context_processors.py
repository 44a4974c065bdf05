from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sanjian.tenancy.selectors import communities_for_user
from sanjian.web.navigation import menu


def layout(request: HttpRequest) -> dict[str, Any]:
    """What the layout needs on every page: the community, its menu and the community switcher."""
    community = getattr(request, "community", None)
    access = getattr(request, "access", None)
    context: dict[str, Any] = {"community": community, "access": access}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["switcher"] = communities_for_user(user)
        if community is not None and access is not None:
            context["menu"] = menu(access, community.slug, request.path)
    return context
