from sanjian.service.models.dormitories import Building, Floor, FloorDuty, Room, RoomAssignment
from sanjian.service.models.sheets import FULL_MARKS, Deduction, Inspection, Sheet, SheetItem, SheetKind

__all__ = [
    "FULL_MARKS",
    "Building",
    "Deduction",
    "Floor",
    "FloorDuty",
    "Inspection",
    "Room",
    "RoomAssignment",
    "Sheet",
    "SheetItem",
    "SheetKind",
]
