"""Pages of the health app. Archives, plans and visits are for medical roles only
(``health.care``); everyone else sees the statistics page (counts and rates). Each page that
shows an archive logs the read once; lists show phone and ID number masked."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.health import exports, selectors
from sanjian.health.forms import ArchiveForm, VisitForm, doctors_of
from sanjian.health.models import (
    ArchiveCondition,
    ArchiveStatus,
    Condition,
    FollowUpPlan,
    HealthArchive,
    PlanStatus,
    Visit,
)
from sanjian.health.services import archives as archive_services
from sanjian.health.services.visits import visit_record
from sanjian.lib.dates import Month
from sanjian.lib.excel import xlsx_response
from sanjian.lib.history import history_entries
from sanjian.lib.views import form_page, int_param
from sanjian.tenancy.access import community_url, community_view
from sanjian.tenancy.models import ReadVia
from sanjian.tenancy.selectors import reads_of, reads_of_kind
from sanjian.tenancy.services import record_read


def _read(request: HttpRequest, archive: HealthArchive, via: str = ReadVia.PAGE) -> None:
    record_read(community=request.community, record=archive, actor=request.user, via=via)


def _archives() -> Any:
    return HealthArchive.objects.select_related("person", "doctor").prefetch_related(
        Prefetch("diagnoses", queryset=ArchiveCondition.objects.select_related("condition"))
    )


def _doctor_scope(request: HttpRequest) -> tuple[Any, bool]:
    """Whose plans a list shows: the doctor's own, or (``?all=1``, or a lead's ``?doctor=``)
    the community's."""
    if request.GET.get("all"):
        return None, True
    doctor_id = int_param(request.GET.get("doctor"))
    if doctor_id and request.access.can("health.lead"):
        return doctors_of(request.community).filter(pk=doctor_id).first(), False
    return request.user, False


@community_view("health.care")
def overdue(request: HttpRequest) -> HttpResponse:
    """The doctor's home: their overdue follow-ups, oldest first, then those due in 30 days."""
    today = timezone.localdate()
    doctor, everyone = _doctor_scope(request)
    late = list(selectors.overdue(today=today, doctor=doctor))
    soon = list(selectors.due_soon(today=today, doctor=doctor))
    for plan in late:
        plan.days_late = (today - plan.due_date).days
    context = {
        "late": late,
        "soon": soon,
        "doctor": doctor,
        "everyone": everyone,
        "doctors": doctors_of(request.community) if request.access.can("health.lead") else [],
        "can_export": request.access.can("health.lead"),
    }
    return render(request, "health/overdue.html", context)


@community_view("health.lead")
def overdue_export(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    doctor, _everyone = _doctor_scope(request)
    plans = list(selectors.overdue(today=today, doctor=doctor))
    content = exports.plans_xlsx(request.community, plans, actor=request.user, today=today)
    return xlsx_response(content, _("overdue-follow-ups-%(date)s.xlsx") % {"date": today.isoformat()})


def _archive_search(request: HttpRequest) -> Any:
    archives = _archives()
    q = (request.GET.get("q") or "").strip()
    if q:
        archives = archives.filter(Q(number__icontains=q) | Q(person__name__icontains=q))
    status = request.GET.get("status", "")
    if status in ArchiveStatus.values:
        archives = archives.filter(status=status)
    condition = int_param(request.GET.get("condition"))
    if condition:
        archives = archives.filter(diagnoses__condition_id=condition)
    if request.GET.get("mine"):
        archives = archives.filter(doctor=request.user)
    return archives.order_by("number")


@community_view("health.care")
def archive_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(_archive_search(request), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": ArchiveStatus.choices,
        "conditions": Condition.objects.all(),
        "can_export": request.access.can("health.lead"),
        "query": _without_page(request),
    }
    return render(request, "health/archives.html", context)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@community_view("health.lead")
def archive_export(request: HttpRequest) -> HttpResponse:
    archives = list(_archive_search(request))
    content = exports.archives_xlsx(request.community, archives, actor=request.user)
    return xlsx_response(content, _("health-archives.xlsx"))


@community_view("health.care")
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    archive = get_object_or_404(_archives(), pk=pk)
    _read(request, archive)
    plans = FollowUpPlan.objects.filter(archive=archive).select_related("condition", "doctor")
    context = {
        "archive": archive,
        "open_plans": [p for p in plans if p.status == PlanStatus.OPEN],
        "done_plans": [p for p in plans if p.status == PlanStatus.DONE][-8:],
        "visits": Visit.objects.filter(archive=archive).select_related("doctor")[:20],
        "outreach": archive.outreach.select_related("event").order_by("-event__date")[:10],
        "history": history_entries(archive),
        "today": timezone.localdate(),
        "is_lead": request.access.can("health.lead"),
        "reads": reads_of(archive)[:20] if request.access.can("health.lead") else [],
    }
    return render(request, "health/archive.html", context)


@community_view("health.care")
def archive_new(request: HttpRequest) -> HttpResponse:
    form = ArchiveForm(request.POST or None, community=request.community)

    def save(form: ArchiveForm) -> HealthArchive:
        data = dict(form.cleaned_data)
        return archive_services.archive_create(
            community=request.community,
            person=data.pop("person"),
            conditions=data.pop("conditions"),
            actor=request.user,
            **data,
        )

    return form_page(
        request,
        form,
        save=save,
        template="health/archive_form.html",
        success=lambda archive: community_url(request, "health:archive", archive.pk),
        message=gettext_lazy("The health archive has been opened and its follow-ups planned."),
    )


@community_view("health.care")
def archive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    archive = get_object_or_404(_archives(), pk=pk)
    form = ArchiveForm(request.POST or None, instance=archive, community=request.community)

    def save(form: ArchiveForm) -> HealthArchive:
        data = dict(form.cleaned_data)
        conditions = data.pop("conditions")
        return archive_services.archive_update(
            archive=archive, conditions=conditions, actor=request.user, **data
        )

    response = form_page(
        request,
        form,
        save=save,
        template="health/archive_form.html",
        success=lambda archive: community_url(request, "health:archive", archive.pk),
        message=gettext_lazy("The health archive has been saved."),
        context={"archive": archive},
    )
    if response.status_code != 302:
        _read(request, archive)
    return response


@community_view("health.care")
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The follow-up form, phone-first: what is due, then the visit. Back to the overdue list."""
    archive = get_object_or_404(_archives(), pk=pk)
    form = VisitForm(request.POST or None, community=request.community)

    def save(form: VisitForm) -> Visit:
        return visit_record(archive=archive, actor=request.user, **form.cleaned_data)

    context = {
        "archive": archive,
        "open_plans": FollowUpPlan.objects.filter(
            archive=archive, status=PlanStatus.OPEN, period_start__lte=timezone.localdate()
        ).select_related("condition"),
        "last": Visit.objects.filter(archive=archive).first(),
    }
    response = form_page(
        request,
        form,
        save=save,
        template="health/visit_form.html",
        success=lambda visit: community_url(request, "health:overdue"),
        message=gettext_lazy("The follow-up has been recorded."),
        context=context,
    )
    if response.status_code != 302:
        _read(request, archive)
    return response


def _visits(request: HttpRequest) -> tuple[Any, Month]:
    month = Month.parse(request.GET.get("month"))
    visits = Visit.objects.filter(date__gte=month.start, date__lte=month.end).select_related(
        "archive__person", "doctor"
    )
    doctor, _everyone = _doctor_scope(request)
    if doctor is not None:
        visits = visits.filter(doctor=doctor)
    return visits, month


@community_view("health.care")
def visit_list(request: HttpRequest) -> HttpResponse:
    visits, month = _visits(request)
    context = {
        "visits": visits,
        "month": month,
        "previous": month.previous(),
        "next": month.next(),
        "can_export": request.access.can("health.lead"),
        "everyone": bool(request.GET.get("all")),
    }
    return render(request, "health/visits.html", context)


@community_view("health.lead")
def visit_export(request: HttpRequest) -> HttpResponse:
    visits, month = _visits(request)
    content = exports.visits_xlsx(request.community, list(visits), actor=request.user)
    return xlsx_response(content, _("follow-up-visits-%(month)s.xlsx") % {"month": month})


def _year(request: HttpRequest) -> int:
    year = int_param(request.GET.get("year")) or timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@community_view("health.stats")
def stats(request: HttpRequest) -> HttpResponse:
    """Counts and rates for everyone who may see them: no resident's name or data."""
    year = _year(request)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    figures = selectors.headline(request.community, start, end)
    rates = selectors.on_time_by_doctor(start, end)
    doctors = {u.pk: u for u in doctors_of(request.community)}
    rows = [(doctors.get(doctor_id), rate) for doctor_id, rate in rates.items()]
    context = {
        "figures": figures,
        "year": year,
        "rows": rows,
        "years": range(year - 2, year + 1),
        "perms_care": request.access.can("health.care"),
    }
    return render(request, "health/stats.html", context)


@community_view("health.stats")
def stats_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return xlsx_response(
        exports.stats_xlsx(request.community, year), _("health-statistics-%(year)s.xlsx") % {"year": year}
    )


@community_view("health.lead")
def reads(request: HttpRequest) -> HttpResponse:
    """The log of archive reads: who opened, exported or fetched which archive, and when."""
    log = reads_of_kind(HealthArchive)
    user_id = int_param(request.GET.get("user"))
    if user_id:
        log = log.filter(user_id=user_id)
    archive_id = int_param(request.GET.get("archive"))
    if archive_id:
        log = log.filter(object_id=archive_id)
    page = Paginator(log, 100).get_page(request.GET.get("page"))
    archives = {
        a.pk: a
        for a in HealthArchive.objects.filter(pk__in=[r.object_id for r in page]).select_related("person")
    }
    rows = [(r, archives.get(r.object_id)) for r in page]
    return render(request, "health/reads.html", {"page": page, "rows": rows})
