from django.urls import path

from sanjian.reports.views import downloads, hall, honours, notices, overview, summary

app_name = "reports"
urlpatterns = [
    path("", overview.dashboard, name="dashboard"),
    path("reports/summary/", summary.summary, name="summary"),
    path("reports/summary/edit/", summary.summary_edit, name="summary_edit"),
    path("reports/summary/regenerate/", summary.summary_regenerate, name="summary_reset"),
    path("reports/summary/download/<slug:fmt>/", summary.summary_download, name="summary_download"),
    path("reports/honours/", honours.honour_list, name="honours"),
    path("reports/honours/new/", honours.honour_create, name="honour_new"),
    path("reports/honours/<int:pk>/", honours.honour_edit, name="honour_edit"),
    path("reports/honours/<int:pk>/delete/", honours.honour_remove, name="honour_delete"),
    path("reports/honours/<int:pk>/evidence", honours.honour_evidence, name="honour_evidence"),
    path("reports/notices/", notices.notice_list, name="notices"),
    path("reports/notices/month/<slug:fmt>/", notices.monthly_notice, name="monthly_notice"),
    path("reports/notices/results/<int:pk>/<slug:fmt>/", notices.results_notice, name="results_notice"),
    path("reports/downloads/", downloads.download_list, name="downloads"),
    path("reports/downloads/new/", downloads.download_start, name="download_start"),
    path("reports/downloads/<int:pk>/file", downloads.download_file, name="download_file"),
    path("reports/export/<slug:table>.xlsx", overview.dashboard_xlsx, name="dashboard_xlsx"),
    path("hall/", hall.hall, name="hall"),
]
