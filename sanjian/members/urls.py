from django.urls import path

from sanjian.members.views import branch, imports, people, rights, transfers

app_name = "members"
urlpatterns = [
    path("", people.people, name="people"),
    path("me/", people.me, name="me"),
    path("export/", people.export, name="export"),
    path("chain/", people.chain, name="chain"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/photo/", people.person_photo, name="person_photo"),
    path("people/<int:pk>/party/", people.party_edit, name="party_edit"),
    path("people/<int:pk>/data/", rights.person_data, name="person_data"),
    path("people/<int:pk>/data/export/", rights.person_data_export, name="person_data_export"),
    path("import/", imports.import_start, name="import_start"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_detail, name="import"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/<int:pk>/errors.xlsx", imports.import_errors, name="import_errors"),
    path("meetings/", branch.meetings, name="meetings"),
    path("meetings/new/", branch.meeting_create, name="meeting_create"),
    path("meetings/members/", branch.meeting_members, name="meeting_members"),
    path("meetings/<int:pk>/", branch.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", branch.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/files/<int:file_pk>/", branch.meeting_file, name="meeting_file"),
    path("branches/<int:pk>/", branch.branch_detail, name="branch"),
    path("dues/", branch.dues, name="dues"),
    path("dues/<int:pk>/pay/", branch.dues_pay, name="dues_pay"),
    path("dues/<int:pk>/base/", branch.dues_base, name="dues_base"),
    path("dues/<int:pk>/statement/", branch.dues_statement, name="dues_statement"),
    path("transfers/", transfers.transfer_list, name="transfers"),
    path("transfers/new/<int:member_pk>/", transfers.transfer_create, name="transfer_create"),
    path("transfers/<int:pk>/", transfers.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/approve/", transfers.transfer_approve, name="transfer_approve"),
    path("transfers/<int:pk>/reject/", transfers.transfer_reject, name="transfer_reject"),
]
