"""The honours of 阳邑社区 in the report's year: the provincial civilised community title
(省级文明社区) the report ends with, a company title of a branch and one of a member. Entered
through the register's service, as the secretary would; looked up by title, so idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanjian.dedication.demo import report_months
from sanjian.lib.demo import DemoContext
from sanjian.members.models import Person
from sanjian.reports.models import Honour, HonourLevel
from sanjian.reports.services import honour_save

# title, level, awarding body, days after the first of the report's months, holder
HONOURS = [
    ("省级文明社区", HonourLevel.PROVINCE, "河北省精神文明建设委员会", 250, None),
    ("先进基层党组织", HonourLevel.COMPANY, "冀中能源邯矿集团党委", 160, "branch-2"),
    ("优秀共产党员", HonourLevel.COMPANY, "冀中能源邯矿集团党委", 160, "member"),
]


def load(ctx: DemoContext) -> None:
    first, _last = report_months(timezone.localdate())
    units = ctx.extra["units"]
    member = Person.objects.get(community=ctx.community, user=ctx.users["member"])
    done = set(Honour.objects.filter(community=ctx.community).values_list("title", flat=True))
    for title, level, body, days, holder in HONOURS:
        if title in done:
            continue
        honour = Honour(
            title=title,
            level=level,
            awarding_body=body,
            awarded_on=first + datetime.timedelta(days=days),
            unit=units[holder] if holder and holder in units else None,
            person=member if holder == "member" else None,
        )
        honour_save(community=ctx.community, honour=honour, actor=ctx.users["secretary"])
