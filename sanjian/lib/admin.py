"""Back-office (Django admin) base for community-owned models."""

from __future__ import annotations

from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin


class CommunityOwnedAdmin(SimpleHistoryAdmin):
    """Community-owned records are created in the app, where the community comes from the
    request; the back office shows, corrects and audits them, with their history."""

    list_filter: tuple = ("community",)
    readonly_fields: tuple = ("community",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_list_filter(self, request: HttpRequest) -> tuple:
        filters = tuple(super().get_list_filter(request))
        return filters if "community" in filters else ("community", *filters)

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> tuple:
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if "community" in fields else ("community", *fields)
