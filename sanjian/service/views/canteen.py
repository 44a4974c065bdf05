"""The canteen: weekly dishes (with the poster a resident scans and the page that rates), themed
months, production records and their import, hero and birthday banquets."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sanjian.lib import ratings
from sanjian.lib.dates import Month
from sanjian.lib.excel import Column, export_response, wants_xlsx, xlsx_response, xlsx_url
from sanjian.lib.files import file_download
from sanjian.lib.history import history_entries
from sanjian.lib.qr import qr_svg
from sanjian.lib.views import form_page, int_param, list_page, titled_form_page
from sanjian.org.models import Unit
from sanjian.service.forms import BanquetForm, DishForm, DishRatingForm, ImportForm, RecordForm, ThemeForm
from sanjian.service.models import Banquet, BanquetKind, Dish, ProductionRecord, ThemedMonth
from sanjian.service.services import canteen as services
from sanjian.service.views.common import can, record_pages, url
from sanjian.tenancy.access import community_view, public_view

DISH_SALT = "sanjian.service.dish-link"
#: One rating per device per dish an hour; at most SERVICE_DISH_RATINGS_PER_IP_PER_HOUR from one address.
RATED = ratings.DeviceLimit(
    "dish",
    "sj_dish",
    "sanjian.service.dish-rated",
    per_address=lambda: settings.SERVICE_DISH_RATINGS_PER_IP_PER_HOUR,
)


def dish_token(dish: Dish) -> str:
    return ratings.sign(DISH_SALT, dish.community_id, dish.pk)


@community_view("service.view")
def dishes(request: HttpRequest) -> HttpResponse:
    year = int_param(request.GET.get("year")) or timezone.localdate().year
    rows = Dish.objects.filter(week__year=year).select_related("canteen", "theme").order_by("-week")
    context = {
        "rows": rows,
        "year": year,
        "themes": ThemedMonth.objects.filter(month__year=year),
        "can_manage": can(request, "service.manage"),
    }
    return list_page(
        request,
        "service/dishes.html",
        context,
        title=_("Weekly dishes"),
        columns=[
            Column(_("Week of"), lambda d: d.week),
            Column(_("Canteen"), lambda d: d.canteen.name),
            Column(_("Dish"), lambda d: d.name),
            Column(_("Themed month"), lambda d: str(d.theme or "")),
            Column(_("Ratings"), lambda d: d.ratings),
            Column(_("Average stars"), lambda d: d.average),
        ],
        rows=rows,
        filename=f"{_('Weekly dishes')}-{year}.xlsx",
    )


@community_view("service.view")
def dish(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Dish.objects.select_related("canteen", "theme"), pk=pk)
    link = request.build_absolute_uri(url(request, "dish_rate", dish_token(item)))
    context = {
        "dish": item,
        "link": link,
        "qr": qr_svg(link, scale=5, title=item.name),
        "can_manage": can(request, "service.manage"),
        "history": history_entries(item),
    }
    return render(request, "service/dish.html", context)


@community_view("service.view")
def dish_photo(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Dish, pk=pk)
    if not item.photo:
        raise Http404
    return file_download(item.photo, inline=True)


dish_create, dish_edit = record_pages(
    model=Dish,
    form=DishForm,
    save=services.dish_save,
    name="dish",
    success="service:dish",
    title=gettext_lazy("Weekly dish"),
    back="dishes",
    multipart=True,
).views("service.manage")


def _dish_of(request: HttpRequest, token: str) -> Dish:
    try:
        community_id, dish_id = ratings.unsign(DISH_SALT, token, size=2)
    except ratings.TokenError as exc:
        raise Http404 from exc
    if community_id != request.community.pk:
        raise Http404
    return get_object_or_404(Dish.objects.select_related("canteen", "theme"), pk=dish_id)


@public_view
@community_view()
def dish_rate(request: HttpRequest, token: str) -> HttpResponse:
    """The page the dish's QR code opens: stars and a comment, no account."""
    item = _dish_of(request, token)
    form = DishRatingForm(request.POST or None)
    status, refusal = 200, ""
    if request.method == "POST":
        status = 400
        wait = RATED.device_wait(request, item.pk)
        if wait:
            status, refusal = 429, _("You rated this dish less than an hour ago. Thank you!")
        elif form.is_valid():
            if not RATED.address_allows(request, item.pk):
                status, refusal = (
                    429,
                    _("Too many ratings came from your network in the last hour. Please try again later."),
                )
            else:
                try:
                    services.dish_rate(community=request.community, dish=item, **form.cleaned_data)
                except ValidationError as exc:
                    form.add_error(None, exc.messages)
                else:
                    response = HttpResponseRedirect(request.path + "?thanks=1")
                    response.status_code = 303
                    RATED.remember(request, response, item.pk)
                    return response
    context = {"dish": item, "form": form, "refusal": refusal, "thanks": request.GET.get("thanks") == "1"}
    return render(request, "service/dish_rate.html", context, status=status)


theme_create, theme_edit = record_pages(
    model=ThemedMonth,
    form=ThemeForm,
    save=services.theme_save,
    name="theme",
    success=lambda request, theme: url(request, "dishes") + f"?year={theme.month.year}",
    title=gettext_lazy("Themed month"),
    back="dishes",
).views("service.manage")


@community_view("service.view")
def records(request: HttpRequest) -> HttpResponse:
    year = int_param(request.GET.get("year")) or timezone.localdate().year
    rows = ProductionRecord.objects.filter(achieved_on__year=year).select_related("person")
    context = {"rows": rows, "year": year, "can_manage": can(request, "service.manage")}
    return list_page(
        request,
        "service/records.html",
        context,
        title=_("Production records"),
        columns=[
            Column(_("Date"), lambda r: r.achieved_on),
            Column(_("Name"), lambda r: r.person.name),
            Column(_("Team"), lambda r: r.team),
            Column(_("Achievement"), lambda r: r.achievement),
        ],
        rows=rows,
        filename=f"{_('Production records')}-{year}.xlsx",
    )


@community_view("service.manage")
def record_add(request: HttpRequest) -> HttpResponse:
    form = RecordForm(request.POST or None, community=request.community)
    return titled_form_page(
        request,
        form,
        save=lambda f: services.record_add(
            community=request.community, record=f.instance, actor=request.user
        ),
        title=_("New production record"),
        back=url(request, "records"),
        message=gettext_lazy("Saved."),
    )


@community_view("service.manage")
def records_import(request: HttpRequest) -> HttpResponse:
    if request.GET.get("template"):
        return xlsx_response(services.import_template(), "production-records-template.xlsx")
    form = ImportForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda f: services.records_import(
            community=request.community, upload=f.cleaned_data["file"], actor=request.user
        ),
        template="service/import.html",
        success=lambda rows: url(request, "records"),
        message=gettext_lazy("The production records have been imported."),
        context={"title": _("Import production records"), "cancel": url(request, "records")},
    )


@community_view("service.view")
def banquets(request: HttpRequest) -> HttpResponse:
    rows = Banquet.objects.select_related("canteen").prefetch_related("guests__person")
    context = {"rows": rows, "can_manage": can(request, "service.manage")}
    return list_page(
        request,
        "service/banquets.html",
        context,
        title=_("Banquets"),
        columns=[
            Column(pgettext("banquet", "Held on"), lambda b: b.held_on),
            Column(_("Kind"), lambda b: b.get_kind_display()),
            Column(_("Title"), lambda b: b.title),
            Column(_("Canteen"), lambda b: str(b.canteen or "")),
            Column(_("Guests"), lambda b: ", ".join(g.person.name for g in b.guests.all())),
        ],
        rows=rows,
    )


@community_view("service.view")
def banquet(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Banquet.objects.select_related("canteen"), pk=pk)
    guests = item.guests.select_related("person", "record")
    return render(
        request, "service/banquet.html", {"banquet": item, "guests": guests, "history": history_entries(item)}
    )


@community_view("service.manage")
def hero_banquet(request: HttpRequest) -> HttpResponse:
    form = BanquetForm(request.POST or None, kind=BanquetKind.HERO, community=request.community)
    return titled_form_page(
        request,
        form,
        save=lambda f: services.banquet_hold(
            community=request.community,
            banquet=f.instance,
            records=list(f.cleaned_data["records"]),
            guests=list(f.cleaned_data["guests"]),
            actor=request.user,
        ),
        title=_("Hero banquet"),
        back=url(request, "banquets"),
        message=gettext_lazy("The banquet has been recorded."),
        success=lambda b: url(request, "banquet", b.pk),
    )


@community_view("service.view")
def birthdays(request: HttpRequest) -> HttpResponse:
    """The month's birthdays from the people archive (29 February kept on 28 February in a
    common year), filterable by unit; a manager records the month's banquet from the list."""
    month = Month.parse(request.GET.get("month"))
    unit = Unit.objects.filter(pk=int_param(request.GET.get("unit"))).first()
    found = services.birthdays(month, unit)
    if wants_xlsx(request):  # a form page too (the banquet), so not list_page
        return export_response(
            title=_("Birthdays"),
            columns=[
                Column(_("Birthday"), lambda r: r[0]),
                Column(_("Name"), lambda r: r[1].name),
                Column(_("Unit"), lambda r: str(r[1].unit or "")),
                Column(_("Born"), lambda r: r[1].birth_date),
            ],
            rows=found,
            filename=f"{_('Birthdays')}-{month}.xlsx",
        )
    people = [p for _day, p in found]
    initial = {
        "title": _("Birthday banquet of %(month)s") % {"month": f"{month.year}-{month.month:02d}"},
        "held_on": timezone.localdate(),
    }
    form = BanquetForm(
        request.POST or None,
        initial={**initial, "guests": people},
        kind=BanquetKind.BIRTHDAY,
        guests=_people_of(found),
        community=request.community,
    )
    if request.method == "POST":
        request.access.require("service.manage")
    return form_page(
        request,
        form,
        save=lambda f: services.banquet_hold(
            community=request.community,
            banquet=f.instance,
            guests=list(f.cleaned_data["guests"]),
            actor=request.user,
        ),
        template="service/birthdays.html",
        success=lambda b: url(request, "banquet", b.pk),
        message=gettext_lazy("The banquet has been recorded."),
        context={
            "month": month,
            "unit": unit,
            "units": Unit.objects.filter(is_active=True).order_by("kind", "sort_order", "name"),
            "found": found,
            "can_manage": can(request, "service.manage"),
            "export_url": xlsx_url(request),
        },
    )


def _people_of(found: list[tuple[datetime.date, object]]):
    from sanjian.members.models import Person

    return Person.objects.filter(pk__in=[p.pk for _day, p in found])
