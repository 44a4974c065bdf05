from django.contrib import admin

from sanjian.lib.admin import CommunityOwnedAdmin
from sanjian.service import models as m

for model in (
    m.Building,
    m.Floor,
    m.Room,
    m.RoomAssignment,
    m.FloorDuty,
    m.Sheet,
    m.SheetItem,
    m.Inspection,
    m.Deduction,
):
    admin.site.register(model, CommunityOwnedAdmin)
