"""The heat map's stored area states stay equal to a fresh derivation after every kind of write, and the
daily job ages them; the heat map reads them in a number of queries that does not grow with the portfolio.

Like `tests/checks/test_stored_findings.py`: writes through the API and the pages (each request runs in a
transaction that recomputes before committing: the table is compared as it stands) and through the ORM,
whose transaction's commit hooks are run as a real commit would.
"""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from equipage.checks.store import flush, refresh_all
from equipage.compliance.models import AccessibilityRecord, StoredAreaStates
from equipage.compliance.selectors import portfolio_rows, stored_portfolio_rows, urgency_rank, with_stored_states
from equipage.compliance.states import STATUS_ORDER, Area, Status
from equipage.registry.models import Phase, Product
from tests.compliance.factories import (
    AccessibilityAuditFactory,
    AccessibilityRecordFactory,
    HomologationFactory,
    ProcessingActivityFactory,
)
from tests.factories import AdminFactory, ProductFactory

pytestmark = pytest.mark.django_db


def stored(today: datetime.date | None = None) -> dict[int, dict]:
    rows = stored_portfolio_rows(with_stored_states(Product.objects.active()))
    return {row.product.pk: {area: vars(state) for area, state in row.areas.items()} for row in rows}


def fresh(today: datetime.date | None = None) -> dict[int, dict]:
    rows = portfolio_rows(Product.objects.active(), today)
    return {row.product.pk: {Area(area).value: vars(state) for area, state in row.areas.items()} for row in rows}


def assert_current(step: str, today: datetime.date | None = None) -> None:
    table = {
        row.pk: (row.worst, row.urgency)
        for row in StoredAreaStates.objects.all()  # what the heat map counts and sorts on
    }
    expected = {
        row.product.pk: (row.worst, urgency_rank(row.areas.values()))
        for row in portfolio_rows(Product.objects.active(), today)
    }
    assert table == expected, f"stored worst state and urgency out of date after: {step}"
    assert stored(today) == fresh(today), f"stored area states out of date after: {step}"


@pytest.fixture
def admin():
    return AdminFactory()


@pytest.fixture
def api(admin):
    client = APIClient()
    client.force_authenticate(admin)
    return client


def test_every_write_path_keeps_the_stored_area_states_current(api, admin, client, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    client.force_login(admin)
    committed = django_capture_on_commit_callbacks

    with committed(execute=True):
        alpha = ProductFactory(name="Alpha", phase=Phase.ACCELERATION, is_public_service=True)
        bravo = ProductFactory(name="Bravo")
    assert_current("products created")
    assert StoredAreaStates.objects.get(pk=alpha.pk).rgaa_status != Status.DONE

    response = api.put(
        f"/api/v1/products/{bravo.slug}/compliance/homologation/",
        {"authority": "DNUM", "authority_function": "DNUM", "decision_date": "2020-01-01", "validity_months": 12},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert_current("an expired homologation is recorded (API)")
    assert StoredAreaStates.objects.get(pk=bravo.pk).rgs_status == Status.LAPSED

    response = client.post(
        f"/produits/{alpha.slug}/conformite/ecoconception/modifier/",
        {"declared_on": str(today), "rgesn_version": "2024", "criteria_assessed": 78, "criteria_met": 50},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert_current("an ecodesign declaration is published (page)")
    assert StoredAreaStates.objects.get(pk=alpha.pk).rgesn_status == Status.DONE

    with committed(execute=True):
        AccessibilityAuditFactory(product=alpha, audited_on=today - datetime.timedelta(days=30))
        AccessibilityRecordFactory(product=alpha, statement_date=today - datetime.timedelta(days=20))
    assert_current("an audit and a statement are recorded (ORM)")

    with committed(execute=True):
        activity = ProcessingActivityFactory(product=alpha, in_ministry_register=False)
    assert_current("a processing outside the register (ORM)")
    with committed(execute=True):
        activity.in_ministry_register = True
        activity.save()
    assert_current("the processing is registered (ORM)")

    with committed(execute=True):
        HomologationFactory(product=alpha, decision_date=today - datetime.timedelta(days=300), valid_until=today)
    assert_current("an homologation ending today (ORM)")

    assert api.patch(f"/api/v1/products/{bravo.slug}/", {"is_public_service": True}, format="json").status_code == 200
    assert_current("the product becomes a public service (API)")

    with committed(execute=True):
        AccessibilityRecord.objects.filter(product=alpha).get().delete()
    assert_current("the statement is deleted (ORM)")

    tomorrow = today + datetime.timedelta(days=1)
    refresh_all(tomorrow)
    assert_current("the daily job, the next day", tomorrow)
    assert StoredAreaStates.objects.get(pk=alpha.pk).rgs_status == Status.LAPSED, "the homologation lapsed overnight"
    refresh_all()

    assert api.post(f"/api/v1/products/{bravo.slug}/archive/", {"reason": "Fin"}, format="json").status_code == 200
    assert_current("a product is archived (API)")
    assert not StoredAreaStates.objects.filter(pk=bravo.pk).exists()


def test_the_urgency_rank_orders_like_the_sorted_area_ranks():
    from itertools import product as combinations

    from equipage.compliance.states import AreaState

    keys = []
    for orders in combinations(sorted(STATUS_ORDER.values()), repeat=4):
        statuses = [next(s for s, o in STATUS_ORDER.items() if o == order) for order in orders]
        areas = [AreaState(area=area, status=status) for area, status in zip(Area.values, statuses, strict=True)]
        keys.append((tuple(sorted(orders)), urgency_rank(areas)))
    assert sorted(keys) == sorted(keys, key=lambda key: key[1])


def test_the_heat_map_sorts_and_counts_the_whole_portfolio_from_the_stored_states(client):
    client.force_login(AdminFactory())
    lapsed = ProductFactory(name="Zeta échue")
    HomologationFactory(product=lapsed, decision_date=datetime.date(2020, 1, 1), valid_until=datetime.date(2021, 1, 1))
    others = [ProductFactory(name=f"Produit {n:03}") for n in range(105)]
    flush()
    response = client.get("/portefeuille/conformite/")
    assert response.context["rows"][0].product == lapsed, "the most urgent first, across pages"
    overall = {value: count for value, _label, count in response.context["overall"]}
    assert overall[Status.LAPSED] == 1 and sum(overall.values()) == len(others) + 1
    last = client.get("/portefeuille/conformite/?page=2")
    assert [row.product.name for row in last.context["rows"]] == [f"Produit {n:03}" for n in range(99, 105)]
