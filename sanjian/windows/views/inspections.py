"""Inspections on a phone: start, deduct per item (reason, photo), veto, submit, correct."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanjian.lib.excel import Column
from sanjian.lib.history import history_entries
from sanjian.lib.views import delete_page, form_page, list_page
from sanjian.tenancy.access import community_url, community_view
from sanjian.tenancy.roles import LEADERS
from sanjian.windows import selectors, services
from sanjian.windows.forms import CorrectionForm, DeductionForm, InspectionStartForm, VetoForm
from sanjian.windows.models import Deduction, Inspection, InspectionLine, InspectionStatus


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    inspection = get_object_or_404(
        Inspection.objects.select_related("window", "window__parent", "standard", "inspector"), pk=pk
    )
    if not selectors.inspection_visible(request.access, inspection):
        raise PermissionDenied
    return inspection


def _may_edit(request: HttpRequest, inspection: Inspection) -> bool:
    """A draft is filled in by its inspector (or a leader) who may inspect the window."""
    access = request.access
    return (
        inspection.is_draft
        and access.can("windows.inspect", inspection.window)
        and (inspection.inspector_id == request.user.pk or access.has_role(*LEADERS))
    )


def _editable(request: HttpRequest, pk: int) -> Inspection:
    inspection = _inspection(request, pk)
    if not _may_edit(request, inspection):
        raise PermissionDenied
    return inspection


@community_view("windows.inspections_view")
def inspections(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = selectors.inspection_list(request.access, status=status)
    context = {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")),
        "status": status,
        "statuses": InspectionStatus.choices,
        "can_inspect": request.access.can("windows.inspect"),
    }
    return list_page(
        request,
        "windows/inspections.html",
        context,
        title=_("Window inspections"),
        columns=[
            Column(_("Inspected on"), lambda i: i.inspected_on),
            Column(_("Service window"), lambda i: i.window.name),
            Column(_("Inspector"), lambda i: i.inspector.get_full_name() or i.inspector.username),
            Column(_("Status"), lambda i: i.get_status_display()),
            Column(_("Score"), lambda i: i.score),
            Column(_("veto"), lambda i: _("yes") if i.vetoed else ""),
        ],
        rows=qs,
    )


@community_view("windows.inspect")
def inspection_create(request: HttpRequest) -> HttpResponse:
    windows = selectors.windows_for(request.access, "windows.inspect")
    initial = {"window": request.GET.get("window"), "inspected_on": timezone.localdate()}
    form = InspectionStartForm(
        request.POST or None, community=request.community, windows=windows, initial=initial
    )
    return form_page(
        request,
        form,
        save=lambda f: services.inspection_start(
            community=request.community,
            window=f.cleaned_data["window"],
            inspected_on=f.cleaned_data["inspected_on"],
            note=f.cleaned_data["note"],
            actor=request.user,
        ),
        template="windows/inspection_form.html",
        success=lambda inspection: community_url(request, "windows:inspection", inspection.pk),
        message=_("The inspection has been started: record the deductions item by item, then submit."),
    )


def _page_context(request: HttpRequest, inspection: Inspection) -> dict[str, object]:
    lines = selectors.inspection_lines(inspection)
    groups: dict[str, list[InspectionLine]] = {}
    for line in lines:
        groups.setdefault(line.criterion.get_dimension_display(), []).append(line)
    return {
        "inspection": inspection,
        "groups": groups.items(),
        "preview": services.inspection_score(inspection),
        "can_edit": _may_edit(request, inspection),
        "can_correct": inspection.status == InspectionStatus.SUBMITTED
        and request.access.can("windows.inspection_correct", inspection.window),
        "deduction_form": DeductionForm(community=request.community),
        "veto_form": VetoForm(),
    }


@community_view("windows.inspections_view")
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    context = _page_context(request, inspection)
    context["corrections"] = inspection.corrections.select_related("author")
    context["history"] = history_entries(inspection)
    return render(request, "windows/inspection.html", context)


def _line_response(
    request: HttpRequest, inspection: Inspection, line_pk: int, forms: dict, status: int
) -> HttpResponse:
    """The line again (htmx) with the score above refreshed out of band; else back to the page."""
    if not request.htmx:
        if status != 200:
            for form in forms.values():
                for error in form.errors.values():
                    messages.error(request, " ".join(error))
        return redirect(f"{community_url(request, 'windows:inspection', inspection.pk)}#line-{line_pk}")
    context = _page_context(request, inspection)
    context.update(forms)
    context["forms"] = list(forms.values())
    context["line"] = next(line for line in selectors.inspection_lines(inspection) if line.pk == line_pk)
    return render(request, "windows/_line.html", {**context, "oob": True}, status=status)


@require_POST
@community_view("windows.inspect")
def deduction_add(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    inspection = _editable(request, pk)
    line = get_object_or_404(InspectionLine, pk=line_pk, inspection=inspection)
    form = DeductionForm(request.POST, request.FILES, community=request.community)
    status = 400
    if form.is_valid():
        try:
            services.deduction_add(
                line=line,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                photo=form.cleaned_data.get("photo"),
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form, status = DeductionForm(community=request.community), 200
    return _line_response(request, inspection, line.pk, {"deduction_form": form}, status)


@require_POST
@community_view("windows.inspect")
def deduction_delete(request: HttpRequest, pk: int, deduction_pk: int) -> HttpResponse:
    inspection = _editable(request, pk)
    deduction = get_object_or_404(
        Deduction.objects.select_related("line"), pk=deduction_pk, line__inspection=inspection
    )
    services.deduction_remove(deduction=deduction, actor=request.user)
    return _line_response(request, inspection, deduction.line_id, {}, 200)


@require_POST
@community_view("windows.inspect")
def veto(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    inspection = _editable(request, pk)
    line = get_object_or_404(InspectionLine, pk=line_pk, inspection=inspection)
    triggered = request.POST.get("triggered") == "1"
    form = VetoForm(request.POST if triggered else {"veto_reason": "-"})
    status = 400
    if form.is_valid():
        try:
            services.veto_set(
                line=line, triggered=triggered, reason=form.cleaned_data["veto_reason"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form, status = VetoForm(), 200
    return _line_response(request, inspection, line.pk, {"veto_form": form}, status)


@require_POST
@community_view("windows.inspect")
def inspection_submit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _editable(request, pk)
    inspection = services.inspection_submit(inspection=inspection, actor=request.user)
    messages.success(
        request, _("The inspection has been submitted; from now on it changes only by a recorded correction.")
    )
    return redirect(community_url(request, "windows:inspection", inspection.pk))


@community_view("windows.inspect")
def inspection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _editable(request, pk)
    return delete_page(
        request,
        inspection,
        delete=lambda: services.inspection_delete(inspection=inspection, actor=request.user),
        success=community_url(request, "windows:inspections"),
        cancel=community_url(request, "windows:inspection", pk),
        message=_("The draft inspection has been deleted."),
    )


@community_view("windows.inspection_correct")
def inspection_correct(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    request.access.require("windows.inspection_correct", inspection.window)
    if inspection.status != InspectionStatus.SUBMITTED:
        raise PermissionDenied
    form = CorrectionForm(request.POST or None, inspection=inspection)
    return form_page(
        request,
        form,
        save=lambda f: services.inspection_correct(
            inspection=inspection,
            reason=f.cleaned_data["reason"],
            action=f.cleaned_data["action"],
            line=f.cleaned_data["line"],
            deduction=f.cleaned_data["deduction"],
            points=f.cleaned_data["points"],
            detail=f.cleaned_data["detail"],
            actor=request.user,
        ),
        template="windows/correction_form.html",
        success=lambda _c: community_url(request, "windows:inspection", inspection.pk),
        message=_("The correction has been recorded."),
        context={"inspection": inspection},
    )


@community_view("windows.inspections_view")
def deduction_photo(request: HttpRequest, pk: int, deduction_pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    deduction = get_object_or_404(Deduction, pk=deduction_pk, line__inspection=inspection)
    if not deduction.photo or not deduction.photo.storage.exists(deduction.photo.name):
        raise Http404
    return FileResponse(deduction.photo.open("rb"), filename=Path(deduction.photo.name).name)
