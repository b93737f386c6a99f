"""API list filters declared with django-filter: same parameters and answers as before, French refusals."""

import datetime
from decimal import Decimal

import pytest

from equipage.registry import services
from equipage.registry.models import Governance
from tests.api.test_products import authed
from tests.factories import MembershipFactory, OrganisationFactory, ProductFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


def names(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {item["name"] for item in response.json()["results"]}


def test_product_filters_combine_search_sponsor_governance_and_archived(agent):
    dgt = OrganisationFactory(acronym="DGT", name="Direction générale du travail")
    ProductFactory(name="Observatoire", sponsor=dgt, governance=Governance.DNUM_OWNED)
    ProductFactory(name="Hébergement", pitch="Les serveurs du ministère")
    services.archive_product(ProductFactory(name="Ancien", sponsor=dgt), user=None)
    client = authed(agent)
    assert names(client.get("/api/v1/products/", {"sponsor": "dgt"})) == {"Observatoire"}
    assert names(client.get("/api/v1/products/", {"sponsor": "Direction générale du travail", "archived": "all"})) == {
        "Observatoire",
        "Ancien",
    }
    assert names(client.get("/api/v1/products/", {"q": "serveurs"})) == {"Hébergement"}
    assert names(client.get("/api/v1/products/", {"governance": Governance.DNUM_OWNED})) == {"Observatoire"}
    assert names(client.get("/api/v1/products/", {"archived": "TRUE"})) == {"Ancien"}
    assert names(client.get("/api/v1/products/", {"archived": "n'importe"})) == {"Observatoire", "Hébergement"}
    response = client.get("/api/v1/products/", {"governance": "lune"})
    assert response.status_code == 400
    assert response.json()["errors"]["governance"][0].startswith("Valeur inconnue « lune » : attendu l’une de")


def test_membership_filters_and_a_non_numeric_person_is_refused_in_french(agent, product):
    before = product.memberships.count()
    current = MembershipFactory(product=product)
    ended = MembershipFactory(product=product, end_date=datetime.date(2020, 1, 1), start_date=datetime.date(2019, 1, 1))
    MembershipFactory()
    client = authed(agent)
    body = client.get("/api/v1/memberships/", {"product": product.slug, "current": "true"}).json()
    ids = {item["id"] for item in body["results"]}
    assert current.pk in ids and ended.pk not in ids and len(ids) == before + 1
    assert client.get("/api/v1/memberships/", {"product": product.slug}).json()["count"] == before + 2
    assert client.get("/api/v1/memberships/", {"person": current.person_id}).json()["count"] == 1
    response = client.get("/api/v1/memberships/", {"person": "abc"})
    assert response.status_code == 400 and "nombre" in response.json()["errors"]["person"][0]


def test_withdrawn_measurements_are_listed_only_when_asked(agent, product):
    indicator = IndicatorFactory(objective=ObjectiveFactory(product=product), code="visites")
    MeasurementFactory(indicator=indicator, date=datetime.date(2025, 1, 1), value=Decimal(1))
    MeasurementFactory(indicator=indicator, date=datetime.date(2025, 2, 1), value=Decimal(2), withdrawn=True)
    url = f"/api/v1/products/{product.slug}/measurements/"
    client = authed(agent)
    assert client.get(url).json()["count"] == 1
    assert client.get(url, {"withdrawn": "true", "indicator": "visites"}).json()["count"] == 2
    assert client.get(url, {"indicator": "autre"}).json()["count"] == 0


def test_an_unknown_severity_is_refused_in_french(agent):
    response = authed(agent).get("/api/v1/findings/", {"severity": "grave"})
    assert response.status_code == 400
    assert response.json()["errors"]["severity"][0].startswith("Valeur inconnue « grave »")


@pytest.mark.parametrize("value", ["-5.48434154992555e+230", "2.5", "0", "9223372036854775808", "douze"])
def test_an_identifier_filter_refuses_what_is_not_a_whole_number_with_a_french_400(agent, value):
    product = ProductFactory()
    response = authed(agent).get(f"/api/v1/products/{product.slug}/stories/", {"roadmap_item": value})
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["roadmap_item"][0].startswith("Identifiant invalide")


def test_a_membership_filter_by_person_still_takes_an_identifier(agent):
    membership = MembershipFactory()
    response = authed(agent).get("/api/v1/memberships/", {"person": membership.person.pk})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [membership.pk]
