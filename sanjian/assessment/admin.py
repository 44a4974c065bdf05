from django.contrib import admin
from django.http import HttpRequest

from sanjian.assessment.models import (
    Adjustment,
    Alert,
    Amendment,
    Appeal,
    CostItem,
    Entry,
    Indicator,
    Letter,
    LetterItem,
    Period,
    Policy,
    Result,
    Template,
    TemplateItem,
)
from sanjian.lib.admin import CommunityOwnedAdmin


@admin.register(Policy)
class PolicyAdmin(CommunityOwnedAdmin):
    list_display = ("community", "appeal_workdays", "drop_margin", "floor_score", "overspend_rate")


@admin.register(Indicator)
class IndicatorAdmin(CommunityOwnedAdmin):
    list_display = ("code", "name", "category", "rule", "source_key", "is_active", "community")
    list_filter = ("community", "category", "rule", "is_active")
    search_fields = ("code", "name")


@admin.register(Template)
class TemplateAdmin(CommunityOwnedAdmin):
    list_display = ("name", "unit_kind", "community")


@admin.register(TemplateItem)
class TemplateItemAdmin(CommunityOwnedAdmin):
    list_display = ("template", "indicator", "weight", "community")


@admin.register(Period)
class PeriodAdmin(CommunityOwnedAdmin):
    list_display = ("__str__", "kind", "status", "published_at", "appeal_deadline", "community")
    list_filter = ("community", "kind", "status")


@admin.register(Letter)
class LetterAdmin(CommunityOwnedAdmin):
    list_display = ("unit", "period", "responsible", "responsible_signed_at", "issuer_signed_at", "community")
    list_filter = ("community",)


@admin.register(LetterItem)
class LetterItemAdmin(CommunityOwnedAdmin):
    list_display = ("letter", "indicator", "weight", "target", "community")


@admin.register(Amendment)
class AmendmentAdmin(CommunityOwnedAdmin):
    list_display = ("letter", "number", "reason", "made_by", "made_at", "community")


@admin.register(CostItem)
class CostItemAdmin(CommunityOwnedAdmin):
    list_display = ("unit", "period", "name", "quota", "actual", "community")


@admin.register(Entry)
class EntryAdmin(CommunityOwnedAdmin):
    list_display = ("item", "kind", "amount", "reason", "entered_by", "entered_at", "community")
    list_filter = ("community", "kind")


@admin.register(Result)
class ResultAdmin(CommunityOwnedAdmin):
    """Read only: a result changes by recomputation before publication, by adjustment after."""

    list_display = ("unit", "period", "total", "adjustment", "rank", "community")
    list_filter = ("community", "unit_kind")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Appeal)
class AppealAdmin(CommunityOwnedAdmin):
    list_display = ("result", "indicator", "status", "filed_by", "filed_at", "community")
    list_filter = ("community", "status")


@admin.register(Adjustment)
class AdjustmentAdmin(CommunityOwnedAdmin):
    list_display = ("result", "indicator", "points", "reason", "made_by", "made_at", "community")


@admin.register(Alert)
class AlertAdmin(CommunityOwnedAdmin):
    list_display = ("unit", "period", "kind", "score", "reference", "community")
