import pytest
from rest_framework.test import APIClient

from equipage.registry import services
from equipage.registry.models import Governance, Phase, Product
from tests.factories import OrganisationFactory, ProductFactory, personal_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def authed(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {personal_token(user)}")
    return client


def test_anonymous_gets_a_401_in_json(api):
    response = api.get("/api/v1/products/")
    assert response.status_code == 401
    assert response.json()["message"].startswith("Authentification requise")


def test_a_wrong_token_is_refused(api):
    api.credentials(HTTP_AUTHORIZATION="Token nimportequoi")
    response = api.get("/api/v1/products/")
    assert response.status_code == 401
    assert response.json()["message"] == "Token non valide."


def test_agent_lists_active_products_with_filters(agent):
    ProductFactory(name="Observatoire", phase=Phase.ACCELERATION)
    ProductFactory(name="Hébergement", governance=Governance.DNUM_OWNED)
    services.archive_product(ProductFactory(name="Ancien"), user=None)
    client = authed(agent)
    names = {p["name"] for p in client.get("/api/v1/products/").json()["results"]}
    assert names == {"Observatoire", "Hébergement"}
    assert [p["name"] for p in client.get("/api/v1/products/?phase=acceleration").json()["results"]] == ["Observatoire"]
    assert [p["name"] for p in client.get("/api/v1/products/?archived=true").json()["results"]] == ["Ancien"]


def test_product_list_query_count_does_not_grow(agent, django_assert_max_num_queries):
    client = authed(agent)
    ProductFactory.create_batch(25, editors=[agent])
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/products/").status_code == 200


def test_product_detail_by_slug(agent, product):
    body = authed(agent).get(f"/api/v1/products/{product.slug}/").json()
    assert body["name"] == "Mon parcours"
    assert body["sponsor"] == product.sponsor.name
    assert body["url"] == "/produits/mon-parcours/"


def test_unknown_slug_is_a_json_404(agent):
    response = authed(agent).get("/api/v1/products/inconnu/")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert response.json()["message"] == "Ressource introuvable."


def test_administrator_creates_a_product(admin_user):
    sponsor = OrganisationFactory(name="Direction des solidarités")
    response = authed(admin_user).post(
        "/api/v1/products/",
        {"name": "Aides en ligne", "pitch": "Demander une aide.", "sponsor": sponsor.name, "phase": "construction"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    product = Product.objects.get(slug="aides-en-ligne")
    assert product.history.first().history_user == admin_user


def test_malformed_payload_names_the_fields_in_error_and_saves_nothing(admin_user):
    response = authed(admin_user).post(
        "/api/v1/products/",
        {"name": "", "pitch": "x", "sponsor": "Inconnue", "phase": "lune", "service_url": "pas-une-url"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"name", "sponsor", "phase", "service_url"}
    assert "Aucune organisation ne porte le nom « Inconnue »" in errors["sponsor"][0]
    assert not Product.objects.exists()


def test_invalid_json_is_a_clear_400(admin_user):
    response = authed(admin_user).generic("POST", "/api/v1/products/", "{pas du json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_duplicate_slug_is_refused(admin_user, product):
    response = authed(admin_user).post(
        "/api/v1/products/",
        {"name": "Autre", "slug": product.slug, "pitch": "x", "sponsor": product.sponsor.name},
        format="json",
    )
    assert response.status_code == 400
    assert "slug" in response.json()["errors"]


def test_agent_cannot_create_products(agent, product):
    response = authed(agent).post(
        "/api/v1/products/", {"name": "X", "pitch": "x", "sponsor": product.sponsor.name}, format="json"
    )
    assert response.status_code == 403
    assert Product.objects.count() == 1


def test_editor_patches_their_product(editor, product):
    client = authed(editor)
    response = client.patch(f"/api/v1/products/{product.slug}/", {"phase": "acceleration"}, format="json")
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.phase == Phase.ACCELERATION


def test_non_editor_cannot_patch(agent, product):
    response = authed(agent).patch(f"/api/v1/products/{product.slug}/", {"name": "Piraté"}, format="json")
    assert response.status_code == 403
    product.refresh_from_db()
    assert product.name == "Mon parcours"


def test_products_cannot_be_deleted_only_archived(admin_user, product):
    client = authed(admin_user)
    assert client.delete(f"/api/v1/products/{product.slug}/").status_code == 405
    response = client.post(f"/api/v1/products/{product.slug}/archive/", {"reason": "Fermé"}, format="json")
    assert response.status_code == 200
    assert response.json()["is_archived"] is True
    assert client.post(f"/api/v1/products/{product.slug}/archive/").status_code == 400
    assert client.post(f"/api/v1/products/{product.slug}/restore/").json()["is_archived"] is False


def test_openapi_schema_describes_the_products_api(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/products/{slug}/" in schema["paths"]


def test_session_authentication_works_for_signed_in_agents(agent_client, product):
    assert agent_client.get("/api/v1/products/").status_code == 200


def test_non_administrator_is_refused_before_the_payload_is_read(agent):
    response = authed(agent).post("/api/v1/products/", {"name": ""}, format="json")
    assert response.status_code == 403


def test_malformed_json_gets_a_french_message(admin_user):
    response = authed(admin_user).generic("POST", "/api/v1/products/", '{"name": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Le corps de la requête n’est pas un JSON valide")


def test_unknown_filter_value_is_a_400(agent):
    response = authed(agent).get("/api/v1/products/?phase=lune")
    assert response.status_code == 400
    assert "phase" in response.json()["errors"]


def test_reserved_slug_is_refused_by_the_api(admin_user, product):
    response = authed(admin_user).post(
        "/api/v1/products/", {"name": "Nouveau", "pitch": "x", "sponsor": product.sponsor.name}, format="json"
    )
    assert response.status_code == 400
    assert "slug" in response.json()["errors"]
