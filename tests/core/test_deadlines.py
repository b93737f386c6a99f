"""The deadlines registry: each app's source lists its products' deadlines, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from equipage.core.deadlines import (
    DEADLINE_KINDS,
    Deadline,
    collect_deadlines,
    register_deadline_kind,
    register_deadline_source,
)
from equipage.governance.models import RitualMeeting
from equipage.registry.models import Governance, Product
from equipage.teams.roles import Role
from tests.committees.factories import ActionFactory, DecisionFactory
from tests.compliance.factories import AccessibilityRecordFactory, HomologationFactory
from tests.delivery.factories import ReleaseFactory
from tests.factories import MembershipFactory, PersonFactory, ProductFactory
from tests.governance.factories import RitualFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def _product_with_deadlines(name: str, owner=None) -> Product:
    product = ProductFactory(name=name, governance=Governance.DNUM_OWNED, is_public_service=True)
    lead = owner or PersonFactory()
    MembershipFactory(product=product, person=lead, role=Role.PRODUCT_OWNER)
    HomologationFactory(product=product, decision_date=datetime.date(2024, 1, 1), valid_until=datetime.date(2026, 7, 1))
    AccessibilityRecordFactory(product=product, statement_date=datetime.date(2024, 2, 1))
    ActionFactory(decision=DecisionFactory(product=product), owner=lead, due_date=datetime.date(2026, 5, 1))
    indicator = IndicatorFactory(objective__product=product)
    MeasurementFactory(indicator=indicator, date=datetime.date(2026, 4, 1))
    ReleaseFactory(product=product, planned_date=datetime.date(2026, 9, 15))
    RitualMeeting.objects.create(
        ritual=RitualFactory(product=product, cadence="mensuelle"), date=datetime.date(2026, 5, 20)
    )
    return product


def _products():
    return list(Product.objects.active().for_listing().order_by("name"))


def test_every_app_lists_its_products_deadlines_with_owner_and_link():
    owner = PersonFactory(first_name="Inès", last_name="Roche")
    product = _product_with_deadlines("Atlas", owner)

    deadlines = collect_deadlines(_products(), TODAY)

    by_kind = {deadline.kind: deadline for deadline in deadlines}
    assert {"homologation", "accessibilite", "action", "indicateur", "livraison", "autodiagnostic", "rituel"} <= set(
        by_kind
    )
    assert by_kind["rituel"].date == datetime.date(2026, 7, 5)  # a month and half a month after the last meeting
    homologation = by_kind["homologation"]
    assert homologation.date == datetime.date(2026, 7, 1)
    assert homologation.owners == (owner,)  # DNUM-owned: the responsable produit answers for compliance
    assert homologation.url == f"/produits/{product.slug}/conformite/#rgs"
    assert by_kind["action"].owners == (owner,)
    assert by_kind["indicateur"].date == datetime.date(2026, 6, 17)  # two months and the grace period
    assert by_kind["livraison"].label == f"Mise en production de la version {product.releases.get().name}"
    assert all(deadline.product == product for deadline in deadlines)


def test_overdue_deadlines_come_first_then_the_soonest():
    _product_with_deadlines("Atlas")

    dates = [deadline.date for deadline in collect_deadlines(_products(), TODAY)]

    assert dates == sorted(dates)
    assert dates[0] < TODAY  # the overdue action opens the list


def test_a_done_action_is_no_longer_a_deadline():
    product = _product_with_deadlines("Atlas")
    product.decisions.get().actions.update(status="faite")

    assert not collect_deadlines(_products(), TODAY, kinds=["action"])


def test_filters_by_kind_horizon_and_owner():
    owner = PersonFactory()
    _product_with_deadlines("Atlas", owner)
    _product_with_deadlines("Boussole")

    assert {d.kind for d in collect_deadlines(_products(), TODAY, kinds=["livraison"])} == {"livraison"}
    soon = collect_deadlines(_products(), TODAY, until=TODAY + datetime.timedelta(days=45))
    assert soon and all(deadline.date <= TODAY + datetime.timedelta(days=45) for deadline in soon)
    mine = collect_deadlines(_products(), TODAY, owner_id=owner.pk)
    assert mine and all(deadline.product.name == "Atlas" for deadline in mine)


def test_uids_are_stable_and_unique():
    _product_with_deadlines("Atlas")
    _product_with_deadlines("Boussole")

    first = [deadline.uid for deadline in collect_deadlines(_products(), TODAY)]
    again = [deadline.uid for deadline in collect_deadlines(_products(), TODAY + datetime.timedelta(days=3))]

    assert len(set(first)) == len(first)
    assert set(first) == set(again)


def test_the_queries_do_not_grow_with_the_number_of_products():
    _product_with_deadlines("Atlas")
    with CaptureQueriesContext(connection) as one:
        collect_deadlines(_products(), TODAY)
    for index in range(4):
        _product_with_deadlines(f"Produit {index}")
    with CaptureQueriesContext(connection) as many:
        deadlines = collect_deadlines(_products(), TODAY)

    assert len({deadline.product.pk for deadline in deadlines}) == 5
    assert len(many) == len(one)


def test_a_source_giving_an_undeclared_kind_is_refused(monkeypatch):
    from equipage.core import deadlines as registry

    monkeypatch.setattr(registry, "DEADLINE_SOURCES", [])
    monkeypatch.setattr(registry, "DEADLINE_KINDS", dict(DEADLINE_KINDS))
    register_deadline_kind("essai", "Essai", order=99)

    @register_deadline_source("essai")
    def wrong(products, today):
        yield Deadline(date=today, product=products[0], kind="action", label="x", url="/", key="x")

    with pytest.raises(ValueError, match="did not declare"):
        collect_deadlines([ProductFactory()], TODAY)
    with pytest.raises(ValueError, match="Unknown deadline kind"):
        register_deadline_source("inconnu")
