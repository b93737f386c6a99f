"""Recomputing the stored findings costs a fixed number of queries, whatever the number of products, and the
full recompute sends the database the conditions selecting its products, never the list of their ids."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from equipage.checks import store
from equipage.checks.engine import evaluate
from equipage.checks.models import StoredDeadline, StoredFinding
from equipage.checks.store import refresh, refresh_all
from equipage.core.deadlines import collect_deadlines
from equipage.governance import matrix as governance_matrix
from equipage.governance.models import RitualKind
from equipage.registry.models import Governance, Product
from equipage.teams.models import Membership
from equipage.teams.roles import Role
from tests.committees.factories import ActionFactory, DecisionFactory
from tests.compliance.factories import HomologationFactory
from tests.delivery.factories import ReleaseFactory
from tests.factories import AdminFactory, MembershipFactory, PersonFactory, ProductFactory
from tests.governance.factories import RitualFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

# A list of five or more literal ids inside `IN (…)`: what a query filtering on a batch's ids looks like.
ID_LIST = re.compile(r"IN \((?:\s*\d+\s*,){4,}")


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def furnished_product(index: int, shared_person=None) -> Product:
    """A product with something for every fact and deadline source: team, saved matrix, indicator, action,
    rituals, release, homologation."""
    product = ProductFactory(name=f"Produit {index:03}", governance=Governance.SHARED)
    owner = MembershipFactory(product=product, role=Role.POLICY_OWNER, time_share=40).person
    MembershipFactory(product=product, role=Role.PRODUCT_OWNER)
    if shared_person is not None:
        MembershipFactory(product=product, person=shared_person, role=Role.DEVELOPER, time_share=30)
    governance_matrix.add_activity(product, f"Activité maison {index}", Role.POLICY_OWNER)
    MeasurementFactory(indicator=IndicatorFactory(objective__product=product), date=_days(-400))
    ActionFactory(decision=DecisionFactory(product=product), owner=owner, due_date=_days(-5))
    RitualFactory(product=product, kind=RitualKind.ALIGNMENT, start_date=_days(-200))
    ReleaseFactory(product=product, planned_date=_days(30))
    HomologationFactory(product=product, decision_date=_days(-700), valid_until=_days(60))
    return product


def captured(function, *args) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        function(*args)
    return [query["sql"] for query in queries.captured_queries]


def reads(queries: list[str]) -> list[str]:
    """The queries that select or delete rows: the inserts carry the rows stored (more rows may take more
    inserts, by the database's limit on parameters), not a filter."""
    return [sql for sql in queries if not sql.lstrip().upper().startswith("INSERT")]


def test_the_full_recompute_costs_the_same_queries_for_two_products_or_seven():
    for index in range(2):
        furnished_product(index)
    few = reads(captured(refresh_all))
    for index in range(2, 7):
        furnished_product(index)
    many = reads(captured(refresh_all))
    assert StoredFinding.objects.values("product").distinct().count() == 7
    assert StoredDeadline.objects.values("product").distinct().count() == 7
    assert len(many) == len(few), "the full recompute makes a query per product"


def test_the_full_recompute_filters_facts_by_a_subquery_not_by_a_list_of_ids():
    for index in range(6):
        furnished_product(index)
    queries = reads(captured(refresh_all))
    with_ids = [sql for sql in queries if ID_LIST.search(sql)]
    assert not with_ids, f"queries sending a list of product ids: {with_ids[:3]}"
    assert any('"teams_membership"' in sql and "IN (SELECT" in sql for sql in queries)


def test_the_full_recompute_in_slices_stores_what_a_fresh_evaluation_gives(monkeypatch):
    person = PersonFactory()
    products = [furnished_product(index, shared_person=person) for index in range(7)]
    ProductFactory(name="Archivé", archived_at=timezone.now())
    monkeypatch.setattr(store, "FULL_RECOMPUTE_SLICE", 3)  # slices of 3, 3 and 1 active products

    refresh_all()

    fresh = {
        (product_id, finding.code, finding.message, finding.owner_id)
        for product_id, findings in evaluate(Product.objects.all()).items()
        for finding in findings
    }
    assert set(StoredFinding.objects.values_list("product_id", "code", "message", "owner_id")) == fresh
    overloaded = set(StoredFinding.objects.filter(code="MEMBRE_SURCHARGE").values_list("product_id", flat=True))
    assert overloaded == {product.pk for product in products}, "a person's total spans every slice"
    expected = {
        (d.product.pk, d.kind, d.key, d.date, frozenset(p.pk for p in d.owners))
        for d in collect_deadlines(list(Product.objects.active().for_listing()), timezone.localdate())
    }
    stored = {
        (row.product_id, row.kind, row.key, row.date, frozenset(p.pk for p in row.owners.all()))
        for row in StoredDeadline.objects.prefetch_related("owners")
    }
    assert stored == expected


def test_refreshing_one_product_or_four_costs_the_same_queries():
    products = [furnished_product(index) for index in range(4)]
    one = reads(captured(refresh, [products[0].pk]))
    four = reads(captured(refresh, [product.pk for product in products]))
    assert len(four) == len(one), "refreshing the products a write touches makes a query per product"


def test_a_write_refreshes_in_the_same_queries_however_large_the_portfolio():
    admin = AdminFactory()
    api = APIClient()
    api.force_authenticate(admin)
    person = PersonFactory()
    furnished_product(0, shared_person=person)
    furnished_product(1, shared_person=person)
    membership = Membership.objects.get(product__name="Produit 000", person=person)
    refresh_all()

    def write(share: int) -> None:
        response = api.patch(f"/api/v1/memberships/{membership.pk}/", {"time_share": share}, format="json")
        assert response.status_code == 200

    write(20)  # warm the session and the caches
    small = reads(captured(write, 25))
    for index in range(2, 8):
        furnished_product(index)
    refresh_all()
    large = reads(captured(write, 80))
    assert len(large) == len(small), "a write's refresh grows with the portfolio"
    overloaded = StoredFinding.objects.filter(code="MEMBRE_SURCHARGE").values_list("product__name", flat=True)
    assert set(overloaded) == {"Produit 000", "Produit 001"}, "the products sharing the person are refreshed too"
