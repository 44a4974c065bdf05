"""The project's URLs plus two bare views under /c/<community>/bench/: the in-stack baselines.

Compared with the floor project's own hello and insert (``bench/floor/``), they show what the
project's stack (middleware, community resolution, connection handling) costs by itself.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import path
from django.utils import timezone

from sanjian.tenancy.access import community_view, public_view
from sanjian.urls import urlpatterns as project
from sanjian.windows.models import Rating


@public_view
@community_view()
def bare_insert(request: HttpRequest) -> HttpResponse:
    """A Django view that inserts one row into the ratings table and nothing else: no token, no
    rate limit, no validation, no rollup, no ticket. It runs behind the same middleware (session,
    CSRF, community resolution) as the rating page, so the ratio measures the rating's own work."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    Rating.objects.create(
        community=request.community, window_id=int(request.POST["window"]), level=5, day=timezone.localdate()
    )
    return HttpResponse(status=201)


@public_view
@community_view()
def bare_hello(request: HttpRequest) -> HttpResponse:
    """A Django view that answers a constant behind the whole stack: no query of its own."""
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [
    path("c/<slug:community_slug>/bench/insert/", bare_insert, name="bench_insert"),
    path("c/<slug:community_slug>/bench/hello/", bare_hello, name="bench_hello"),
    *project,
]
