"""Pages of the windows app under /c/<community>/windows/, and the committee's page under
/company/<company_slug>/windows/ (``company_urlpatterns``, included by ``sanjian/urls.py``)."""

from django.urls import path

from sanjian.windows.views import inspections, public, ranking, standards, tickets

app_name = "windows"
urlpatterns = [
    path("", ranking.ranking_page, name="ranking"),
    path("ranking.xlsx", ranking.ranking_xlsx, name="ranking_xlsx"),
    path("<int:pk>/", ranking.window_detail, name="window"),
    path("<int:pk>/poster.pdf", ranking.poster_pdf, name="poster_pdf"),
    path("<int:pk>/poster.png", ranking.poster_png, name="poster_png"),
    path("<int:pk>/qr/revoke/", ranking.qr_revoke, name="qr_revoke"),
    path("<int:pk>/not-applicable/", ranking.exemptions_edit, name="exemptions"),
    path("posters.pdf", ranking.posters_pdf, name="posters_pdf"),
    path("benchmarks/", ranking.benchmarks, name="benchmarks"),
    path("benchmarks/new/", ranking.benchmark_create, name="benchmark_create"),
    path("benchmarks/<int:pk>/revoke/", ranking.benchmark_revoke, name="benchmark_revoke"),
    path("settings/", ranking.settings_page, name="settings"),
    path("settings/board-link/", ranking.board_link_revoke, name="board_link_revoke"),
    path("standards/", standards.standards, name="standards"),
    path("standards/new/", standards.standard_create, name="standard_create"),
    path("standards/<int:pk>/", standards.standard_detail, name="standard"),
    path("standards/<int:pk>/edit/", standards.standard_edit, name="standard_edit"),
    path("standards/<int:pk>/items/new/", standards.criterion_create, name="criterion_create"),
    path("items/<int:pk>/", standards.criterion_edit, name="criterion_edit"),
    path("items/<int:pk>/delete/", standards.criterion_delete, name="criterion_delete"),
    path("inspections/", inspections.inspections, name="inspections"),
    path("inspections/new/", inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/submit/", inspections.inspection_submit, name="inspection_submit"),
    path("inspections/<int:pk>/delete/", inspections.inspection_delete, name="inspection_delete"),
    path("inspections/<int:pk>/correct/", inspections.inspection_correct, name="inspection_correct"),
    path("inspections/<int:pk>/items/<int:line_pk>/deduct/", inspections.deduction_add, name="deduction_add"),
    path("inspections/<int:pk>/items/<int:line_pk>/veto/", inspections.veto, name="veto"),
    path(
        "inspections/<int:pk>/deductions/<int:deduction_pk>/delete/",
        inspections.deduction_delete,
        name="deduction_delete",
    ),
    path(
        "inspections/<int:pk>/deductions/<int:deduction_pk>/photo/",
        inspections.deduction_photo,
        name="deduction_photo",
    ),
    path("tickets/", tickets.tickets, name="tickets"),
    path("tickets/<int:pk>/", tickets.ticket_detail, name="ticket"),
    path("tickets/<int:pk>/rectify/", tickets.ticket_step, name="ticket_rectify"),
    path("tickets/<int:pk>/call-back/", tickets.ticket_step, name="ticket_callback"),
    path("tickets/<int:pk>/close/", tickets.ticket_step, name="ticket_close"),
    path("tickets/<int:pk>/reopen/", tickets.ticket_step, name="ticket_reopen"),
    path("tickets/<int:pk>/appeal/", tickets.ticket_step, name="appeal_file"),
    path("tickets/<int:pk>/appeal/decide/", tickets.ticket_step, name="appeal_decide"),
    # Public: opened from a QR code or on the hall's TV, through signed links.
    path("r/<str:token>/", public.rate, name="rate"),
    path("r/<str:token>/thanks/", public.thanks, name="thanks"),
    path("w/<str:token>/", public.window_page, name="public_window"),
    path("board/<str:token>/", public.board, name="board"),
    path("board/<str:token>/rows/", public.board_rows, name="board_rows"),
]

company_urlpatterns = [path("", ranking.company_ranking, name="ranking")]
