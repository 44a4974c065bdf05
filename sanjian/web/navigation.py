"""The navigation: the three platforms of the report, plus organisation and reports.

Apps add their pages from ``AppConfig.ready()`` with ``register``; the layout shows a user
only the items whose permission the user holds in the current community.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanjian.tenancy.access import Access


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    description: str | Promise


SECTIONS = [
    Section(
        "assessment",
        _("Target assessment"),
        _(
            "Refined standards, contracted duties with signed responsibility letters, cost quotas "
            "and comprehensive scores, published for everyone to see."
        ),
    ),
    Section(
        "excellence",
        _("Competing for excellence"),
        _(
            "The benchmark service windows, their five standards, residents' ratings, and party "
            "members' dedication projects and volunteer hours."
        ),
    ),
    Section(
        "service",
        _("Civilised service"),
        _("Dormitories, cleaning, the staff canteen, medical follow-up and the mobile red flag."),
    ),
    Section(
        "organisation",
        _("Organisation and members"),
        _(
            "Party branches, the unit tree, the three-level linkage, rules and the standardised "
            "branch checklist."
        ),
    ),
    Section("reports", _("Reports"), _("The dashboard, boards, exports and work summaries.")),
]
SECTION_KEYS = {s.key for s in SECTIONS}


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str | Promise
    url_name: str
    perm: str
    order: int = 50
    description: str | Promise = ""


_ITEMS: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item.section not in SECTION_KEYS:
            raise ValueError(f"unknown navigation section {item.section!r}")
        if item not in _ITEMS:
            _ITEMS.append(item)


@dataclass
class Link:
    label: str | Promise
    url: str
    description: str | Promise
    active: bool


def menu(access: Access, community_slug: str, path: str) -> list[tuple[Section, list[Link]]]:
    """The sections with the links this user may follow, in order."""
    result = []
    home = f"/c/{community_slug}/"
    for section in SECTIONS:
        links = []
        for item in sorted((i for i in _ITEMS if i.section == section.key), key=lambda i: i.order):
            if access.can(item.perm):
                url = reverse(item.url_name, kwargs={"community_slug": community_slug})
                active = path == url or (url != home and path.startswith(url))
                links.append(Link(item.label, url, item.description, active))
        result.append((section, links))
    return result
