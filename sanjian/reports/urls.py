from django.urls import path, re_path

from sanjian.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/summary/", views.summary, name="summary"),
    path("reports/summary/edit/", views.summary_edit, name="summary_edit"),
    path("reports/summary/regenerate/", views.summary_regenerate, name="summary_reset"),
    re_path(
        r"^reports/summary/download\.(?P<fmt>docx|pdf)$", views.summary_download, name="summary_download"
    ),
]
