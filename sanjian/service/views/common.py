"""What the service app's views share: links, the managers' check and the app's one form page
(lists export through ``lib.views.list_page``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from sanjian.lib.views import form_page
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
        message=SAVED,
        context=lambda request, _record: {
            "title": title,
            "cancel": url(request, back),
            "multipart": multipart,
        },
        **spec,
    )


SAVED = gettext_lazy("Saved.")


def service_form(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[BaseForm], Any],
    title: str | Promise,
    back: str,
    message: str | Promise = SAVED,
    success: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """``form`` on the app's one form template (``lib.views.form_page``): ``title`` above it,
    Cancel back to the URL ``back``, and back there once ``save`` has run (or to ``success(result)``)."""
    return form_page(
        request,
        form,
        save=save,
        template="service/form.html",
        success=success or (lambda _result: back),
        message=message,
        context={"title": title, "cancel": back},
    )
