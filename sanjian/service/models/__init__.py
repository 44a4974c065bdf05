from sanjian.service.models.canteen import (
    Banquet,
    BanquetKind,
    Dish,
    DishRating,
    Guest,
    ProductionRecord,
    ThemedMonth,
)
from sanjian.service.models.cleaning import CleaningArea, CleaningShift
from sanjian.service.models.dormitories import Building, Floor, FloorDuty, Room, RoomAssignment
from sanjian.service.models.redflag import Competition, Entrant, Round, RoundStatus, Standing
from sanjian.service.models.requests import RequestKind, RequestStatus, Satisfaction, ServiceRequest
from sanjian.service.models.sheets import FULL_MARKS, Deduction, Inspection, Sheet, SheetItem, SheetKind

__all__ = [
    "Banquet",
    "BanquetKind",
    "Dish",
    "DishRating",
    "Guest",
    "ProductionRecord",
    "ThemedMonth",
    "FULL_MARKS",
    "Building",
    "CleaningArea",
    "CleaningShift",
    "Competition",
    "Deduction",
    "Entrant",
    "Floor",
    "FloorDuty",
    "Inspection",
    "RequestKind",
    "RequestStatus",
    "Room",
    "RoomAssignment",
    "Round",
    "RoundStatus",
    "Satisfaction",
    "ServiceRequest",
    "Sheet",
    "SheetItem",
    "SheetKind",
    "Standing",
]
