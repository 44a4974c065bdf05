from django.contrib import admin

from sanjian.lib.admin import CommunityOwnedAdmin
from sanjian.windows.models import (
    Appeal,
    BenchmarkTitle,
    Criterion,
    DailyRollup,
    Deduction,
    Inspection,
    InspectionCorrection,
    InspectionLine,
    NotApplicable,
    Policy,
    Rating,
    Standard,
    Ticket,
    WindowProfile,
)


@admin.register(Standard)
class StandardAdmin(CommunityOwnedAdmin):
    list_display = ("title", "network_type", "community")


@admin.register(Criterion)
class CriterionAdmin(CommunityOwnedAdmin):
    list_display = (
        "code",
        "title",
        "standard",
        "dimension",
        "points",
        "deduction_cap",
        "is_veto",
        "is_active",
    )
    list_filter = ("community", "dimension", "is_veto", "is_active")
    search_fields = ("title", "code")


@admin.register(NotApplicable)
class NotApplicableAdmin(CommunityOwnedAdmin):
    list_display = ("window", "criterion", "reason", "community")


@admin.register(WindowProfile)
class WindowProfileAdmin(CommunityOwnedAdmin):
    list_display = ("window", "qr_version", "community")


@admin.register(Policy)
class PolicyAdmin(CommunityOwnedAdmin):
    list_display = ("community", "ticket_deadline_workdays", "board_version")


@admin.register(Inspection)
class InspectionAdmin(CommunityOwnedAdmin):
    list_display = ("window", "inspected_on", "inspector", "status", "score", "vetoed", "community")
    list_filter = ("community", "status", "vetoed")
    date_hierarchy = "inspected_on"


@admin.register(InspectionLine)
class InspectionLineAdmin(CommunityOwnedAdmin):
    list_display = ("inspection", "criterion", "points", "applicable", "veto_triggered")


@admin.register(InspectionCorrection)
class InspectionCorrectionAdmin(CommunityOwnedAdmin):
    list_display = ("inspection", "author", "created_at", "score_before", "score_after")


@admin.register(Deduction)
class DeductionAdmin(CommunityOwnedAdmin):
    list_display = ("line", "points", "reason", "created_by", "withdrawn_by")


@admin.register(Rating)
class RatingAdmin(CommunityOwnedAdmin):
    list_display = ("window", "level", "reason", "created_at", "source", "excluded", "community")
    list_filter = ("community", "level", "source", "excluded")
    date_hierarchy = "day"
    exclude = ("phone",)  # personal data: seen on the ticket by those who call back, nowhere else


@admin.register(DailyRollup)
class DailyRollupAdmin(CommunityOwnedAdmin):
    list_display = ("window", "day", "level_5", "level_4", "level_3", "level_2", "level_1", "community")
    date_hierarchy = "day"


@admin.register(Ticket)
class TicketAdmin(CommunityOwnedAdmin):
    list_display = ("number", "window", "status", "opened_on", "deadline", "community")
    list_filter = ("community", "status")


@admin.register(Appeal)
class AppealAdmin(CommunityOwnedAdmin):
    list_display = ("ticket", "ground", "status", "filed_by", "decided_by", "community")
    list_filter = ("community", "status")


@admin.register(BenchmarkTitle)
class BenchmarkTitleAdmin(CommunityOwnedAdmin):
    list_display = ("window", "year", "designated_by", "community")
    list_filter = ("community", "year")
