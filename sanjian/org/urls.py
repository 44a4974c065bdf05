from django.urls import path

from sanjian.org import views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/contact/", views.unit_contact_edit, name="unit_contact"),
    path("units/<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("units/<int:pk>/linkage/", views.linkage_edit, name="linkage"),
    path("windows/", views.windows, name="windows"),
    path("documents/", views.documents, name="documents"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("standards/", views.standards, name="standards"),
    path("standards/<int:branch_pk>/<int:item_pk>/", views.standard_toggle, name="standard_toggle"),
    path("standards/items/", views.standard_items, name="standard_items"),
    path("standards/items/new/", views.standard_item_create, name="standard_item_create"),
    path("standards/items/<int:pk>/", views.standard_item_edit, name="standard_item_edit"),
    path("standards/items/<int:pk>/delete/", views.standard_item_delete, name="standard_item_delete"),
]
