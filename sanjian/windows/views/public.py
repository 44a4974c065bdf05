"""The pages residents and the hall's TV open without logging in, through signed links.

They live under /c/<community>/ (so the community is in scope) and are marked public; a link
that is forged or belongs to another community answers 404, like a page that does not exist.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib.replica import replica_reads
from sanjian.lib.views import int_param
from sanjian.org.models import Unit
from sanjian.tenancy.access import community_view, public_view
from sanjian.windows import ranking, ratelimit, selectors, services
from sanjian.windows.forms import RatingForm
from sanjian.windows.models import BAD_LEVELS, BenchmarkTitle, Level, Reason
from sanjian.windows.tokens import TokenError, board_token_valid, forget_window, window_from_token


def _window(
    request: HttpRequest, token: str, methods: tuple[str, ...] = ("GET", "HEAD")
) -> Unit | HttpResponse:
    """The window of a QR link, or the page that explains why the link cannot be used.

    The link is checked before the method, so that a forged link is 404 whatever the method.
    """
    try:
        window = window_from_token(token, community=request.community)
    except TokenError as exc:
        if not exc.revoked:
            raise Http404 from exc
        return render(request, "windows/public/revoked.html", status=410)
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return window


def _rate_page(
    request: HttpRequest, window: Unit, form: RatingForm, *, status: int = 200, refusal: str = ""
) -> HttpResponse:
    context = {
        "window": window,
        "form": form,
        "token": request.resolver_match.kwargs["token"],
        "good_levels": [Level.VERY_SATISFIED, Level.SATISFIED, Level.BASICALLY_SATISFIED],
        "bad_levels": [Level.DISSATISFIED, Level.VERY_DISSATISFIED],
        "reasons": Reason.choices,
        "refusal": refusal,
    }
    return render(request, "windows/public/rate.html", context, status=status)


@public_view
@community_view()
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The page a QR code opens: one tap for a good rating, one more (the reason) for a bad one."""
    window = _window(request, token, ("GET", "HEAD", "POST"))
    if isinstance(window, HttpResponse):
        return window
    if request.method != "POST":
        return _rate_page(request, window, RatingForm())
    try:  # the hot path checks the fields without building a form; the form only explains a refusal
        fields = services.rating_clean(
            **{k: request.POST.get(k, "") for k in ("level", "reason", "comment", "phone")}
        )
    except ValidationError:
        form = RatingForm(request.POST)
        form.is_valid()
        return _rate_page(request, window, form, status=400)
    wait = ratelimit.device_wait(request, window.pk)
    if wait:
        refusal = _(
            "You rated this window less than an hour ago. Thank you! You may rate it again in %(minutes)s minutes."
        ) % {"minutes": wait}
        return _rate_page(request, window, RatingForm(), status=429, refusal=refusal)
    limit = ratelimit.address_limit(request, window.pk)  # counted with the rating, in its statement
    try:
        rating = services.rating_submit(community=request.community, window=window, limit=limit, **fields)
    except IntegrityError as exc:  # the window was deleted as its kept row was being used
        forget_window(window.pk)
        raise Http404 from exc
    if rating is None:
        refusal = _(
            "Too many ratings of this window came from your network in the last hour. Please try again later."
        )
        return _rate_page(request, window, RatingForm(), status=429, refusal=refusal)
    thanks = request.path + "thanks/"  # this page's own address, which ends with a slash
    response = HttpResponseRedirect(f"{thanks}?bad=1" if fields["level"] in BAD_LEVELS else thanks)
    response.status_code = 303
    ratelimit.remember(request, response, window.pk)
    return response


@public_view
@community_view()
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    window = _window(request, token)
    if isinstance(window, HttpResponse):
        return window
    context = {
        "window": window,
        "token": token,
        "bad": request.GET.get("bad") == "1",
        "days": selectors.policy_for(request.community).ticket_deadline_workdays,
    }
    return render(request, "windows/public/thanks.html", context)


@public_view
@community_view()
def window_page(request: HttpRequest, token: str) -> HttpResponse:
    """The window's public page: its standard, this month's satisfaction, its benchmark title."""
    window = _window(request, token)
    if isinstance(window, HttpResponse):
        return window
    month = ranking.Month.current()
    standard = selectors.standard_for(window)
    exempt = selectors.exemptions(window)
    groups = selectors.criteria_by_dimension(standard) if standard else {}
    context = {
        "window": window,
        "token": token,
        "month": month,
        "score": ranking.window_scores([window], month.start, month.end)[window.pk],
        "standard": standard,
        "groups": [(d, [c for c in items if c.pk not in exempt]) for d, items in groups.items()],
        "title": BenchmarkTitle.objects.filter(window=window, year=month.year).first(),
    }
    return render(request, "windows/public/window.html", context)


def _board(request: HttpRequest, token: str, template: str) -> HttpResponse:
    policy = selectors.policy_for(request.community)
    if not board_token_valid(token, community=request.community, version=policy.board_version):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    month = ranking.Month.current()
    rows = ranking.community_ranking(month)
    pages = max(1, -(-len(rows) // BOARD_ROWS_PER_PAGE))
    page = ((int_param(request.GET.get("page")) or 1) - 1) % pages + 1  # any number: it wraps round
    context = {
        "token": token,
        "month": month,
        "rows": rows[(page - 1) * BOARD_ROWS_PER_PAGE : page * BOARD_ROWS_PER_PAGE],
        "page": page,
        "pages": pages,
        "next_page": page % pages + 1,
        "seconds": BOARD_PAGE_SECONDS,
        "updated": timezone.localtime(),
    }
    return render(request, template, context)


#: The hall's TV shows the ranking a page at a time, every row in turn (the flagged bottom windows
#: too): eight rows fit a 1080p and a 720p screen in the board's type, each page stays long
#: enough to read, and each page fetched is fresh.
BOARD_ROWS_PER_PAGE = 8
BOARD_PAGE_SECONDS = 15


@public_view
@community_view()
@replica_reads
def board(request: HttpRequest, token: str) -> HttpResponse:
    """The ranking board for a TV in the hall: big type, refreshed every minute."""
    return _board(request, token, "windows/public/board.html")


@public_view
@community_view()
@replica_reads
def board_rows(request: HttpRequest, token: str) -> HttpResponse:
    """The board's table alone, for its periodic refresh (htmx)."""
    return _board(request, token, "windows/public/_board_rows.html")
