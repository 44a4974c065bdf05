from django.contrib import admin

from sanjian.lib.admin import CommunityOwnedAdmin
from sanjian.members.models import (
    Attendance,
    DuesBase,
    DuesPayment,
    ImportBatch,
    Meeting,
    MeetingAttachment,
    PartyMember,
    Person,
    Transfer,
)


@admin.register(Person)
class PersonAdmin(CommunityOwnedAdmin):
    list_display = ("name", "gender", "unit", "category", "is_active", "community")
    list_filter = ("community", "category", "is_active")
    search_fields = ("name", "employee_number")
    raw_id_fields = ("unit", "user")


@admin.register(PartyMember)
class PartyMemberAdmin(CommunityOwnedAdmin):
    list_display = ("person", "branch", "status", "party_post", "is_active", "community")
    list_filter = ("community", "status", "is_active")
    raw_id_fields = ("person", "branch", "leader", "cadre", "post_unit")


@admin.register(Meeting)
class MeetingAdmin(CommunityOwnedAdmin):
    list_display = ("held_on", "branch", "kind", "topic", "expected", "present", "community")
    list_filter = ("community", "kind")


@admin.register(Attendance)
class AttendanceAdmin(CommunityOwnedAdmin):
    list_display = ("meeting", "member", "present", "community")
    raw_id_fields = ("meeting", "member")


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(CommunityOwnedAdmin):
    list_display = ("meeting", "title", "community")
    raw_id_fields = ("meeting",)


@admin.register(DuesBase)
class DuesBaseAdmin(CommunityOwnedAdmin):
    list_display = ("member", "valid_from", "monthly_income", "community")
    raw_id_fields = ("member",)


@admin.register(DuesPayment)
class DuesPaymentAdmin(CommunityOwnedAdmin):
    list_display = ("member", "month", "amount_due", "amount_paid", "paid_on", "community")
    raw_id_fields = ("member", "branch", "paid_by")


@admin.register(Transfer)
class TransferAdmin(CommunityOwnedAdmin):
    list_display = ("member", "kind", "from_branch", "to_branch", "status", "community")
    list_filter = ("community", "kind", "status")
    raw_id_fields = ("member", "from_branch", "to_branch")


@admin.register(ImportBatch)
class ImportBatchAdmin(CommunityOwnedAdmin):
    list_display = (
        "filename",
        "status",
        "total",
        "created",
        "updated",
        "created_by",
        "created_at",
        "community",
    )
    list_filter = ("community", "status")
    exclude = ("rows",)
