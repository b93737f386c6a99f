import datetime

import pytest

from equipage.registry.models import Product
from equipage.selfassessment.selectors import latest_assessment_dates
from equipage.teams.roles import Role
from tests.factories import ProductFactory

from .factories import SelfAssessmentFactory

pytestmark = pytest.mark.django_db


def test_latest_assessment_dates_in_one_query(django_assert_num_queries):
    first, second, never = ProductFactory(), ProductFactory(), ProductFactory()
    SelfAssessmentFactory(product=first, answered_on=datetime.date(2025, 3, 1))
    SelfAssessmentFactory(product=first, role=Role.POLICY_OWNER, answered_on=datetime.date(2026, 4, 2))
    SelfAssessmentFactory(product=first, answered_on=datetime.date(2025, 12, 1))
    SelfAssessmentFactory(product=second, answered_on=datetime.date(2024, 7, 14))
    SelfAssessmentFactory(answered_on=datetime.date(2026, 6, 1))  # a product not asked about
    with django_assert_num_queries(1):
        dates = latest_assessment_dates([first.pk, second.pk, never.pk])
    assert dates == {first.pk: datetime.date(2026, 4, 2), second.pk: datetime.date(2024, 7, 14)}


def test_latest_assessment_dates_takes_a_queryset_of_ids(django_assert_num_queries):
    product = ProductFactory()
    SelfAssessmentFactory(product=product, answered_on=datetime.date(2026, 1, 5))
    with django_assert_num_queries(1):
        dates = latest_assessment_dates(Product.objects.values("pk"))
    assert dates == {product.pk: datetime.date(2026, 1, 5)}
    assert latest_assessment_dates([]) == {}
