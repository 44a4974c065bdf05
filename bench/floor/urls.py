"""Two views: ``hello`` (Django alone) and ``insert`` (Django and one INSERT)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from bench.floor.models import Row


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


@csrf_exempt
def insert(request: HttpRequest) -> HttpResponse:
    Row.objects.create(window_id=int(request.POST.get("window") or 1), level=5, day=timezone.localdate())
    return HttpResponse(status=201)


urlpatterns = [path("hello/", hello), path("insert/", insert)]
