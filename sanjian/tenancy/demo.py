"""Demo company 邯矿集团, its communities 阳邑社区 and 郭二庄社区, and one login per role."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from sanjian.lib.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoContext
from sanjian.tenancy.models import Community, Company
from sanjian.tenancy.roles import Role
from sanjian.tenancy.services import membership_grant

# Chinese names are written whole, family name first, so they live in first_name alone.
NAMES = {
    "company": "王建国",
    "secretary": "段矿林",
    "office": "李卫东",
    "supervisor": "张秀英",
    "window": "刘春梅",
    "inspector": "赵志刚",
    "member": "孙丽娟",
    "doctor": "陈白鸽",
    "medlead": "郝仁心",
    "outsider": "周永强",
}


def load(ctx: DemoContext) -> None:
    company, _ = Company.objects.get_or_create(
        slug="hankuang", defaults={"name": "冀中能源邯矿集团", "committee_name": "邯矿集团社区党委"}
    )
    ctx.company = company
    ctx.community, _ = Community.objects.get_or_create(
        slug="yangyi",
        defaults={
            "company": company,
            "name": "阳邑社区",
            "general_branch_name": "阳邑社区党总支",
            "address": "河北省武安市阳邑镇",
        },
    )
    ctx.other_community, _ = Community.objects.get_or_create(
        slug="guoerzhuang",
        defaults={
            "company": company,
            "name": "郭二庄社区",
            "general_branch_name": "郭二庄社区党总支",
            "address": "河北省邯郸市峰峰矿区",
        },
    )
    user_model = get_user_model()
    for username in DEMO_LOGINS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, first_name=NAMES[username])
            user.set_password(DEMO_PASSWORD)
            user.save()
        ctx.users[username] = user
    membership_grant(user=ctx.users["company"], role=Role.COMPANY_ADMIN, company=company, actor=None)
    membership_grant(user=ctx.users["secretary"], role=Role.SECRETARY, community=ctx.community, actor=None)
    membership_grant(user=ctx.users["inspector"], role=Role.INSPECTOR, community=ctx.community, actor=None)
    membership_grant(
        user=ctx.users["outsider"], role=Role.SECRETARY, community=ctx.other_community, actor=None
    )
