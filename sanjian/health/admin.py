"""Back office for the health app's lists that hold no personal data.

Archives, plans and visits are not in the back office on purpose: every read of an archive is
logged, and the admin's pages would read them past the log. They are kept in the app's pages.
"""

from django.contrib import admin

from sanjian.health.models import Condition, FollowUpRule, OutreachEvent
from sanjian.lib.admin import CommunityOwnedAdmin


@admin.register(Condition)
class ConditionAdmin(CommunityOwnedAdmin):
    list_display = ("name", "code", "community", "is_active")


@admin.register(FollowUpRule)
class FollowUpRuleAdmin(CommunityOwnedAdmin):
    list_display = ("condition", "visits_per_year", "annual_check", "urgent_days", "community")


@admin.register(OutreachEvent)
class OutreachEventAdmin(CommunityOwnedAdmin):
    list_display = ("date", "title", "kind", "people_served", "community")
