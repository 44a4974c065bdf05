"""View helpers that several apps' views share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise

from sanjian.lib.excel import Column, export_response, wants_xlsx, xlsx_url


def int_param(value: str | None) -> int | None:
    """A query-string id or number: None when missing or not a number, never a 500."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[forms.BaseForm], Any],
    template: str,
    success: Callable[[Any], str],
    message: str | Promise,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST run ``save`` (a service) and redirect to ``success(result)``.

    A ValidationError from the service lands on the form like any other error, and the
    transaction is rolled back, so bad input changes nothing. Invalid forms answer 400 so that
    htmx and tests can tell a refusal from a fresh page.
    """
    if request.method == "POST" and form.is_valid():
        saved = form_saved(request, form, lambda: save(form), success=success, message=message)
        if saved is not None:
            return saved
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)


#: The one form page every app's plain forms share: a title, the form, Save and Cancel (and an
#: optional subtitle and history).
FORM_TEMPLATE = "lib/form.html"


def titled_form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[forms.BaseForm], Any],
    title: str | Promise,
    back: str,
    message: str | Promise,
    success: Callable[[Any], str] | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """``form_page`` on ``FORM_TEMPLATE``: ``title`` above the form, Cancel back to the URL
    ``back``, and back there once ``save`` has run (or to ``success(result)``); ``context`` adds
    a ``subtitle``, ``history`` or ``multipart``."""
    return form_page(
        request,
        form,
        save=save,
        template=FORM_TEMPLATE,
        success=success or (lambda _result: back),
        message=message,
        context={"title": title, "cancel": back, **(context or {})},
    )


def form_saved(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], Any],
    *,
    success: Callable[[Any], str],
    message: str | Promise,
    field: str | None = None,
) -> HttpResponse | None:
    """Run ``save`` (a service) for a valid ``form`` in one transaction: the ``message`` and a
    redirect to ``success(result)``; or, when the service refuses (ValidationError), its errors on
    the form (on their fields; the others on ``field``, None: above the form), nothing written,
    and None: the caller shows the page again (400). For pages that are more than ``form_page``."""
    try:
        with transaction.atomic():
            result = save()
    except ValidationError as exc:
        _add_errors(form, exc, field)
        return None
    messages.success(request, message)
    return redirect(success(result))


def button_action(
    request: HttpRequest, do: Callable[[], Any], *, message: str | Promise, back: str
) -> HttpResponse:
    """A one-button action (sign, withdraw, close a period …): run ``do`` (a service) in one
    transaction and go ``back``, with ``message``, or with the service's refusal as an error
    message and nothing written."""
    try:
        with transaction.atomic():
            do()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)
    return redirect(back)


def delete_page(
    request: HttpRequest,
    obj: object,
    *,
    delete: Callable[[], Any],
    success: str,
    cancel: str,
    message: str | Promise,
) -> HttpResponse:
    """Ask before deleting ``obj``; on POST run ``delete`` (a service) and go to ``success``.

    A refusal (a ValidationError: other records still refer to it, or the record may no longer
    be deleted) is shown as a message on the ``cancel`` page, and nothing changes.
    """
    if request.method == "POST":
        try:
            with transaction.atomic():
                delete()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(cancel)
        messages.success(request, message)
        return redirect(success)
    return render(request, "lib/confirm_delete.html", {"object": obj, "cancel": cancel})


def _add_errors(form: forms.BaseForm, exc: ValidationError, field: str | None = None) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, exc)


def list_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    title: str | Promise,
    columns: Sequence[Column],
    rows: Iterable[Any],
    filename: str | None = None,
) -> HttpResponse:
    """A list or ranking page and its spreadsheet, from the same rows: ``?format=xlsx`` answers
    the rows as an .xlsx with ``columns`` (their headers are the page's), anything else renders
    ``template`` with ``export_url`` for the "导出 Excel" button (``lib/export_button.html``).
    Every list exports through here, so a list and its file cannot drift apart."""
    if wants_xlsx(request):
        name = filename or f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
        return export_response(title=str(title), columns=columns, rows=rows, filename=name)
    return render(request, template, {**context, "export_url": xlsx_url(request)})
