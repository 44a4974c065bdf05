from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sanjian.tenancy.models import Community, Company, Membership


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "committee_name")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Community)
class CommunityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "company", "is_active")
    list_filter = ("company", "is_active")
    search_fields = ("name", "slug")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "community", "company", "unit")
    list_filter = ("role", "community", "company")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user", "unit")
