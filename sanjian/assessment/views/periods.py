"""Periods: the list, opening one, its board, the steps of its life, and its cost quotas."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanjian.assessment import selectors, services
from sanjian.assessment.forms import CostActualForm, CostItemForm, PeriodForm, ReasonForm, UploadForm
from sanjian.assessment.models import CostItem, Period, PeriodStatus
from sanjian.assessment.permissions import may_enter_costs
from sanjian.lib.excel import Column, write_sheet, xlsx_response
from sanjian.lib.history import history_entries
from sanjian.lib.views import button_action, list_page, titled_form_page
from sanjian.tenancy.access import community_url, community_view


@community_view("assessment.view")
def periods(request: HttpRequest) -> HttpResponse:
    rows = selectors.period_list()
    context = {"periods": rows, "can_manage": request.access.can("assessment.manage")}
    return list_page(
        request,
        "assessment/periods.html",
        context,
        title=_("Assessment periods"),
        columns=[
            Column(_("Period"), str),
            Column(_("Status"), lambda p: p.get_status_display()),
            Column(_("Letters"), lambda p: p.letter_count),
            Column(_("Published at"), lambda p: p.published_at),
        ],
        rows=rows,
    )


@community_view("assessment.manage")
def period_create(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST or None, community=request.community)
    return titled_form_page(
        request,
        form,
        save=lambda f: services.period_open(
            community=request.community,
            kind=f.cleaned_data["kind"],
            year=f.cleaned_data["year"],
            number=f.cleaned_data["number"],
            note=f.cleaned_data["note"],
            actor=request.user,
        ),
        title=_("Open a period"),
        back=community_url(request, "assessment:periods"),
        message=_("The period is open; the letters have been prepared from the templates."),
        success=lambda period: community_url(request, "assessment:period", period.pk),
    )


@community_view("assessment.view")
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=pk)
    can_manage = request.access.can("assessment.manage")
    context = {
        "period": period,
        "letters": selectors.period_letters(period, request.access),
        "without_letter": selectors.units_without_letter(period) if period.is_month and can_manage else [],
        "problems": selectors.review_problems(period) if can_manage and not period.is_open else None,
        "appeals": selectors.pending_appeals(period) if can_manage else [],
        "history": history_entries(period),
        "can_manage": can_manage,
        "reopen_form": ReasonForm(),
        "closes_early": period.is_open and timezone.localdate() <= period.end,
    }
    return render(request, "assessment/period_detail.html", context)


STEPS = {
    "close": (services.period_close, _("The period is closed and its results computed.")),
    "review": (services.period_review, _("The results are reviewed and ready to publish.")),
    "publish": (services.period_publish, _("The results are published; the appeal window is open.")),
    "letters": (services.letters_create, _("The missing letters have been prepared.")),
}


@require_POST
@community_view("assessment.manage")
def period_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    period = get_object_or_404(Period, pk=pk)
    if step not in STEPS:
        raise Http404
    service, message = STEPS[step]
    extra = {}
    if step == "close" and request.POST.get("confirm_early"):  # the box ticked beside the reason
        extra["early_reason"] = request.POST.get("early_reason", "")
    return button_action(
        request,
        lambda: service(period=period, actor=request.user, **extra),
        message=message,
        back=community_url(request, "assessment:period", period.pk),
    )


@require_POST
@community_view("assessment.manage")
def period_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the period is reopened."))
        return redirect(community_url(request, "assessment:period", period.pk))
    return button_action(
        request,
        lambda: services.period_reopen(period=period, reason=form.cleaned_data["reason"], actor=request.user),
        message=_("The period is open again for scoring."),
        back=community_url(request, "assessment:period", period.pk),
    )


# --- Cost quotas ------------------------------------------------------------------------------


@community_view("assessment.view")
def costs(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=pk)
    policy = selectors.policy_for(request.community)
    rows = selectors.period_costs(period)
    context = {
        "period": period,
        "rows": rows,
        "threshold": policy.overspend_rate,
        "can_manage": request.access.can("assessment.manage") and period.is_open,
        "editable": {i.pk for row in rows for i in row.items if may_enter_costs(request.access, row.unit)}
        if period.is_open
        else set(),
    }
    return render(request, "assessment/costs.html", context)


@community_view("assessment.manage")
def cost_create(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=pk, status=PeriodStatus.OPEN)
    form = CostItemForm(request.POST or None, community=request.community, instance=CostItem(period=period))
    return titled_form_page(
        request,
        form,
        save=lambda f: services.cost_item_save(period=period, item=f.instance, actor=request.user),
        title=_("Add a cost item"),
        back=community_url(request, "assessment:costs", period.pk),
        message=_("The cost item has been saved."),
        context={"period": period},
    )


@community_view("assessment.view")
def cost_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(CostItem.objects.select_related("period", "unit"), pk=pk)
    request.access.require("assessment.costs", item.unit)
    initial = {"actual": item.actual, "note": item.note}
    form = CostActualForm(request.POST or None, initial=initial)
    return titled_form_page(
        request,
        form,
        save=lambda f: services.cost_actual_set(
            item=item, actual=f.cleaned_data["actual"], note=f.cleaned_data["note"], actor=request.user
        ),
        title=_("Actual cost: %(unit)s · %(item)s") % {"unit": item.unit, "item": item.name},
        back=community_url(request, "assessment:costs", item.period_id),
        message=_("The actual amount has been recorded."),
        context={"subtitle": _("Quota: %(quota)s") % {"quota": item.quota}, "history": history_entries(item)},
    )


@community_view("assessment.manage")
def costs_import(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created, updated = services.costs_import(
                period=period, upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("Imported: %(created)d cost items added, %(updated)d updated.")
                % {"created": created, "updated": updated},
            )
            return redirect(community_url(request, "assessment:costs", period.pk))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "period": period, "errors": errors}
    return render(request, "assessment/costs_import.html", context, status=status)


@community_view("assessment.manage")
def costs_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The import sheet, pre-filled with the period's items (or the assessed units' codes)."""
    period = get_object_or_404(Period, pk=pk)
    headers = services.import_headers()
    rows = [
        [i.unit.code, i.name, i.measure, i.quota, i.actual, i.note]
        for row in selectors.period_costs(period)
        for i in row.items
    ]
    if not rows:
        rows = [
            [letter.letter.unit.code, "", "", None, None, ""]
            for letter in selectors.period_letters(period, request.access)
        ]
    content = write_sheet(list(headers.values()), rows, title=str(_("Cost quotas")))
    return xlsx_response(content, f"{_('Cost quotas')} {period}.xlsx")
