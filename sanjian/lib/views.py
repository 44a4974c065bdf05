"""View helpers that several apps' views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise


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
        try:
            with transaction.atomic():
                result = save(form)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(success(result))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)


def _add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
