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
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 503
    assert response.json() == {"status": "error"}  # no vendor, no error text for anonymous callers
    assert "connexion perdue" in client.get("/healthz").json()["detail"]  # from the machine itself


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


@pytest.mark.urls("tests.core.urls_with_failure")
def test_an_unreachable_database_answers_503_never_500_and_tells_no_detail(agent):
    client = Client(raise_request_exception=False)
    client.force_login(agent)
    page = client.get("/panne-base/")
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "Service momentanément indisponible" in page.content.decode()
    assert "fr-header" in page.content.decode()
    assert "5432" not in page.content.decode()
    api = client.get("/api/v1/panne-base/")
    assert api.status_code == 503
    assert api.json()["status"] == 503
    assert "5432" not in api.json()["message"]


def test_home_dashboard_counts_products_by_phase(agent_client):
    """Its query count is proven in tests/web/test_dashboard.py (one product or many: the same)."""
    ProductFactory.create_batch(3, phase="construction")
    response = agent_client.get("/")
    assert response.context["figures"]["active"] == 3
    assert ("Construction", 3, "construction") in response.context["phases"]
