"""Results: the publication page (公示) open to every member, score cards, exports, appeals,
adjustments, trends and early warnings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.assessment import exports, selectors, services
from sanjian.assessment.forms import AdjustmentForm, AppealForm, DecisionForm
from sanjian.assessment.models import ASSESSED_KINDS, Appeal, AppealStatus, Period, PeriodStatus, Result
from sanjian.assessment.permissions import may_appeal
from sanjian.lib.excel import Column, xlsx_response
from sanjian.lib.files import file_download
from sanjian.lib.history import history_entries
from sanjian.lib.pdf import pdf_response
from sanjian.lib.replica import replica_reads
from sanjian.lib.views import form_page, list_page, titled_form_page
from sanjian.org.models import Unit
from sanjian.tenancy.access import community_url, community_view


def _visible_period(request: HttpRequest, pk: int) -> Period:
    """A period whose results the user may read: published ones for everyone, computed drafts
    for the leaders who review them."""
    period = get_object_or_404(Period, pk=pk)
    if period.is_published:
        return period
    if period.status in (PeriodStatus.CLOSED, PeriodStatus.REVIEWED) and request.access.can(
        "assessment.manage"
    ):
        return period
    raise Http404


def _visible_result(request: HttpRequest, pk: int) -> Result:
    try:
        result = selectors.result_detail(pk)
    except Result.DoesNotExist:
        raise Http404 from None
    _visible_period(request, result.period_id)
    return result


@community_view("assessment.results")
def published(request: HttpRequest) -> HttpResponse:
    periods = selectors.period_list().filter(status__in=selectors.PUBLISHED)
    return render(request, "assessment/published.html", {"periods": periods})


@community_view("assessment.results")
def results(request: HttpRequest, pk: int) -> HttpResponse:
    period = _visible_period(request, pk)
    context = {
        "period": period,
        "groups": selectors.period_results(period),
        "appeals_open": period.appeals_open(),
        "now": timezone.now(),
    }
    return render(request, "assessment/results.html", context)


@community_view("assessment.results")
@replica_reads
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    period = _visible_period(request, pk)
    content = exports.results_workbook(period, selectors.period_results(period))
    return xlsx_response(content, f"{request.community.name} {period} {_('assessment results')}.xlsx")


@community_view("assessment.results")
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    result = _visible_result(request, pk)
    period = result.period
    context = {
        "result": result,
        "period": period,
        # the appeals and the history are the assessment's working papers, not the public notice
        "can_follow": request.access.can("assessment.view"),
        "history": history_entries(result) if request.access.can("assessment.view") else [],
        "can_appeal": period.appeals_open() and may_appeal(request.access, result.unit),
        "can_adjust": period.status == PeriodStatus.PUBLISHED and request.access.can("assessment.manage"),
    }
    return render(request, "assessment/result_detail.html", context)


@community_view("assessment.results")
def result_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    result = _visible_result(request, pk)
    context = {"result": result, "period": result.period, "community": request.community}
    filename = f"{result.unit.name} {result.period} {_('score card')}.pdf"
    return pdf_response("assessment/print/scorecard.html", context, filename=filename, request=request)


@community_view("assessment.appeal")
def appeal_create(request: HttpRequest, pk: int) -> HttpResponse:
    result = _visible_result(request, pk)
    if not may_appeal(request.access, result.unit):
        raise PermissionDenied
    if not result.period.appeals_open():  # don't offer a form that can only be refused
        messages.info(request, _("The appeal window of this period is closed."))
        return redirect(community_url(request, "assessment:result", result.pk))
    form = AppealForm(request.POST or None, request.FILES or None, result=result)
    return titled_form_page(
        request,
        form,
        save=lambda f: services.appeal_file(
            result=result,
            indicator=f.cleaned_data["indicator"],
            reason=f.cleaned_data["reason"],
            evidence=f.cleaned_data.get("evidence") or None,
            actor=request.user,
        ),
        title=_("Appeal"),
        back=community_url(request, "assessment:result", result.pk),
        message=_("The appeal has been filed; the community will decide on it."),
        context={"subtitle": f"{result.unit} · {result.period}", "multipart": True},
    )


@community_view("assessment.manage")
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(
        Appeal.objects.select_related("result__unit", "result__period", "indicator"), pk=pk
    )
    form = DecisionForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda f: services.appeal_decide(
            appeal=appeal,
            upheld=f.cleaned_data["upheld"],
            points=f.cleaned_data["points"],
            decision=f.cleaned_data["decision"],
            actor=request.user,
        ),
        template="assessment/appeal_decide.html",
        success=lambda _appeal: community_url(request, "assessment:result", appeal.result_id),
        message=_("The decision has been recorded."),
        context={"appeal": appeal, "history": history_entries(appeal)},
    )


@community_view("assessment.view")
def appeal_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal, pk=pk)
    _visible_period(request, appeal.result.period_id)
    return file_download(appeal.evidence, download_name=str(_("Evidence")))


@community_view("assessment.manage")
def adjustment_create(request: HttpRequest, pk: int) -> HttpResponse:
    result = _visible_result(request, pk)
    form = AdjustmentForm(request.POST or None, result=result)
    return titled_form_page(
        request,
        form,
        save=lambda f: services.adjustment_make(
            result=result,
            indicator=f.cleaned_data["indicator"],
            points=f.cleaned_data["points"],
            reason=f.cleaned_data["reason"],
            actor=request.user,
        ),
        title=_("Adjust a published result"),
        back=community_url(request, "assessment:result", result.pk),
        message=_("The adjustment has been recorded."),
        context={"subtitle": f"{result.unit} · {result.period}"},
    )


@community_view("assessment.view")
def warnings(request: HttpRequest) -> HttpResponse:
    period, risers, fallers = selectors.movers(limit=10)
    context = {
        "period": period,
        "alerts": selectors.alert_list(period=period) if period else [],
        "risers": risers,
        "fallers": fallers,
        "units": Unit.objects.filter(kind__in=ASSESSED_KINDS, is_active=True),
        "pending": selectors.pending_appeals().filter(status=AppealStatus.PENDING)
        if request.access.can("assessment.manage")
        else [],
    }
    return list_page(
        request,
        "assessment/warnings.html",
        context,
        title=_("Early warnings"),
        columns=[
            Column(_("Unit"), lambda a: a.unit.name),
            Column(_("Warning"), lambda a: a.get_kind_display()),
            Column(_("Score"), lambda a: a.score),
            Column(_("Compared with"), lambda a: a.reference),
        ],
        rows=context["alerts"],
        filename=f"{_('Early warnings')}-{period}.xlsx",
    )


@community_view("assessment.results")
def unit_trend(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk, kind__in=ASSESSED_KINDS)
    trend = selectors.unit_trend(unit)
    totals = {"labels": trend.labels, "series": [{"name": _("Score"), "values": _floats(trend.totals)}]}
    indicators = {
        "labels": trend.labels,
        "series": [{"name": name, "values": _floats(values)} for name, values in trend.indicators.items()],
    }
    context = {
        "can_follow": request.access.can("assessment.view"),
        "unit": unit,
        "trend": trend,
        "totals": totals,
        "indicators": indicators,
        "results": Result.objects.filter(unit=unit, period__status__in=selectors.PUBLISHED)
        .select_related("period")
        .order_by("-period__start")[:24],
    }
    return render(request, "assessment/trend.html", context)


def _floats(values: list) -> list[float | None]:
    # For the chart only: ECharts wants numbers, and json_script writes Decimals as strings.
    return [None if v is None else float(v) for v in values]
