"""Inspections: the phone form an inspector fills on the spot, and the list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanjian.lib.dates import Month
from sanjian.lib.excel import Column
from sanjian.lib.formats import points_text
from sanjian.lib.views import int_param, list_page
from sanjian.service import services
from sanjian.service.forms import InspectionPlaceForm
from sanjian.service.models import Inspection, Sheet, SheetKind
from sanjian.service.views.common import can, url
from sanjian.tenancy.access import community_view


@community_view("service.inspect")
def inspect(request: HttpRequest, kind: str) -> HttpResponse:
    """One page, one submit: the sheet's items with points and reasons; bad input shows the
    form again with the message (400) and writes nothing."""
    if kind not in SheetKind.values:
        kind = SheetKind.FLOOR
    sheets = Sheet.objects.filter(kind=kind, is_active=True)
    sheet = (
        sheets.filter(pk=int_param(request.POST.get("sheet") or request.GET.get("sheet"))).first()
        or sheets.first()
    )
    initial = {"sheet": sheet, "inspected_on": timezone.localdate()}
    form = InspectionPlaceForm(request.POST or None, initial=initial, kind=kind, sheet=sheet)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and form.cleaned_data["sheet"] == sheet:
            data = form.cleaned_data
            marks = [
                services.Mark(
                    item=item,
                    points=0 if item.is_veto else data.get(f"points_{item.pk}") or 0,
                    reason=data.get(f"reason_{item.pk}", ""),
                    triggered=bool(data.get(f"veto_{item.pk}")),
                )
                for item in form.items
            ]
            try:
                with transaction.atomic():
                    done = services.inspection_record(
                        community=request.community,
                        sheet=sheet,
                        floor=data.get("floor"),
                        area=data.get("area"),
                        inspected_on=data["inspected_on"],
                        marks=marks,
                        note=data["note"],
                        actor=request.user,
                    )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request, _("Inspection saved: %(score)s points.") % {"score": points_text(done.score)}
                )
                return redirect(url(request, "inspection", done.pk))
    context = {"form": form, "kind": kind, "sheet": sheet, "sheets": sheets}
    return render(request, "service/inspect.html", context, status=status)


@community_view("service.view")
def inspections(request: HttpRequest) -> HttpResponse:
    month = Month.parse(request.GET.get("month"))
    unit = int_param(request.GET.get("unit"))
    rows = (
        Inspection.objects.filter(
            inspected_on__range=(month.start, month.end), **({"unit": unit} if unit else {})
        )
        .select_related("floor__building", "area", "unit", "attendant", "inspector", "sheet")
        .order_by("-inspected_on", "-pk")
    )
    context = {
        "rows": rows,
        "month": month,
        "can_inspect": can(request, "service.inspect"),
    }
    return list_page(
        request,
        "service/inspections.html",
        context,
        title=_("Inspections"),
        columns=[
            Column(_("Date"), lambda i: i.inspected_on),
            Column(pgettext("inspected", "Place"), lambda i: str(i.place)),
            Column(_("Unit"), lambda i: str(i.unit or "")),
            Column(_("Responsible"), lambda i: i.attendant.name if i.attendant else ""),
            Column(_("Score"), lambda i: i.score),
            Column(_("Deducted"), lambda i: i.deducted),
            Column(_("Vetoed"), lambda i: _("yes") if i.vetoed else ""),
            Column(_("Inspector"), lambda i: i.inspector.get_full_name() if i.inspector else ""),
        ],
        rows=rows,
        filename=f"{_('Inspections')}-{month}.xlsx",
    )


@community_view("service.view")
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    done = get_object_or_404(
        Inspection.objects.select_related(
            "floor__building", "area", "unit", "attendant", "inspector", "sheet"
        ),
        pk=pk,
    )
    context = {"inspection": done, "deductions": done.deductions.select_related("item")}
    return render(request, "service/inspection.html", context)
