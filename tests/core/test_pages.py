import pytest
from django.db import DatabaseError
from django.test import Client

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_state(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connexion perdue")

    monkeypatch.setattr("equipage.core.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_pages_are_in_french_with_a_unique_title(agent_client, product):
    titles = set()
    for path in ["/", "/produits/", product.get_absolute_url(), f"/produits/{product.slug}/historique/", "/compte/"]:
        html = agent_client.get(path).content.decode()
        assert '<html lang="fr"' in html
        assert 'href="#content"' in html  # skip link
        assert "Accessibilité : non conforme" in html
        titles.add(html.split("<title>")[1].split("</title>")[0].strip())
    assert len(titles) == 5


def test_dsfr_assets_are_served_by_the_application(client):
    response = client.get("/static/dsfr/dist/dsfr.min.css")
    assert response.status_code == 200


def test_accessibility_statement_is_public_and_states_the_compliance_level(client):
    html = client.get("/accessibilite/").content.decode()
    assert "Déclaration d’accessibilité" in html
    assert "non conforme" in html


@pytest.mark.urls("tests.core.urls_with_failure")
def test_server_error_page_is_in_the_design_system(agent):
    client = Client(raise_request_exception=False)
    client.force_login(agent)
    response = client.get("/panne/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Erreur inattendue" in html
    assert "fr-header" in html


def test_home_dashboard_counts_products_by_phase(agent_client, django_assert_max_num_queries):
    ProductFactory.create_batch(3, phase="construction")
    with django_assert_max_num_queries(8):
        response = agent_client.get("/")
    assert response.context["figures"]["active"] == 3
    assert ("Construction", 3, "construction") in response.context["phases"]
