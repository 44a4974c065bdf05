from django.contrib import admin

from sanjian.lib.admin import CommunityOwnedAdmin
from sanjian.org.models import BranchCheck, Linkage, RuleDocument, StandardItem, Unit


@admin.register(Unit)
class UnitAdmin(CommunityOwnedAdmin):
    list_display = ("name", "kind", "code", "parent", "community", "is_active")
    list_filter = ("community", "kind", "is_active")
    search_fields = ("name", "code")


@admin.register(Linkage)
class LinkageAdmin(CommunityOwnedAdmin):
    list_display = ("window", "office", "supervisor", "community")


@admin.register(RuleDocument)
class RuleDocumentAdmin(CommunityOwnedAdmin):
    list_display = ("title", "number", "issuer", "effective_date", "is_current", "community")
    list_filter = ("community", "category", "is_current")
    search_fields = ("title", "number")


@admin.register(StandardItem)
class StandardItemAdmin(CommunityOwnedAdmin):
    list_display = ("code", "title", "is_active", "community")


@admin.register(BranchCheck)
class BranchCheckAdmin(CommunityOwnedAdmin):
    list_display = ("branch", "item", "year", "met", "checked_by", "community")
    list_filter = ("community", "year", "met")
