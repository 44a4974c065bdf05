"""Every write of the service app, by section; see each module's docstring for its rules."""

from sanjian.service.services.cleaning import area_save, shift_add, shift_end
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
from sanjian.service.services.requests import (
    complaint_verify,
    request_call_back,
    request_open,
    request_resolve,
)

__all__ = [
    "ItemSpec",
    "Mark",
    "area_save",
    "attendant_on",
    "building_save",
    "complaint_verify",
    "floor_duty_assign",
    "floor_duty_end",
    "floor_save",
    "inspection_record",
    "occupancy",
    "request_call_back",
    "request_open",
    "request_resolve",
    "room_assign",
    "room_check_out",
    "room_save",
    "score_of",
    "shift_add",
    "shift_end",
    "sheet_create",
]
