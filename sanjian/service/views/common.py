"""What the service app's views share: links, the managers' check and its records' pages on the
one form template (``lib.views.titled_form_page``; lists export through ``lib.views.list_page``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from sanjian.lib.views import FORM_TEMPLATE
from sanjian.tenancy.access import community_url
from sanjian.tenancy.views import RecordPages

#: What the app's plain forms say once saved.
SAVED = gettext_lazy("Saved.")


def url(request: HttpRequest, name: str, *args: object) -> str:
    return community_url(request, f"service:{name}", *args)


def can(request: HttpRequest, perm: str) -> bool:
    return request.access.can(perm)


def record_pages(*, title: str | Promise, back: str, multipart: bool = False, **spec: Any) -> RecordPages:
    """A record's create and edit pages on the app's one form template: ``title`` above the form,
    Cancel back to the page ``back``; ``spec`` as for ``RecordPages`` (model, form, save, …)."""
    return RecordPages(
        template=FORM_TEMPLATE,
        message=SAVED,
        context=lambda request, _record: {
            "title": title,
            "cancel": url(request, back),
            "multipart": multipart,
        },
        **spec,
    )
