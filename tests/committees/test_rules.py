"""Committees' vigilance rules: a steering committee every six months, decision actions done on time."""

import datetime

import pytest
from django.utils import timezone

from equipage.checks.engine import evaluate_product
from equipage.committees.models import ActionStatus
from equipage.registry.models import Phase, Product
from tests.factories import ProductFactory

from .factories import ActionFactory, DecisionFactory, SessionFactory, kind

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


def findings(product, code):
    return [finding for finding in evaluate_product(product, TODAY) if finding.code == code]


def established(phase=Phase.CONSTRUCTION) -> Product:
    """A product created more than six months before TODAY."""
    product = ProductFactory(phase=phase)
    Product.objects.filter(pk=product.pk).update(created_at=timezone.make_aware(datetime.datetime(2025, 1, 1)))
    product.refresh_from_db()
    return product


def test_a_steered_product_needs_a_steering_committee_held_in_the_last_six_months():
    product = established()
    assert "Aucun comité de pilotage" in findings(product, "COMITE_PILOTAGE_ABSENT")[0].message
    SessionFactory(products=[product], date=datetime.date(2025, 11, 1))
    assert "1er novembre 2025" in findings(product, "COMITE_PILOTAGE_ABSENT")[0].message
    SessionFactory(products=[product], date=datetime.date(2026, 2, 1))
    assert findings(product, "COMITE_PILOTAGE_ABSENT") == []


def test_planned_sessions_and_other_committees_do_not_count():
    product = established()
    SessionFactory(products=[product], date=datetime.date(2026, 2, 1), is_held=False)
    SessionFactory(products=[product], date=datetime.date(2026, 2, 1), kind=kind("comite-investissement"))
    assert len(findings(product, "COMITE_PILOTAGE_ABSENT")) == 1


def test_young_products_and_those_in_investigation_or_end_of_life_are_not_expected_to_be_steered():
    assert findings(ProductFactory(), "COMITE_PILOTAGE_ABSENT") == []  # created today, after TODAY
    assert findings(established(Phase.INVESTIGATION), "COMITE_PILOTAGE_ABSENT") == []
    assert findings(established(Phase.END_OF_LIFE), "COMITE_PILOTAGE_ABSENT") == []


def test_an_open_action_past_its_due_date_is_a_finding_until_it_is_done():
    product = ProductFactory()
    action = ActionFactory(decision=DecisionFactory(product=product), due_date=datetime.date(2026, 6, 14))
    ActionFactory(decision=DecisionFactory(product=product), due_date=TODAY)
    found = findings(product, "ACTION_EN_RETARD")
    assert len(found) == 1
    assert f"« {action.title} » confiée à {action.owner}" in found[0].message
    action.status = ActionStatus.DONE
    action.save()
    assert findings(product, "ACTION_EN_RETARD") == []


def test_an_overdue_action_finding_writes_its_dates_as_the_french_do():
    product = ProductFactory()
    decision = DecisionFactory(product=product, date=datetime.date(2026, 3, 1))
    ActionFactory(decision=decision, due_date=datetime.date(2026, 6, 1))
    message = findings(product, "ACTION_EN_RETARD")[0].message
    assert "devait être faite le 1er juin 2026 (décision du 1er mars 2026)." in message
