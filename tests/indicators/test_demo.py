import pytest
from django.core.management import call_command

from equipage.demo import data
from equipage.indicators.demo import load_demo_indicators
from equipage.indicators.models import Indicator, Measurement, Objective
from equipage.indicators.progress import Status
from equipage.indicators.selectors import indicator_states, publishes_statistics, stale_indicators
from equipage.registry.models import Product

pytestmark = pytest.mark.django_db
DEMO_SLUGS = [row[0] for row in data.PRODUCTS]


def signature():
    return sorted(Measurement.objects.values_list("indicator__product__slug", "indicator__code", "date", "value"))


def test_demo_indicators_are_deterministic_idempotent_and_varied():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    load_demo_indicators(2026, DEMO_SLUGS)
    first = signature()
    load_demo_indicators(2026, DEMO_SLUGS)
    assert signature() == first
    slugs = [row[0] for row in data.PRODUCTS]
    with_indicators = set(Indicator.objects.values_list("product__slug", flat=True))
    assert len(with_indicators) >= len(slugs) - 2
    for slug in with_indicators:
        assert 1 <= Objective.objects.filter(product__slug=slug).count() <= 3
        assert 2 <= Indicator.objects.filter(product__slug=slug).count() <= 5
    assert Measurement.objects.count() > 500
    assert Measurement.objects.first().history.exists()
    products = Product.objects.filter(slug__in=with_indicators)
    assert sum(publishes_statistics(p) for p in products) >= 3
    assert len(stale_indicators([p.pk for p in products])) >= 2
    off_track = [
        s
        for p in products
        for s in indicator_states(Indicator.objects.filter(product=p).with_last_measurement())
        if s.status == Status.OFF_TRACK
    ]
    assert off_track

    Measurement.objects.all().delete()
    Indicator.objects.all().delete()
    Objective.objects.all().delete()
    load_demo_indicators(2026, DEMO_SLUGS)
    assert signature() == first
