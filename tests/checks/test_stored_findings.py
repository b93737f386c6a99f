"""Stored findings stay equal to a fresh evaluation after every kind of write, and the daily job ages them.

The scenario writes through the API and the pages (each request runs in a transaction that
recomputes before committing: the table is compared as it stands, without any flush) and through
services and the ORM, whose transaction's commit hooks are run as a real commit would.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from equipage.checks.engine import evaluate
from equipage.checks.models import StoredFinding
from equipage.checks.store import flush, refresh_all
from equipage.governance.models import RitualKind
from equipage.indicators.importer import write_rows
from equipage.indicators.validation import CheckedRow
from equipage.registry.models import Governance, Product
from equipage.selfassessment.models import SelfAssessment
from equipage.teams.models import Membership
from equipage.teams.roles import Role
from tests.factories import AdminFactory, MembershipFactory, PersonFactory, ProductFactory
from tests.governance.factories import RitualFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def stored() -> set[tuple]:
    return set(StoredFinding.objects.values_list("product_id", "code", "severity", "message", "remedy", "owner_id"))


def fresh() -> set[tuple]:
    found = evaluate(Product.objects.all())
    return {
        (product_id, f.code, f.severity, f.message, f.remedy, f.owner_id)
        for product_id, findings in found.items()
        for f in findings
    }


def assert_current(step: str) -> None:
    assert stored() == fresh(), f"stored findings out of date after: {step}"


@pytest.fixture
def admin():
    return AdminFactory()


@pytest.fixture
def api(admin):
    client = APIClient()
    client.force_authenticate(admin)
    return client


def test_every_write_path_keeps_the_stored_findings_current(api, admin, client, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    client.force_login(admin)
    committed = django_capture_on_commit_callbacks  # run the commit hooks, as a real commit would

    with committed(execute=True):
        alpha = ProductFactory(name="Alpha", governance=Governance.POLICY_OWNER_IS_PM)
        bravo = ProductFactory(name="Bravo", governance=Governance.DNUM_PM)
        person = PersonFactory(trained_in_product_methods=False)
    assert_current("products created")
    assert {code for _p, code, *_ in stored()} >= {"ROLE_VACANT"}

    response = api.post(
        "/api/v1/memberships/",
        {"product": alpha.slug, "person": person.pk, "role": Role.POLICY_OWNER, "time_share": 40},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert_current("a responsable métier at 40 % joins (API)")
    assert ("RM_TEMPS_INSUFFISANT", person.pk) in {(code, owner) for _p, code, _s, _m, _r, owner in stored()}

    response = api.post(
        "/api/v1/memberships/",
        {"product": bravo.slug, "person": person.pk, "role": Role.POLICY_EXPERT, "time_share": 70},
        format="json",
    )
    assert response.status_code == 201
    assert_current("the same person takes 70 % on another product (API)")
    overloaded = {p for p, code, *_ in stored() if code == "MEMBRE_SURCHARGE"}
    assert overloaded == {alpha.pk, bravo.pk}, "a person's total spans products"

    on_bravo = Membership.objects.get(product=bravo, person=person)
    assert api.patch(f"/api/v1/memberships/{on_bravo.pk}/", {"time_share": 30}, format="json").status_code == 200
    assert_current("their share on the other product drops (API)")
    assert not {p for p, code, *_ in stored() if code == "MEMBRE_SURCHARGE"}

    with committed(execute=True):
        person.trained_in_product_methods = True
        person.save()
    assert_current("the person is trained (ORM)")

    assert (
        api.patch(f"/api/v1/products/{alpha.slug}/", {"governance": Governance.SHARED}, format="json").status_code
        == 200
    )
    assert_current("the product's configuration changes (API)")

    assert client.post(f"/produits/{alpha.slug}/responsabilites/reinitialiser/").status_code == 302
    assert_current("the matrix is reset to its default (page)")

    with committed(execute=True):
        RitualFactory(product=alpha, kind=RitualKind.ALIGNMENT, start_date=today - datetime.timedelta(days=1))
    assert_current("an alignment ritual starts (ORM)")

    with committed(execute=True):
        SelfAssessment.objects.create(product=alpha, role=Role.POLICY_OWNER, respondent=person, answered_on=today)
    assert_current("a self-assessment is answered (ORM)")

    with committed(execute=True):
        indicator = IndicatorFactory(product=alpha)
        MeasurementFactory(indicator=indicator, date=today - datetime.timedelta(days=400))
    assert_current("an indicator is followed, last measured a year ago (ORM)")
    assert "INDICATEUR_PERIME" in {code for p, code, *_ in stored() if p == alpha.pk}

    with committed(execute=True):
        write_rows([CheckedRow(2, indicator, today, Decimal(3), "")], user=admin)
    assert_current("its measurements are imported in bulk (importer)")
    assert "INDICATEUR_PERIME" not in {code for p, code, *_ in stored() if p == alpha.pk}

    response = api.put(
        f"/api/v1/products/{bravo.slug}/compliance/homologation/",
        {"authority": "DNUM", "authority_function": "DNUM", "decision_date": "2020-01-01", "validity_months": 12},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert_current("an expired homologation is recorded (API)")
    assert "HOMOLOGATION_EXPIREE" in {code for p, code, *_ in stored() if p == bravo.pk}

    on_alpha = Membership.objects.get(product=alpha, person=person)
    response = api.post(f"/api/v1/memberships/{on_alpha.pk}/end/", {"end_date": str(today)}, format="json")
    assert response.status_code == 200, response.json()
    assert_current("the responsable métier leaves tonight (API)")
    refresh_all(today + datetime.timedelta(days=1))
    assert "ROLE_VACANT" in {code for p, code, *_ in stored() if p == alpha.pk}, "the daily job sees them gone"
    refresh_all()

    assert api.post(f"/api/v1/products/{bravo.slug}/archive/", {"reason": "Fin"}, format="json").status_code == 200
    assert_current("a product is archived (API)")
    assert not {p for p, *_ in stored() if p == bravo.pk}


def test_the_daily_job_recomputes_date_dependent_findings_for_a_frozen_date():
    answered = datetime.date(2026, 1, 10)
    product = ProductFactory()
    MembershipFactory(product=product, role=Role.PRODUCT_MANAGER, start_date=datetime.date(2025, 1, 1))
    SelfAssessment.objects.create(
        product=product, role=Role.PRODUCT_MANAGER, respondent=PersonFactory(), answered_on=answered
    )
    flush()
    refresh_all(answered)
    assert "AUTODIAGNOSTIC_ABSENT" not in {code for _p, code, *_ in stored()}

    call_command("refresh_findings", date="2026-08-01", stdout=open("/dev/null", "w"))  # noqa: SIM115
    messages = {message for _p, code, _s, message, *_ in stored() if code == "AUTODIAGNOSTIC_ABSENT"}
    assert messages == {"Le dernier autodiagnostic date du 10 janvier 2026, il y a plus de six mois."}
    assert set(StoredFinding.objects.values_list("computed_on", flat=True)) == {datetime.date(2026, 8, 1)}


def test_changing_the_many_to_many_links_of_a_watched_row_marks_its_products_stale(monkeypatch):
    from equipage.checks import store
    from tests.committees.factories import SessionFactory

    first, second = ProductFactory(), ProductFactory()
    session = SessionFactory(products=[first])
    marked: list[set] = []
    monkeypatch.setattr(store, "mark_stale", lambda ids: marked.append(set(ids)))
    session.products.add(second)
    assert second.pk in set().union(*marked)
    marked.clear()
    session.products.remove(second)
    assert second.pk in set().union(*marked), "the product removed is recomputed too"
    marked.clear()
    session.products.clear()
    assert first.pk in set().union(*marked), "a cleared session recomputes the products it reviewed"
