"""A NUL byte or a lone surrogate never reaches the database: every route answers 400 in French."""

import json

import pytest
from rest_framework.test import APIClient

from equipage.registry.models import Product
from tests.campaigns.factories import CampaignFactory
from tests.core.test_permission_matrix import MATRIX
from tests.factories import AdminFactory, OrganisationFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

GET_ROUTES = sorted(name for name, (method, _path, _expected) in MATRIX.items() if method == "get")


@pytest.fixture
def signed_in(client):
    editor = UserFactory()
    product = ProductFactory(editors=[editor], is_public_service=True)
    client.force_login(AdminFactory())
    membership = product.memberships.get()
    campaign = CampaignFactory()

    def path_of(route: str) -> str:
        return MATRIX[route][1].format(
            slug=product.slug,
            organisation=product.sponsor_id,
            membership=membership.pk,
            person=membership.person_id,
            campaign=campaign.pk,
        )

    return client, path_of


def assert_refused_in_french(response, path: str):
    assert response.status_code == 400, (path, response.status_code)
    text = response.content.decode()
    assert "caractère invalide" in text, path
    if path.startswith("/api/") or path.endswith(".json"):
        assert response.json()["status"] == 400


def test_a_nul_byte_in_the_query_string_is_refused_on_every_route(signed_in):
    client, path_of = signed_in
    for route in GET_ROUTES:
        path = path_of(route)
        for query in ("q=a%00b", "indicateur=%00", "page=1%00", "%00=1"):
            assert_refused_in_french(client.get(f"{path}?{query}"), path)


def test_a_nul_byte_in_the_path_is_refused_on_every_route(signed_in):
    client, path_of = signed_in
    for route in GET_ROUTES:
        path = path_of(route)
        assert_refused_in_french(client.get(path.rstrip("/") + "%00" + ("/" if path.endswith("/") else "")), path)


def test_anonymous_public_csv_with_a_nul_byte_is_refused(client):
    assert_refused_in_french(client.get("/statistiques.csv?indicateur=a%00"), "/statistiques.csv")


def test_a_nul_byte_in_a_json_body_is_refused_and_nothing_is_written(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    sponsor = OrganisationFactory()
    for name in ("Nul\u0000", "Surrogate \ud800"):
        body = json.dumps({"name": name, "pitch": "p", "sponsor": sponsor.name})
        response = client.post("/api/v1/products/", body, content_type="application/json")
        assert_refused_in_french(response, "/api/")
        assert "name" in response.json()["message"]
    assert not Product.objects.exists()


def test_a_nul_byte_in_a_form_field_is_refused_and_nothing_is_written(admin_client):
    sponsor = OrganisationFactory()
    response = admin_client.post(
        "/produits/nouveau/",
        {"name": "Nul\x00", "pitch": "p", "sponsor": sponsor.pk, "phase": "construction", "governance": "pm_dnum"},
    )
    assert_refused_in_french(response, "/produits/nouveau/")
    assert not Product.objects.exists()


def test_a_nul_byte_in_a_token_or_a_cookie_is_refused(client):
    assert_refused_in_french(client.get("/api/v1/products/", HTTP_AUTHORIZATION="Token ab\x00cd"), "/api/")
    client.cookies["sessionid"] = "abc\x00"
    assert_refused_in_french(client.get("/produits/"), "/produits/")
