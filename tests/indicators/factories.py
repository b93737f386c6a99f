import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from equipage.indicators.models import Direction, Frequency, Indicator, Measurement, Objective, Unit
from tests.factories import ProductFactory


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective

    product = factory.SubFactory(ProductFactory)
    title = factory.Sequence(lambda n: f"Objectif {n}")
    beneficiaries = "Les usagers"


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    objective = factory.SubFactory(ObjectiveFactory)
    product = factory.LazyAttribute(lambda o: o.objective.product)
    code = factory.Sequence(lambda n: f"indicateur-{n}")
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = Unit.PERCENT
    direction = Direction.HIGHER
    baseline = Decimal("20")
    baseline_date = datetime.date(2025, 1, 1)
    target = Decimal("80")
    target_date = datetime.date(2027, 1, 1)
    frequency = Frequency.MONTHLY
    source = "Matomo"


class MeasurementFactory(DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    value = Decimal("42")
