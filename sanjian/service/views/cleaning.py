"""Cleaning: the areas with their all-day timeline and gaps, an area's shifts, the area over the year."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.lib.history import history_entries
from sanjian.lib.views import form_page
from sanjian.service import selectors, services
from sanjian.service.forms import AreaForm, ShiftForm
from sanjian.service.models import CleaningArea, CleaningShift
from sanjian.service.views.common import can, excel, url, wants_excel
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
    if wants_excel(request):
        headers = [
            _("Area"),
            _("Area (m²)"),
            _("Responsible unit"),
            _("Cleaned from"),
            _("Shifts today"),
            _("Gaps today"),
        ]
        data = [
            [
                r["area"].name,
                r["area"].size_m2,
                str(r["area"].unit),
                r["area"].starts_on,
                "; ".join(f"{s.label} {s.who}" for s in r["covered"]),
                "; ".join(g.label for g in r["gaps"]),
            ]
            for r in rows
        ]
        return excel(_("Cleaning areas"), headers, data, name="cleaning-areas")
    context = {
        "rows": rows,
        "total": selectors.cleaned_area(request.community, today),
        "by_month": selectors.cleaned_area_by_month(request.community, today.year),
        "hours": range(0, 25, 3),
        "can_manage": can(request, "service.manage"),
        "can_inspect": can(request, "service.inspect"),
    }
    return render(request, "service/areas.html", context)


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


@community_view("service.manage")
def area_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(CleaningArea, pk=pk) if pk else None
    form = AreaForm(request.POST or None, instance=instance, community=request.community)
    return form_page(
        request,
        form,
        save=lambda f: services.area_save(community=request.community, area=f.instance, actor=request.user),
        template="service/form.html",
        success=lambda a: url(request, "area", a.pk),
        message=gettext_lazy("Saved."),
        context={"title": _("Cleaning area"), "cancel": url(request, "areas")},
    )


@community_view("service.manage")
def shift_add(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(CleaningArea, pk=pk)
    form = ShiftForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda f: services.shift_add(
            community=request.community, area=area, actor=request.user, **f.cleaned_data
        ),
        template="service/form.html",
        success=lambda s: url(request, "area", area.pk),
        message=gettext_lazy("The shift has been added."),
        context={
            "title": _("New shift on %(area)s") % {"area": area},
            "cancel": url(request, "area", area.pk),
        },
    )
