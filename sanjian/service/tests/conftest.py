"""The service app's test world: one apartment building of the world community with two floors,
rooms, a floor sheet, and helpers that run services inside the community's scope."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.org.models import UnitKind
from sanjian.service import services
from sanjian.service.models import Building, Floor, Room, SheetKind
from sanjian.testing import factories as f
from sanjian.testing.demo import demo, yangyi  # noqa: F401  (the fixtures, shared)
from sanjian.testing.members import PersonFactory

D = Decimal


@dataclass
class Apartments:
    unit: Any
    building: Any
    floors: list[Any]
    rooms: list[Any]
    sheet: Any
    items: dict[str, Any]
    people: list[Any]


FLOOR_ITEMS = [
    services.ItemSpec("内务", D(30)),
    services.ItemSpec("卫生", D(30)),
    services.ItemSpec("安全", D(20)),
    services.ItemSpec("服务", D(20)),
    services.ItemSpec("重大安全事故", is_veto=True),
]


def make_apartments(community, secretary, *, prefix: str = "") -> Apartments:
    with scopes_disabled():
        network = f.UnitFactory(
            community=community,
            kind=UnitKind.NETWORK,
            name=f"{prefix}职工公寓",
            code=f"{prefix}apt",
            network_type="apartment",
        )
        people = [PersonFactory(community=community, name=f"{prefix}住户{n}") for n in range(6)]
    with scope(community=community.pk):
        building = services.building_save(
            community=community, building=Building(name=f"{prefix}1号公寓楼", unit=network), actor=secretary
        )
        floors = [
            services.floor_save(
                community=community, floor=Floor(building=building, number=n), actor=secretary
            )
            for n in (1, 2)
        ]
        rooms = [
            services.room_save(
                community=community, room=Room(floor=floors[0], number=f"10{n}", capacity=2), actor=secretary
            )
            for n in (1, 2)
        ]
        sheet = services.sheet_create(
            community=community,
            name=f"{prefix}楼层检查表",
            kind=SheetKind.FLOOR,
            items=FLOOR_ITEMS,
            actor=secretary,
        )
        items = {i.title: i for i in sheet.items.all()}
    return Apartments(network, building, floors, rooms, sheet, items, people)


@pytest.fixture
def apt(world) -> Apartments:
    return make_apartments(world.community, world.secretary)
