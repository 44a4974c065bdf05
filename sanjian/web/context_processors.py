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
