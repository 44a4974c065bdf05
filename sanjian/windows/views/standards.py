"""The refined work standards (精细化工作标准) of the service networks, item by item."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from sanjian.lib.history import history_entries
from sanjian.lib.views import delete_page, form_page
from sanjian.tenancy.access import community_url, community_view
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


def _standard_form(request: HttpRequest, standard: Standard | None) -> HttpResponse:
    form = StandardForm(request.POST or None, instance=standard, community=request.community)
    return form_page(
        request,
        form,
        save=lambda f: services.standard_save(
            community=request.community, standard=f.instance, actor=request.user
        ),
        template="windows/standard_form.html",
        success=lambda s: community_url(request, "windows:standard", s.pk),
        message=_("The standard has been saved."),
        context={"standard": standard},
    )


@community_view("windows.standards_manage")
def standard_create(request: HttpRequest) -> HttpResponse:
    return _standard_form(request, None)


@community_view("windows.standards_manage")
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _standard_form(request, get_object_or_404(Standard, pk=pk))


def _criterion_form(request: HttpRequest, standard: Standard, criterion: Criterion | None) -> HttpResponse:
    instance = criterion or Criterion(standard=standard)
    form = CriterionForm(request.POST or None, instance=instance, community=request.community)
    return form_page(
        request,
        form,
        save=lambda f: services.criterion_save(
            community=request.community, criterion=f.instance, actor=request.user
        ),
        template="windows/criterion_form.html",
        success=lambda _c: community_url(request, "windows:standard", standard.pk),
        message=_("The item has been saved."),
        context={
            "standard": standard,
            "criterion": criterion,
            "history": history_entries(criterion) if criterion else [],
        },
    )


@community_view("windows.standards_manage")
def criterion_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _criterion_form(request, get_object_or_404(Standard, pk=pk), None)


@community_view("windows.standards_manage")
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion.objects.select_related("standard"), pk=pk)
    return _criterion_form(request, criterion.standard, criterion)


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
