from __future__ import annotations

from decimal import Decimal

import factory

from sanjian.assessment.models import Category, Indicator, Template, TemplateItem


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"ind-{n}")
    name = factory.Sequence(lambda n: f"指标{n}")
    category = Category.STANDARD
    rule = "linear"
    floor = Decimal(0)
    target = Decimal(100)


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Template

    name = factory.Sequence(lambda n: f"模板{n}")


class TemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateItem

    community = factory.SelfAttribute("template.community")
