"""Certificates, their public verification, and the hours export."""

from django.urls import path

from sanjian.dedication import certificate_views as views

urlpatterns = [
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/verify/", views.certificate_verify, name="certificate_verify"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke_view, name="certificate_revoke"),
    path("hours/export/", views.hours_export, name="hours_export"),
]
