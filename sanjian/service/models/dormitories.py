"""Staff apartments (职工公寓): buildings, floors, rooms, who lives where and which attendant
answers for which floor (服务员楼层分工责任制).

Both assignments are dated ranges, not flags, so that "who lived in room 305 in March" and "whose
floor was the 3rd on 12 May" have answers after the fact; ``services.dormitories`` alone writes
them and keeps the rules (capacity, one attendant per floor at a time).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class Building(CommunityOwned):
    """An apartment building; ``unit`` is the organisation unit that runs it (the apartment
    network or window), the unit a red-flag competition ranks."""

    name = models.CharField(_("name"), max_length=60)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    address = models.CharField(_("address"), max_length=120, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("apartment building")
        verbose_name_plural = _("apartment buildings")
        ordering = ["name"]
        constraints = [
            unique_in_community("name", name="service_building_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Floor(CommunityOwned):
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="floors", verbose_name=_("building")
    )
    number = models.SmallIntegerField(_("floor number"))
    history = community_history()

    class Meta:
        verbose_name = pgettext_lazy("building", "floor")
        verbose_name_plural = _("floors")
        ordering = ["building__name", "number"]
        constraints = [
            unique_in_community("building", "number", name="service_floor_unique"),
        ]

    def __str__(self) -> str:
        return _("%(building)s, floor %(number)s") % {"building": self.building, "number": self.number}


class Room(CommunityOwned):
    floor = models.ForeignKey(
        Floor, on_delete=models.PROTECT, related_name="rooms", verbose_name=pgettext_lazy("building", "floor")
    )
    number = models.CharField(_("room number"), max_length=20)
    capacity = models.PositiveSmallIntegerField(_("beds"))
    is_active = models.BooleanField(_("in use"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["floor__building__name", "floor__number", "number"]
        constraints = [
            unique_in_community("floor", "number", name="service_room_unique"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="service_room_has_a_bed"),
        ]

    def __str__(self) -> str:
        return f"{self.floor.building} {self.number}"


class RoomAssignment(CommunityOwned):
    """One stay of a person in a room, from check-in to check-out (open while living there)."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="stays", verbose_name=_("room"))
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("resident")
    )
    check_in = models.DateField(_("checked in"))
    check_out = models.DateField(_("checked out"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("room assignment")
        verbose_name_plural = _("room assignments")
        ordering = ["-check_in", "-pk"]
        indexes = [models.Index(fields=["community", "room", "check_out"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_out__isnull=True) | models.Q(check_out__gte=models.F("check_in")),
                name="service_stay_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.room}"


class FloorDuty(CommunityOwned):
    """An attendant's responsibility for a floor from ``starts_on`` to ``ends_on`` (open: still
    on duty). One attendant per floor on any day: the deductions of that day's inspection fall on
    them."""

    floor = models.ForeignKey(
        Floor,
        on_delete=models.PROTECT,
        related_name="duties",
        verbose_name=pgettext_lazy("building", "floor"),
    )
    attendant = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("attendant")
    )
    starts_on = models.DateField(pgettext_lazy("starting", "from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("floor duty")
        verbose_name_plural = _("floor duties")
        ordering = ["floor__building__name", "floor__number", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="service_duty_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attendant} · {self.floor}"
