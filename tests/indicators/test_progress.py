import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from equipage.indicators.models import Direction, Frequency
from equipage.indicators.progress import Status, is_stale, progress, state_of, status, update_due
from equipage.indicators.selectors import sheet_summary, stale_indicators
from tests.factories import ProductFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory, ObjectiveFactory

D = Decimal


def test_progress_from_baseline_to_target():
    assert progress(D(20), D(80), D(50), Direction.HIGHER) == 0.5
    assert progress(D(20), D(80), D(80), Direction.HIGHER) == 1.0
    assert progress(D(20), D(80), D(10), Direction.HIGHER) < 0
    # Lower is better: from 30 days down to 10 days.
    assert progress(D(30), D(10), D(20), Direction.LOWER) == 0.5
    assert progress(D(30), D(10), D(40), Direction.LOWER) == -0.5
    assert progress(None, D(10), D(20), Direction.LOWER) is None
    assert progress(D(5), D(5), D(6), Direction.HIGHER) == 1.0
    assert progress(D(5), D(5), D(4), Direction.HIGHER) == 0.0


class Fake:
    """An indicator's settings, without the database."""

    def __init__(self, **kwargs):
        self.baseline = D(20)
        self.baseline_date = datetime.date(2025, 1, 1)
        self.target = D(80)
        self.target_date = datetime.date(2027, 1, 1)
        self.direction = Direction.HIGHER
        self.frequency = Frequency.MONTHLY
        self.is_active = True
        self.created_at = timezone.make_aware(datetime.datetime(2025, 1, 1))
        self.__dict__.update(kwargs)


def test_on_track_follows_the_straight_line_to_the_target():
    indicator = Fake()
    halfway = datetime.date(2026, 1, 1)  # half of the two years
    today = datetime.date(2026, 1, 15)
    assert status(indicator, D(50), halfway, today) == Status.ON_TRACK
    assert status(indicator, D(46), halfway, today) == Status.ON_TRACK  # within the tolerance
    assert status(indicator, D(35), halfway, today) == Status.OFF_TRACK
    assert status(indicator, D(80), halfway, today) == Status.REACHED
    assert status(indicator, None, None, today) == Status.UNKNOWN
    assert status(Fake(target=None), D(50), halfway, today) == Status.UNKNOWN


def test_a_passed_target_date_without_reaching_the_target_is_off_track():
    indicator = Fake()
    assert status(indicator, D(79), datetime.date(2026, 12, 31), datetime.date(2027, 1, 2)) == Status.OFF_TRACK


def test_lower_is_better_indicators():
    indicator = Fake(baseline=D(30), target=D(10), direction=Direction.LOWER)
    assert status(indicator, D(20), datetime.date(2026, 1, 1), datetime.date(2026, 1, 2)) == Status.ON_TRACK
    assert status(indicator, D(9), datetime.date(2026, 1, 1), datetime.date(2026, 1, 2)) == Status.REACHED
    assert status(indicator, D(31), datetime.date(2026, 1, 1), datetime.date(2026, 1, 2)) == Status.OFF_TRACK


@pytest.mark.parametrize(
    ("frequency", "fresh_days", "stale_days"),
    [
        (Frequency.WEEKLY, 21, 22),
        (Frequency.MONTHLY, 77, 78),
        (Frequency.QUARTERLY, 214, 215),
        (Frequency.YEARLY, 792, 793),
    ],
)
def test_staleness_waits_for_the_next_period_to_end_plus_a_grace_period(frequency, fresh_days, stale_days):
    indicator = Fake(frequency=frequency)
    last = datetime.date(2026, 1, 1)
    assert update_due(frequency, last) == last + datetime.timedelta(days=fresh_days)
    assert not is_stale(indicator, last, last + datetime.timedelta(days=fresh_days))
    assert is_stale(indicator, last, last + datetime.timedelta(days=stale_days))


def test_never_measured_counts_from_creation_and_stopped_indicators_are_never_stale():
    indicator = Fake()
    assert not is_stale(indicator, None, datetime.date(2025, 2, 1))
    assert is_stale(indicator, None, datetime.date(2025, 6, 1))
    assert not is_stale(Fake(is_active=False), None, datetime.date(2030, 1, 1))


@pytest.mark.django_db
def test_state_of_an_annotated_indicator_and_withdrawn_measurements_are_ignored(django_assert_num_queries):
    indicator = IndicatorFactory()
    MeasurementFactory(indicator=indicator, date=datetime.date(2026, 1, 1), value=D(50))
    MeasurementFactory(indicator=indicator, date=datetime.date(2026, 2, 1), value=D(99), withdrawn=True)
    annotated = type(indicator).objects.with_last_measurement().get(pk=indicator.pk)
    state = state_of(annotated, datetime.date(2026, 1, 20))
    assert state.last_value == D(50)
    assert state.last_date == datetime.date(2026, 1, 1)
    assert state.progress_percent == 50
    assert state.status == Status.ON_TRACK
    assert not state.stale


@pytest.mark.django_db
def test_stale_indicators_of_many_products_in_one_query(django_assert_num_queries):
    today = datetime.date(2026, 6, 1)
    products = [ProductFactory() for _ in range(3)]
    fresh = IndicatorFactory(objective=ObjectiveFactory(product=products[0]))
    MeasurementFactory(indicator=fresh, date=datetime.date(2026, 4, 1))  # April's value, still in time
    stale = IndicatorFactory(objective=ObjectiveFactory(product=products[0]))
    MeasurementFactory(indicator=stale, date=datetime.date(2026, 2, 1))
    never = IndicatorFactory(objective=ObjectiveFactory(product=products[1]))
    type(never).objects.filter(pk=never.pk).update(created_at=timezone.make_aware(datetime.datetime(2026, 1, 1)))
    stopped = IndicatorFactory(objective=ObjectiveFactory(product=products[2]), is_active=False)
    with django_assert_num_queries(1):
        found = stale_indicators([p.pk for p in products], today)
        names = {pk: [i.name for i in indicators] for pk, indicators in found.items()}
    assert names == {products[0].pk: [stale.name], products[1].pk: [never.name]}
    assert found[products[0].pk][0].due == datetime.date(2026, 2, 1) + datetime.timedelta(days=77)
    assert stopped.product_id not in found


@pytest.mark.django_db
def test_sheet_summary_counts_stale_and_off_track(django_assert_num_queries):
    product = ProductFactory(is_public_service=True)
    objective = ObjectiveFactory(product=product)
    off = IndicatorFactory(objective=objective, is_published=True)
    MeasurementFactory(indicator=off, date=timezone.localdate() - datetime.timedelta(days=3), value=D(10))
    IndicatorFactory(objective=objective)  # never measured, created today: neither stale nor off track
    with django_assert_num_queries(1):
        summary = sheet_summary(product)
    assert summary.count == 2
    assert summary.off_track_count == 1
    assert summary.stale_count == 0
    assert summary.published == 1
    assert summary.public_url == f"/produits/{product.slug}/statistiques/"
