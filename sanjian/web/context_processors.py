from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from sanjian.lib.registries import Section, navigation, sections
from sanjian.tenancy.access import Access
from sanjian.tenancy.selectors import communities_for_user


@dataclass
class Link:
    label: str | Promise
    url: str
    description: str | Promise
    active: bool


def menu(access: Access, community_slug: str, path: str) -> list[tuple[Section, list[Link]]]:
    """The menu's sections with the pages this user may open (``lib.registries.navigation``)."""
    result = []
    home = f"/c/{community_slug}/"
    items = navigation.all()
    for section in sections.all():
        links = []
        for item in (i for i in items if i.section == section.key):
            if access.can(item.perm):
                url = reverse(item.url_name, kwargs={"community_slug": community_slug})
                active = path == url or (url != home and path.startswith(url))
                links.append(Link(item.label, url, item.description, active))
        result.append((section, links))
    return result


def layout(request: HttpRequest) -> dict[str, Any]:
    """What the layout needs on every page: the community, its menu and the community switcher.

    Worked out once per request: a page rendered from several templates (the dashboard renders
    each panel on its own) would otherwise build the menu and query the switcher for each.
    """
    found = getattr(request, "_sanjian_layout", None)
    if found is None:
        found = request._sanjian_layout = _layout(request)
    return found


def _layout(request: HttpRequest) -> dict[str, Any]:
    community = getattr(request, "community", None)
    access = getattr(request, "access", None)
    context: dict[str, Any] = {"community": community, "access": access}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["switcher"] = communities_for_user(user)
        if community is not None and access is not None:
            context["menu"] = menu(access, community.slug, request.path)
    return context
