"""Rankings, the window's page, its QR posters and items not applicable, titles and settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanjian.lib.excel import Column, export_response
from sanjian.lib.history import history_entries
from sanjian.lib.pdf import pdf_response
from sanjian.lib.replica import replica_reads
from sanjian.lib.views import form_page, list_page
from sanjian.org.models import Linkage, NetworkType, Unit, UnitKind
from sanjian.tenancy.access import community_url, community_view, company_view
from sanjian.tenancy.roles import Role
from sanjian.windows import posters, ranking, selectors, services
from sanjian.windows.forms import BenchmarkForm, ExemptionsForm, PolicyForm
from sanjian.windows.models import BenchmarkTitle, Policy
from sanjian.windows.tokens import board_token, window_token


def _window(pk: int) -> Unit:
    return get_object_or_404(Unit.objects.select_related("parent"), pk=pk, kind=UnitKind.WINDOW)


@community_view("windows.view")
@replica_reads
def ranking_page(request: HttpRequest) -> HttpResponse:
    month = ranking.Month.parse(request.GET.get("month"))
    rows = ranking.community_ranking(month)
    context = {
        "month": month,
        "rows": rows,
        "months": _recent_months(),
        "weights": ranking.WEIGHTS,
        "min_ratings": ranking.MIN_RATINGS,
        "penalty": ranking.OVERDUE_PENALTY,
        "is_committee": request.access.has_role(Role.COMPANY_ADMIN),
        "can_print": request.access.can("windows.posters")
        and request.access.reach("windows.posters") is None,
        "chart": {
            "labels": [r.window.name for r in rows if r.rank is not None],
            "series": [
                {
                    "name": _("Combined score"),
                    "values": [float(r.combined) for r in rows if r.rank is not None],
                }
            ],
        },
    }
    return list_page(
        request,
        "windows/ranking.html",
        context,
        title=str(month),
        columns=_ranking_columns(),
        rows=rows,
        filename=f"window-ranking-{month}.xlsx",
    )


def _recent_months(count: int = 13) -> list[ranking.Month]:
    month, months = ranking.Month.current(), []
    for _i in range(count):
        months.append(month)
        month = month.previous()
    return months


def _ranking_columns(*, with_community: bool = False) -> list[Column]:
    """The ranking's columns, as the page shows them, for its spreadsheet."""
    community = [Column(_("Community"), lambda r: r.community_name)] if with_community else []
    return [
        Column(_("Rank"), lambda r: r.rank),
        Column(_("Service window"), lambda r: r.window.name),
        *community,
        Column(_("Service network"), lambda r: r.window.parent.name if r.window.parent_id else ""),
        Column(_("Ratings"), lambda r: r.total),
        Column(_("Satisfaction (%)"), lambda r: r.satisfaction),
        Column(_("Average rating"), lambda r: r.average),
        Column(_("Inspection score"), lambda r: r.inspection),
        Column(_("Overdue tickets"), lambda r: r.overdue),
        Column(_("Combined score"), lambda r: r.combined),
        Column(_("Flagged for a talk"), lambda r: _("yes") if r.talk else ""),
    ]


@community_view("windows.view")
@replica_reads
def ranking_xlsx(request: HttpRequest) -> HttpResponse:
    """The address of the ranking's sheet before every list answered ``?format=xlsx``; kept for
    links already handed out."""
    month = ranking.Month.parse(request.GET.get("month"))
    rows = ranking.community_ranking(month)
    return export_response(
        title=str(month), columns=_ranking_columns(), rows=rows, filename=f"window-ranking-{month}.xlsx"
    )


@community_view("windows.view")
def window_detail(request: HttpRequest, pk: int) -> HttpResponse:
    window = _window(pk)
    access, month = request.access, ranking.Month.current()
    standard = selectors.standard_for(window)
    trend = ranking.daily_trend(window)
    context = {
        "window": window,
        "month": month,
        "score": ranking.window_scores([window], month.start, month.end)[window.pk],
        "linkage": Linkage.objects.filter(window=window).select_related("office", "supervisor").first(),
        "standard": standard,
        "exemptions": selectors.exemptions(window).values(),
        "titles": BenchmarkTitle.objects.filter(window=window),
        "trend": {
            "labels": [f"{day:%m-%d}" for day, _n, _s in trend],
            "series": [{"name": _("Ratings"), "values": [n for _d, n, _s in trend]}],
        },
        "public_token": window_token(window),
        "can": {
            "posters": access.can("windows.posters", window),
            "revoke": access.can("windows.qr_revoke", window),
            "exemptions": standard is not None and access.can("windows.exemptions_manage", window),
            "inspect": access.can("windows.inspect", window),
        },
    }
    if access.can("windows.inspections_view", window):
        context["inspections"] = selectors.inspection_list(access, window=window)[:6]
    if access.can("windows.tickets_view", window):
        context["tickets"] = selectors.ticket_list(access, window=window)[:8]
    if access.can("windows.ratings_view", window):
        context["ratings"] = selectors.recent_ratings(window, limit=10)
    return render(request, "windows/window.html", context)


@community_view("windows.posters")
def poster_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    window = _window(pk)
    request.access.require("windows.posters", window)
    return _posters_pdf(request, [window], f"{window.code}-qr.pdf")


@community_view("windows.posters")
def posters_pdf(request: HttpRequest) -> HttpResponse:
    """Every window the user may print for, one sheet each."""
    windows = list(selectors.windows_for(request.access, "windows.posters"))
    return _posters_pdf(request, windows, "window-qr-posters.pdf")


def _posters_pdf(request: HttpRequest, windows: list[Unit], filename: str) -> HttpResponse:
    context = {"posters": posters.posters(request, windows), "levels": posters.levels()}
    return pdf_response("windows/poster.html", context, filename=filename, request=request)


@community_view("windows.posters")
def poster_png(request: HttpRequest, pk: int) -> HttpResponse:
    window = _window(pk)
    request.access.require("windows.posters", window)
    png = posters.poster_png(request, window, request.community.name)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{window.code}-qr.png"'
    return response


@require_POST
@community_view("windows.qr_revoke")
def qr_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    window = _window(pk)
    request.access.require("windows.qr_revoke", window)
    services.qr_revoke(community=request.community, window=window, actor=request.user)
    messages.success(
        request, _("The QR code has been replaced: print the new poster; the old ones no longer work.")
    )
    return redirect(community_url(request, "windows:window", window.pk))


@community_view("windows.exemptions_manage")
def exemptions_edit(request: HttpRequest, pk: int) -> HttpResponse:
    window = _window(pk)
    request.access.require("windows.exemptions_manage", window)
    standard = selectors.standard_for(window)
    if standard is None:
        messages.error(request, _("The window's service network has no standard yet: add one first."))
        return redirect(community_url(request, "windows:window", window.pk))
    current = selectors.exemptions(window)
    initial = {"criteria": list(current), "reason": next((e.reason for e in current.values()), "")}
    form = ExemptionsForm(request.POST or None, standard=standard, initial=initial)
    return form_page(
        request,
        form,
        save=lambda f: services.exemptions_set(
            community=request.community,
            window=window,
            criteria=f.cleaned_data["criteria"],
            reason=f.cleaned_data["reason"],
            actor=request.user,
        ),
        template="windows/exemptions_form.html",
        success=lambda _result: community_url(request, "windows:window", window.pk),
        message=_("The items not applicable to the window have been saved."),
        context={"window": window, "standard": standard},
    )


@community_view("windows.view")
def benchmarks(request: HttpRequest) -> HttpResponse:
    titles = BenchmarkTitle.objects.select_related("window", "window__parent", "designated_by")
    context = {"titles": titles, "can_manage": request.access.can("windows.benchmarks_manage")}
    return list_page(
        request,
        "windows/benchmarks.html",
        context,
        title=_("Benchmark windows"),
        columns=[
            Column(_("Year"), lambda t: t.year),
            Column(_("Service window"), lambda t: t.window.name),
            Column(_("Reason"), lambda t: t.reason),
            Column(_("Designated by"), lambda t: t.designated_by.get_full_name() or t.designated_by.username),
        ],
        rows=titles,
    )


@community_view("windows.benchmarks_manage")
def benchmark_create(request: HttpRequest) -> HttpResponse:
    form = BenchmarkForm(request.POST or None, community=request.community)
    return form_page(
        request,
        form,
        save=lambda f: services.benchmark_designate(
            community=request.community, title=f.instance, actor=request.user
        ),
        template="windows/benchmark_form.html",
        success=lambda _title: community_url(request, "windows:benchmarks"),
        message=_("The window has been designated a benchmark window."),
    )


@require_POST
@community_view("windows.benchmarks_manage")
def benchmark_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    title = get_object_or_404(BenchmarkTitle, pk=pk)
    services.benchmark_revoke(title=title, actor=request.user)
    messages.success(request, _("The benchmark title has been withdrawn."))
    return redirect(community_url(request, "windows:benchmarks"))


@community_view("windows.settings")
def settings_page(request: HttpRequest) -> HttpResponse:
    policy = Policy.objects.filter(community=request.community).first() or Policy(community=request.community)
    form = PolicyForm(request.POST or None, instance=policy, community=request.community)
    board = reverse(
        "windows:board", args=[request.community.slug, board_token(request.community, policy.board_version)]
    )
    return form_page(
        request,
        form,
        save=lambda f: services.policy_save(
            community=request.community, policy=f.instance, actor=request.user
        ),
        template="windows/settings.html",
        success=lambda _policy: community_url(request, "windows:settings"),
        message=_("The ratings settings have been saved."),
        context={
            "board_url": request.build_absolute_uri(board),
            "history": history_entries(policy) if policy.pk else [],
        },
    )


@require_POST
@community_view("windows.settings")
def board_link_revoke(request: HttpRequest) -> HttpResponse:
    services.board_link_revoke(community=request.community, actor=request.user)
    messages.success(
        request, _("The board has a new link: open it on the TV again; the old link no longer works.")
    )
    return redirect(community_url(request, "windows:settings"))


@company_view
@replica_reads
def company_ranking(request: HttpRequest) -> HttpResponse:
    """The committee's ranking of every window of its communities, within each kind of network
    (the middleware checked the committee membership and put the communities in scope)."""
    month = ranking.Month.parse(request.GET.get("month"))
    groups = ranking.company_ranking(month)
    names = dict(request.company.communities.values_list("pk", "name"))
    for group in groups.values():
        for score in group:
            score.community_name = names.get(score.window.community_id, "")
    sections = [(label, groups[value]) for value, label in NetworkType.choices if groups.get(value)]
    context = {"company": request.company, "month": month, "months": _recent_months(), "sections": sections}
    return list_page(
        request,
        "windows/company.html",
        context,
        title=str(month),
        columns=[Column(_("Service network"), lambda r: r[0]), *_company_columns()],
        rows=[(label, score) for label, rows in sections for score in rows],
        filename=f"company-window-ranking-{month}.xlsx",
    )


def _company_columns() -> list[Column]:
    # The ranking's columns, read from the second item of a (network kind, score) row.
    return [Column(c.header, lambda r, c=c: c.value(r[1])) for c in _ranking_columns(with_community=True)]
