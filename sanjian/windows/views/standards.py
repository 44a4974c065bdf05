"""The refined work standards (精细化工作标准) of the service networks, item by item."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.lib.history import history_entries
from sanjian.lib.views import delete_page
from sanjian.tenancy.access import community_url, community_view
from sanjian.tenancy.views import RecordPages
from sanjian.windows import selectors, services
from sanjian.windows.forms import CriterionForm, StandardForm
from sanjian.windows.models import Criterion, Dimension, Standard


@community_view("windows.view")
def standards(request: HttpRequest) -> HttpResponse:
    context = {
        "standards": selectors.standard_list(),
        "can_manage": request.access.can("windows.standards_manage"),
    }
    return render(request, "windows/standards.html", context)


@community_view("windows.view")
def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = get_object_or_404(Standard, pk=pk)
    groups = selectors.criteria_by_dimension(standard, active_only=False)
    context = {
        "standard": standard,
        "groups": [
            (Dimension(d).label, items, sum(c.points for c in items if c.is_active))
            for d, items in groups.items()
        ],
        "total": sum(c.points for items in groups.values() for c in items if c.is_active),
        "can_manage": request.access.can("windows.standards_manage"),
        "history": history_entries(standard),
    }
    return render(request, "windows/standard.html", context)


standard_create, standard_edit = RecordPages(
    model=Standard,
    form=StandardForm,
    save=services.standard_save,
    name="standard",
    template="windows/standard_form.html",
    success="windows:standard",
    message=gettext_lazy("The standard has been saved."),
).views("windows.standards_manage")

criterion_create, criterion_edit = RecordPages(
    model=Criterion,
    form=CriterionForm,
    save=services.criterion_save,
    name="criterion",
    parent="standard",
    template="windows/criterion_form.html",
    success="windows:standard",
    success_arg="standard_id",
    message=gettext_lazy("The item has been saved."),
    history=True,
).views("windows.standards_manage")


@community_view("windows.standards_manage")
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion.objects.select_related("standard"), pk=pk)
    return delete_page(
        request,
        criterion,
        delete=lambda: services.criterion_delete(criterion=criterion, actor=request.user),
        success=community_url(request, "windows:standard", criterion.standard_id),
        cancel=community_url(request, "windows:criterion_edit", criterion.pk),
        message=_("The item has been deleted."),
    )
