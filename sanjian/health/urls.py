"""Pages of the health app under /c/<community>/health/."""

from django.urls import path

from sanjian.health import views
from sanjian.health.views import imports, outreach, rules

app_name = "health"
urlpatterns = [
    path("", views.overdue, name="overdue"),
    path("overdue.xlsx", views.overdue_export, name="overdue_export"),
    path("archives/", views.archive_list, name="archives"),
    path("archives.xlsx", views.archive_export, name="archive_export"),
    path("archives/new/", views.archive_new, name="archive_new"),
    path("archives/import/", imports.archive_import, name="import"),
    path("archives/import/template.xlsx", imports.import_template, name="import_template"),
    path("archives/import/errors.xlsx", imports.import_errors, name="import_errors"),
    path("archives/<int:pk>/", views.archive_detail, name="archive"),
    path("archives/<int:pk>/edit/", views.archive_edit, name="archive_edit"),
    path("archives/<int:pk>/visit/", views.visit_new, name="visit_new"),
    path("visits/", views.visit_list, name="visits"),
    path("visits.xlsx", views.visit_export, name="visit_export"),
    path("statistics/", views.stats, name="stats"),
    path("statistics.xlsx", views.stats_export, name="stats_export"),
    path("reads/", views.reads, name="reads"),
    path("rules/", rules.rule_list, name="rules"),
    path("rules/<int:condition_pk>/", rules.rule_edit, name="rule_edit"),
    path("outreach/", outreach.outreach_list, name="outreach_list"),
    path("outreach/new/", outreach.outreach_new, name="outreach_new"),
    path("outreach/<int:pk>/", outreach.outreach_detail, name="outreach"),
    path("outreach/<int:pk>/edit/", outreach.outreach_edit, name="outreach_edit"),
]
