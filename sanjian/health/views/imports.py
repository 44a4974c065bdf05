"""The import of existing archives: upload an .xlsx, every row good or nothing written."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sanjian.health import importer
from sanjian.health.services.conditions import conditions_ensure
from sanjian.lib.excel import xlsx_response
from sanjian.lib.files import validate_upload_size
from sanjian.lib.imports import ERRORS_SHOWN, error_counts, errors_xlsx
from sanjian.tenancy.access import community_url, community_view

#: The session keeps the last failed file's errors for the .xlsx download (rows, columns, reasons:
#: no health data), per community.
ERRORS_KEY = "health-import-errors-%s"


class ArchiveImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("health archives (.xlsx)"),
        validators=[FileExtensionValidator(["xlsx"]), validate_upload_size],
    )


@community_view("health.care")
def archive_import(request: HttpRequest) -> HttpResponse:
    form = ArchiveImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "headers": importer.headers()}
    if request.method == "POST" and form.is_valid():
        try:
            rows = importer.read_archives(form.cleaned_data["file"])
            if not rows:
                raise ValidationError(_("The sheet has headers but no rows."))
        except ValidationError as exc:
            form.add_error("file", exc.messages[0])
        else:
            conditions_ensure(community=request.community, actor=request.user)
            plan = importer.check_rows(rows, community=request.community)
            if not plan.errors:
                created = importer.import_archives(plan, community=request.community, actor=request.user)
                request.session.pop(ERRORS_KEY % request.community.pk, None)
                messages.success(
                    request,
                    ngettext(
                        "%(n)s health archive has been opened, with its follow-ups planned.",
                        "%(n)s health archives have been opened, with their follow-ups planned.",
                        len(created),
                    )
                    % {"n": len(created)},
                )
                return redirect(community_url(request, "health:archives"))
            errors = [e.as_dict() for e in plan.errors]
            request.session[ERRORS_KEY % request.community.pk] = errors
            context |= {"errors": errors, "shown": errors[:ERRORS_SHOWN], "counts": error_counts(errors)}
    status = 400 if request.method == "POST" else 200
    return render(request, "health/import.html", context, status=status)


@community_view("health.care")
def import_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(importer.template_bytes(), _("health-archives-template.xlsx"))


@community_view("health.care")
def import_errors(request: HttpRequest) -> HttpResponse:
    """Every error of the last file that failed, as an .xlsx: the page shows only the first ones."""
    errors = request.session.get(ERRORS_KEY % request.community.pk)
    if not errors:
        return redirect(community_url(request, "health:import"))
    return xlsx_response(errors_xlsx(errors), _("health-import-errors.xlsx"))
