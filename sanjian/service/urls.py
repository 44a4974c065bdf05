"""Pages of the service app under /c/<community>/service/, and the committee's red-flag pages under
/company/<company_slug>/service/ (``company_urlpatterns``, included by ``sanjian/urls.py``)."""

from django.urls import path

from sanjian.service.views import canteen, cleaning, dormitories, inspections, redflag, requests

app_name = "service"
urlpatterns = [
    path("", dormitories.buildings, name="buildings"),
    path("buildings/new/", dormitories.building_create, name="building_create"),
    path("buildings/<int:pk>/", dormitories.building, name="building"),
    path("buildings/<int:pk>/edit/", dormitories.building_edit, name="building_edit"),
    path("buildings/<int:building>/floors/new/", dormitories.floor_create, name="floor_create"),
    path("floors/<int:floor>/attendant/", dormitories.duty_assign, name="duty_assign"),
    path("rooms/new/", dormitories.room_edit, name="room_create"),
    path("rooms/<int:pk>/", dormitories.room, name="room"),
    path("rooms/<int:pk>/edit/", dormitories.room_edit, name="room_edit"),
    path("rooms/<int:pk>/check-in/", dormitories.room_assign, name="room_assign"),
    path("stays/<int:pk>/check-out/", dormitories.check_out, name="check_out"),
    path("duties/", dormitories.duties, name="duties"),
    path("inspect/<str:kind>/", inspections.inspect, name="inspect"),
    path("inspections/", inspections.inspections, name="inspections"),
    path("inspections/<int:pk>/", inspections.inspection, name="inspection"),
    path("cleaning/", cleaning.areas, name="areas"),
    path("cleaning/new/", cleaning.area_create, name="area_create"),
    path("cleaning/<int:pk>/", cleaning.area, name="area"),
    path("cleaning/<int:pk>/edit/", cleaning.area_edit, name="area_edit"),
    path("cleaning/<int:pk>/shifts/new/", cleaning.shift_add, name="shift_add"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/new/", requests.request_create, name="request_create"),
    path("requests/<int:pk>/", requests.request_detail, name="request"),
    path("requests/<int:pk>/done/", requests.request_resolve, name="request_resolve"),
    path("requests/<int:pk>/call-back/", requests.request_call_back, name="request_call_back"),
    path("requests/<int:pk>/verify/", requests.complaint_verify, name="complaint_verify"),
    path("canteen/", canteen.dishes, name="dishes"),
    path("canteen/dishes/new/", canteen.dish_create, name="dish_create"),
    path("canteen/dishes/<int:pk>/", canteen.dish, name="dish"),
    path("canteen/dishes/<int:pk>/edit/", canteen.dish_edit, name="dish_edit"),
    path("canteen/dishes/<int:pk>/photo/", canteen.dish_photo, name="dish_photo"),
    path("canteen/rate/<str:token>/", canteen.dish_rate, name="dish_rate"),
    path("canteen/themes/new/", canteen.theme_create, name="theme_create"),
    path("canteen/themes/<int:pk>/edit/", canteen.theme_edit, name="theme_edit"),
    path("canteen/records/", canteen.records, name="records"),
    path("canteen/records/new/", canteen.record_add, name="record_add"),
    path("canteen/records/import/", canteen.records_import, name="records_import"),
    path("canteen/banquets/", canteen.banquets, name="banquets"),
    path("canteen/banquets/hero/", canteen.hero_banquet, name="hero_banquet"),
    path("canteen/banquets/<int:pk>/", canteen.banquet, name="banquet"),
    path("canteen/birthdays/", canteen.birthdays, name="birthdays"),
    path("red-flag/", redflag.flags, name="flags"),
    path("red-flag/new/", redflag.competition_create, name="competition_create"),
    path("red-flag/<int:pk>/", redflag.competition, name="competition"),
    path("red-flag/<int:pk>/units/new/", redflag.entrant_add, name="entrant_add"),
    path("red-flag/<int:pk>/step/", redflag.competition_step, name="competition_step"),
    path("red-flag/<int:pk>/notice/<str:month>/", redflag.notice, name="notice"),
]

company_urlpatterns = [
    # the committee's pages under /company/<company_slug>/service/
    path("", redflag.company_competitions, name="competitions"),
    path("new/", redflag.company_competition_create, name="competition_create"),
    path("<int:pk>/", redflag.company_competition, name="competition"),
    path("<int:pk>/units/new/", redflag.company_entrant_add, name="entrant_add"),
    path("<int:pk>/step/", redflag.company_competition_step, name="competition_step"),
    path("<int:pk>/notice/<str:month>/", redflag.company_notice, name="notice"),
]
