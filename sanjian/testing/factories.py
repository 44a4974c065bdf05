from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from sanjian.org.models import Linkage, RuleDocument, StandardItem, Unit, UnitKind
from sanjian.tenancy.models import Community, Company, Membership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pw")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"测试集团{n}")
    slug = factory.Sequence(lambda n: f"company-{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"测试社区{n}")
    slug = factory.Sequence(lambda n: f"community-{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    community = factory.SubFactory(CommunityFactory)
    kind = UnitKind.OFFICE
    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"unit-{n}")


class LinkageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Linkage

    community = factory.SelfAttribute("window.community")
    window = factory.SubFactory(UnitFactory, kind=UnitKind.WINDOW)
    office = factory.SubFactory(
        UnitFactory, kind=UnitKind.OFFICE, community=factory.SelfAttribute("..community")
    )
    supervisor = factory.SubFactory(
        UnitFactory, kind=UnitKind.SUPERVISOR, community=factory.SelfAttribute("..community")
    )


class RuleDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleDocument

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"制度{n}")
    issuer = "党总支"
    effective_date = factory.Faker("date_between", start_date="-2y", end_date="today")


class StandardItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardItem

    community = factory.SubFactory(CommunityFactory)
    code = factory.Sequence(lambda n: f"{n}")
    title = factory.Sequence(lambda n: f"标准{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
