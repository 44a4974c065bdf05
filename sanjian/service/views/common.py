"""What the service app's views share: links and the managers' check (lists export through
``lib.views.list_page``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from sanjian.tenancy.access import community_url
from sanjian.tenancy.views import RecordPages


def url(request: HttpRequest, name: str, *args: object) -> str:
    return community_url(request, f"service:{name}", *args)


def can(request: HttpRequest, perm: str) -> bool:
    return request.access.can(perm)


def record_pages(*, title: str | Promise, back: str, multipart: bool = False, **spec: Any) -> RecordPages:
    """A record's create and edit pages on the app's one form template: ``title`` above the form,
    Cancel back to the page ``back``; ``spec`` as for ``RecordPages`` (model, form, save, …)."""
    return RecordPages(
        template="service/form.html",
        message=gettext_lazy("Saved."),
        context=lambda request, _record: {
            "title": title,
            "cancel": url(request, back),
            "multipart": multipart,
        },
        **spec,
    )
