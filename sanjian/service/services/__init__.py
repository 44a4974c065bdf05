"""Every write of the service app, by section; see each module's docstring for its rules."""

from sanjian.service.services.dormitories import (
    attendant_on,
    building_save,
    floor_duty_assign,
    floor_duty_end,
    floor_save,
    occupancy,
    room_assign,
    room_check_out,
    room_save,
)
from sanjian.service.services.inspections import ItemSpec, Mark, inspection_record, score_of, sheet_create

__all__ = [
    "ItemSpec",
    "Mark",
    "attendant_on",
    "building_save",
    "floor_duty_assign",
    "floor_duty_end",
    "floor_save",
    "inspection_record",
    "occupancy",
    "room_assign",
    "room_check_out",
    "room_save",
    "score_of",
    "sheet_create",
]
