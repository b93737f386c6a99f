"""Compliance deadlines surface as vigilance findings: one failing and one passing case each."""

import datetime

import pytest

from equipage.checks.engine import evaluate_product
from tests.compliance.factories import (
    AccessibilityRecordFactory,
    HomologationFactory,
    ProcessingActivityFactory,
)
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


def codes(product):
    return {finding.code for finding in evaluate_product(product, TODAY)}


def test_expired_homologation_is_blocking_and_a_valid_one_passes():
    expired = HomologationFactory(valid_until=datetime.date(2026, 5, 1)).product
    valid = HomologationFactory(valid_until=datetime.date(2028, 5, 1)).product
    assert "HOMOLOGATION_EXPIREE" in codes(expired)
    assert not {"HOMOLOGATION_EXPIREE", "HOMOLOGATION_A_ECHEANCE"} & codes(valid)


def test_homologation_ending_within_the_window_is_to_watch():
    soon = HomologationFactory(valid_until=TODAY + datetime.timedelta(days=30)).product
    assert "HOMOLOGATION_A_ECHEANCE" in codes(soon)


def test_public_service_without_accessibility_statement_is_blocking():
    without = ProductFactory(is_public_service=True)
    with_statement = AccessibilityRecordFactory(product=ProductFactory(is_public_service=True)).product
    assert "DECLARATION_ACCESSIBILITE_ABSENTE" in codes(without)
    assert "DECLARATION_ACCESSIBILITE_ABSENTE" not in codes(with_statement)
    assert "DECLARATION_ACCESSIBILITE_ABSENTE" not in codes(ProductFactory(is_public_service=False))


def test_required_impact_assessment_not_done_is_blocking():
    missing = ProcessingActivityFactory(impact_assessment_required=True, impact_assessment_done_on=None).product
    done = ProcessingActivityFactory(
        impact_assessment_required=True, impact_assessment_done_on=datetime.date(2026, 1, 10)
    ).product
    assert "AIPD_MANQUANTE" in codes(missing)
    assert "AIPD_MANQUANTE" not in codes(done)
