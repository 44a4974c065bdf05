"""Pages of the dedication app under /c/<community>/dedication/."""

from django.urls import path

from sanjian.dedication.views import activities, board, certificates, hours, projects

app_name = "dedication"
urlpatterns = [
    path("", projects.project_list, name="projects"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/photos/<int:photo_pk>/", projects.photo, name="photo"),
    path("projects/<int:pk>/benefit/new/", projects.benefit_create, name="benefit_create"),
    path("benefit/<int:pk>/edit/", projects.benefit_edit, name="benefit_edit"),
    path("benefit/<int:pk>/evidence/", projects.benefit_evidence, name="benefit_evidence"),
    path("activities/", activities.activity_list, name="activities"),
    path("activities/new/", activities.activity_create, name="activity_create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/cancel/", activities.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/sign-up/", activities.signup, name="signup"),
    path("activities/<int:pk>/withdraw/", activities.withdraw, name="withdraw"),
    path("activities/<int:pk>/new-key/", activities.key_replace, name="key_replace"),
    path("activities/<int:pk>/mark/", activities.mark, name="mark"),
    path("activities/<int:pk>/checkin/<str:key>/", activities.checkin, name="checkin"),
    path("hours/", hours.my_hours, name="my_hours"),
    path("hours/<int:pk>/edit/", hours.log_edit, name="log_edit"),
    path("verify/", hours.verify, name="verify"),
    path("verify/<int:pk>/", hours.decide, name="decide"),
    path("verify/<int:pk>/correct/", hours.log_correct, name="log_correct"),
    path("board/", board.board, name="board"),
    # Certificates, their public verification, and the hours export.
    path("certificates/", certificates.certificates, name="certificates"),
    path("certificates/verify/", certificates.certificate_verify, name="certificate_verify"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", certificates.certificate_revoke_view, name="certificate_revoke"),
    path("hours/export/", certificates.hours_export, name="hours_export"),
]
