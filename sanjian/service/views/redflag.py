"""The mobile red flag: the board a community sees, a competition's page, and the committee's steps.

A community sees every competition it takes part in, with the ranking of every unit of every
community (names, scores, ranks, flags: the company board), and the details (its inspections,
the reason of a veto) of its own units only. The committee sees everything of its company.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_scopes import scope

from sanjian.lib.dates import Month, months_between
from sanjian.lib.excel import Column
from sanjian.lib.pdf import pdf_response
from sanjian.lib.views import list_page, titled_form_page
from sanjian.org.models import Unit, UnitKind
from sanjian.service import selectors
from sanjian.service.forms import CompetitionForm, EntrantForm
from sanjian.service.models import Competition, Round, RoundStatus
from sanjian.service.services import redflag
from sanjian.service.views.common import can, url
from sanjian.tenancy.access import community_view, company_access, company_view
from sanjian.tenancy.models import Community

COMPETING_KINDS = [UnitKind.NETWORK, UnitKind.WINDOW]


def _visible(request: HttpRequest) -> Any:
    """The competitions a community takes part in: its company's, and its own."""
    return Competition.objects.filter(company_id=request.community.company_id).filter(
        Q(host__isnull=True) | Q(host=request.community)
    )


def _month(request: HttpRequest, competition: Competition) -> Month:
    first, last = Month.of(competition.first_month), Month.of(competition.last_month)
    today = Month.current()
    default = (
        today if first.start <= today.start <= last.start else (last if today.start > last.start else first)
    )
    month = Month.parse(request.GET.get("month"), default)
    return month if first.start <= month.start <= last.start else default


def _named(competition: Competition, rows: list, history: list[dict[str, Any]]) -> dict[int, str]:
    """Put each row's community name on it (``community_name``) for the templates."""
    names = dict(Community.objects.filter(company_id=competition.company_id).values_list("pk", "name"))
    for row in rows:
        row.community_name = names.get(row.entrant.community_id, "")
    for row in history:
        row["community_name"] = names.get(row["entrant"].community_id, "")
    return names


def board_context(competition: Competition, month: Month, own: int | None) -> dict[str, Any]:
    """What a competition's page shows for ``month``; ``own``: the community whose details may
    be shown (None: the committee, who sees every community's)."""
    stored = Round.objects.filter(competition=competition, month=month.start).first()
    if stored is not None and stored.status == RoundStatus.CONFIRMED:
        rows = redflag.standings_of([stored]).get(stored.pk, [])
        provisional = False
    else:
        rows = redflag.results_for(competition, month)
        provisional = True
    rounds = list(Round.objects.filter(competition=competition).order_by("month"))
    standings = redflag.standings_of(rounds)
    winners = [(r, [s for s in standings.get(r.pk, []) if s.awarded]) for r in rounds]
    with scope(community=redflag.communities_of(competition)):
        history = selectors.flags_by_unit(competition)
    names = _named(competition, rows, history)
    return {
        "competition": competition,
        "month": month,
        "months": list(months_between(Month.of(competition.first_month), Month.of(competition.last_month))),
        "rows": rows,
        "provisional": provisional,
        "round": stored,
        "winners": winners,
        "history": history,
        "names": names,
        "own": own,
    }


@community_view("service.flags")
def flags(request: HttpRequest) -> HttpResponse:
    """The red-flag board: every competition the community takes part in."""
    competitions = list(_visible(request).order_by("-last_month", "name"))
    boards = []
    for competition in competitions:
        with scope(community=redflag.communities_of(competition)):
            history = selectors.flags_by_unit(competition)
        _named(competition, [], history)
        boards.append((competition, history))
    context = {
        "boards": boards,
        "can_manage": can(request, "service.manage"),
        "is_committee": company_access(request.user, request.community.company),
    }
    return render(request, "service/flags.html", context)


def _veto(row: Any, own: int) -> str:
    """As on the page: another community's veto shows, its reason does not."""
    if not row.vetoed:
        return ""
    return (row.veto_reason if row.entrant.community_id == own else "") or _("yes")


@community_view("service.flags")
def competition(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_object_or_404(_visible(request), pk=pk)
    context = board_context(competition, _month(request, competition), request.community.pk)
    context["can_run"] = competition.host_id == request.community.pk and can(request, "service.manage")
    context["base"] = url(request, "competition", competition.pk)
    own = request.community.pk
    return list_page(
        request,
        "service/competition.html",
        context,
        title=competition.name,
        columns=[
            Column(_("Rank"), lambda r: r.rank),
            Column(_("Unit"), lambda r: r.entrant.unit.name),
            Column(_("Community"), lambda r: r.community_name),
            Column(_("Weeks"), lambda r: r.weeks),
            Column(_("Score"), lambda r: r.score),
            Column(_("red flag"), lambda r: _("yes") if r.awarded else ""),
            Column(_("vetoed"), lambda r: _veto(r, own)),
        ],
        rows=context["rows"],
        filename=f"{competition.name}-{context['month']}.xlsx",
    )


def _units(community_ids: list[int]) -> Any:
    with scope(community=community_ids):
        return Unit.objects.filter(kind__in=COMPETING_KINDS, is_active=True).select_related("community")


def _entrant(request: HttpRequest, competition: Competition, back: str) -> HttpResponse:
    ids = redflag.communities_of(competition)
    form = EntrantForm(request.POST or None, units=_units(ids))
    return titled_form_page(
        request,
        form,
        save=lambda f: redflag.entrant_add(
            competition=competition, unit=f.cleaned_data["unit"], actor=request.user
        ),
        title=_("A unit joins %(name)s") % {"name": competition},
        back=back,
        message=gettext_lazy("The unit competes."),
    )


def _step(request: HttpRequest, competition: Competition, back: str) -> HttpResponse:
    """Rank a month or confirm its round (POST ``step``=rank|confirm, ``month``)."""
    month = Month.parse(request.POST.get("month"))
    try:
        with transaction.atomic():
            if request.POST.get("step") == "confirm":
                stored = get_object_or_404(Round, competition=competition, month=month.start)
                redflag.round_confirm(round=stored, actor=request.user)
                messages.success(request, _("The round has been awarded."))
            else:
                redflag.round_rank(competition=competition, month=month, actor=request.user)
                messages.success(request, _("The month has been ranked."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{back}?month={month}")


def _notice(request: HttpRequest, competition: Competition, month: str) -> HttpResponse:
    stored = get_object_or_404(
        Round, competition=competition, month=Month.parse(month).start, status=RoundStatus.CONFIRMED
    )
    standings = redflag.standings_of([stored]).get(stored.pk, [])
    names = _named(competition, standings, [])
    context = {
        "competition": competition,
        "round": stored,
        "winners": [s for s in standings if s.awarded],
        "ranked": [s for s in standings if s.rank],
        "names": names,
        "issuer": competition.host.general_branch_name or competition.host.name
        if competition.host_id
        else competition.company.committee_name or competition.company.name,
        "today": timezone.localdate(),
    }
    return pdf_response(
        "service/notice.html", context, filename=f"red-flag-{stored.month:%Y-%m}.pdf", request=request
    )


def _own(request: HttpRequest, pk: int) -> Competition:
    """A competition the community runs itself (404 for the company's and others')."""
    competition = get_object_or_404(_visible(request), pk=pk)
    if competition.host_id != request.community.pk:
        raise Http404
    return competition


@community_view("service.manage")
def competition_create(request: HttpRequest) -> HttpResponse:
    form = CompetitionForm(request.POST or None, instance=Competition(host=request.community))
    return titled_form_page(
        request,
        form,
        save=lambda f: redflag.competition_save(
            company=request.community.company, competition=f.instance, actor=request.user
        ),
        title=_("New red-flag competition"),
        back=url(request, "flags"),
        message=gettext_lazy("The competition has been saved."),
        success=lambda c: url(request, "competition", c.pk),
    )


@community_view("service.manage")
def entrant_add(request: HttpRequest, pk: int) -> HttpResponse:
    competition = _own(request, pk)
    return _entrant(request, competition, url(request, "competition", pk))


@require_POST
@community_view("service.manage")
def competition_step(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, _own(request, pk), url(request, "competition", pk))


@community_view("service.flags")
def notice(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    return _notice(request, get_object_or_404(_visible(request), pk=pk), month)


# --- The committee's pages under /company/<slug>/service/ ------------------------------------------


def _company_url(request: HttpRequest, name: str, *args: object) -> str:
    from django.urls import reverse

    return reverse(f"service_company:{name}", args=[request.company.slug, *args])


@company_view
def company_competitions(request: HttpRequest) -> HttpResponse:
    competitions = Competition.objects.filter(company=request.company).select_related("host")
    boards = []
    for competition in competitions:
        with scope(community=redflag.communities_of(competition)):
            history = selectors.flags_by_unit(competition)
        _named(competition, [], history)
        boards.append((competition, history))
    return render(request, "service/company.html", {"company": request.company, "boards": boards})


@company_view
def company_competition_create(request: HttpRequest) -> HttpResponse:
    form = CompetitionForm(request.POST or None, hosts=request.company.communities.all())
    return titled_form_page(
        request,
        form,
        save=lambda f: redflag.competition_save(
            company=request.company, competition=f.instance, actor=request.user
        ),
        title=_("New red-flag competition"),
        back=_company_url(request, "competitions"),
        message=gettext_lazy("The competition has been saved."),
        success=lambda c: _company_url(request, "competition", c.pk),
    )


@company_view
def company_competition(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_object_or_404(Competition, company=request.company, pk=pk)
    context = board_context(competition, _month(request, competition), None)
    context["can_run"] = True
    context["base"] = _company_url(request, "competition", competition.pk)
    context["company"] = request.company
    return render(request, "service/competition.html", context)


@company_view
def company_entrant_add(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_object_or_404(Competition, company=request.company, pk=pk)
    return _entrant(request, competition, _company_url(request, "competition", pk))


@require_POST
@company_view
def company_competition_step(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_object_or_404(Competition, company=request.company, pk=pk)
    return _step(request, competition, _company_url(request, "competition", pk))


@company_view
def company_notice(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    return _notice(request, get_object_or_404(Competition, company=request.company, pk=pk), month)
