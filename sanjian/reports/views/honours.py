"""The honours register: every title of a period, those entered by hand and those the platform
awarded, and the forms that keep the entered ones."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from sanjian.lib.excel import Column
from sanjian.lib.files import file_download
from sanjian.lib.history import history_entries
from sanjian.lib.views import delete_page, form_page, list_page
from sanjian.reports import honours
from sanjian.reports.forms import HonourForm, year_of
from sanjian.reports.models import Honour
from sanjian.reports.services import honour_delete, honour_save
from sanjian.tenancy.access import community_url, community_view


@community_view("reports.honours")
def honour_list(request: HttpRequest) -> HttpResponse:
    year = year_of(request.GET.get("year"))
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = honours.register(request.community, start, end)
    context = {
        "rows": rows,
        "year": year,
        "years": range(year - 4, year + 2),
        "may_manage": request.access.can("reports.honours_manage"),
    }
    return list_page(
        request,
        "reports/honours.html",
        context,
        title=_("Honours"),
        columns=[
            Column(_("Awarded on"), lambda e: e.awarded_on),
            Column(_("Title"), lambda e: e.title),
            Column(_("Level"), lambda e: e.level_label),
            Column(_("Awarding body"), lambda e: e.awarding_body),
            Column(_("Holder"), lambda e: e.holder),
        ],
        rows=rows,
        filename=_("honours-%(year)s.xlsx") % {"year": year},
    )


def _form(request: HttpRequest, honour: Honour | None) -> HttpResponse:
    form = HonourForm(
        request.POST or None, request.FILES or None, instance=honour, community=request.community
    )
    return form_page(
        request,
        form,
        save=lambda f: honour_save(community=request.community, honour=f.instance, actor=request.user),
        template="reports/honour_form.html",
        success=lambda h: community_url(request, "reports:honours") + f"?year={h.awarded_on.year}",
        message=_("The honour has been saved."),
        context={
            "honour": honour,
            "cancel": community_url(request, "reports:honours"),
            "history": history_entries(honour) if honour else None,
        },
    )


@community_view("reports.honours_manage")
def honour_create(request: HttpRequest) -> HttpResponse:
    return _form(request, None)


@community_view("reports.honours_manage")
def honour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form(request, get_object_or_404(Honour, pk=pk))


@community_view("reports.honours_manage")
def honour_remove(request: HttpRequest, pk: int) -> HttpResponse:
    honour = get_object_or_404(Honour, pk=pk)
    back = community_url(request, "reports:honours")
    return delete_page(
        request,
        honour,
        delete=lambda: honour_delete(honour=honour, actor=request.user),
        success=back,
        cancel=back,
        message=_("The honour has been deleted."),
    )


@community_view("reports.honours")
def honour_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    honour = get_object_or_404(Honour, pk=pk)
    return file_download(honour.evidence, download_name=honour.title)
