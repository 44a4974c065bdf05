"""Cleaning: the areas with their all-day timeline and gaps, an area's shifts, the area over the year."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.lib.excel import Column
from sanjian.lib.history import history_entries
from sanjian.lib.views import list_page, titled_form_page
from sanjian.service import selectors, services
from sanjian.service.forms import AreaForm, ShiftForm
from sanjian.service.models import CleaningArea, CleaningShift
from sanjian.service.views.common import can, record_pages, url
from sanjian.tenancy.access import community_view


@community_view("service.view")
def areas(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    current = CleaningArea.objects.select_related("unit").filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    rows = []
    for area in current:
        covered, gaps = selectors.coverage(selectors.shifts_on(area, today))
        rows.append({"area": area, "covered": covered, "gaps": gaps})
    context = {
        "rows": rows,
        "total": selectors.cleaned_area(request.community, today),
        "by_month": selectors.cleaned_area_by_month(request.community, today.year),
        "hours": range(0, 25, 3),
        "can_manage": can(request, "service.manage"),
        "can_inspect": can(request, "service.inspect"),
    }
    return list_page(
        request,
        "service/areas.html",
        context,
        title=_("Cleaning areas"),
        columns=[
            Column(_("Area"), lambda r: r["area"].name),
            Column(_("Area (m²)"), lambda r: r["area"].size_m2),
            Column(_("Responsible unit"), lambda r: str(r["area"].unit)),
            Column(_("Cleaned from"), lambda r: r["area"].starts_on),
            Column(_("Shifts today"), lambda r: "; ".join(f"{s.label} {s.who}" for s in r["covered"])),
            Column(_("Gaps today"), lambda r: "; ".join(g.label for g in r["gaps"])),
        ],
        rows=rows,
    )


@community_view("service.view")
def area(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(CleaningArea.objects.select_related("unit"), pk=pk)
    covered, gaps = selectors.coverage(selectors.shifts_on(area, timezone.localdate()))
    context = {
        "area": area,
        "covered": covered,
        "gaps": gaps,
        "shifts": CleaningShift.objects.filter(area=area)
        .select_related("person")
        .order_by("-valid_from", "starts_at"),
        "inspections": area.inspections.order_by("-inspected_on")[:20],
        "can_manage": can(request, "service.manage"),
        "history": history_entries(area),
    }
    return render(request, "service/area.html", context)


area_create, area_edit = record_pages(
    model=CleaningArea,
    form=AreaForm,
    save=services.area_save,
    name="area",
    success="service:area",
    title=gettext_lazy("Cleaning area"),
    back="areas",
).views("service.manage")


@community_view("service.manage")
def shift_add(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(CleaningArea, pk=pk)
    form = ShiftForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    return titled_form_page(
        request,
        form,
        save=lambda f: services.shift_add(
            community=request.community, area=area, actor=request.user, **f.cleaned_data
        ),
        title=_("New shift on %(area)s") % {"area": area},
        back=url(request, "area", area.pk),
        message=gettext_lazy("The shift has been added."),
    )
