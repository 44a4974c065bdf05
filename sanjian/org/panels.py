"""The organisation's figures and panels on the community dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib.formats import percent
from sanjian.org import selectors
from sanjian.org.models import UnitKind
from sanjian.tenancy.access import community_url


def windows_figure(request: HttpRequest) -> dict[str, Any]:
    count = selectors.unit_counts()[UnitKind.WINDOW]
    return {
        "value": count,
        "label": _("benchmark service windows"),
        "url": community_url(request, "org:windows"),
    }


def branches_figure(request: HttpRequest) -> dict[str, Any]:
    count = selectors.unit_counts()[UnitKind.BRANCH]
    return {"value": count, "label": _("party branches"), "url": community_url(request, "org:tree")}


def standard_figure(request: HttpRequest) -> dict[str, Any]:
    year = timezone.localdate().year
    share = selectors.standard_summary(year=year).share
    label = _("of branches meet the standard in %(year)s") % {"year": year}
    return {"value": percent(share), "label": label, "url": community_url(request, "org:standards")}


def documents_figure(request: HttpRequest) -> dict[str, Any]:
    count = selectors.document_list(current_only=True).count()
    return {
        "value": count,
        "label": _("rule documents in force"),
        "url": community_url(request, "org:documents"),
    }


def networks_panel(request: HttpRequest) -> dict[str, Any]:
    networks = selectors.windows_per_network()
    return {
        "unlinked": list(selectors.windows_without_linkage()),
        "chart": {
            "labels": [name for name, _n in networks],
            "series": [{"name": _("Service windows"), "values": [n for _name, n in networks]}],
        },
    }
