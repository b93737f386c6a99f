"""A product's address identifier is never empty nor reserved, whichever way the product is written."""

import pytest
from rest_framework.test import APIClient

from equipage.registry.models import Product
from tests.factories import OrganisationFactory, ProductFactory, personal_token

pytestmark = pytest.mark.django_db


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {personal_token(user)}")
    return client


def payload(**extra):
    sponsor = OrganisationFactory(name="Direction des usages")
    return {"name": "Un produit", "pitch": "Un pitch.", "sponsor": sponsor.name, **extra}


@pytest.mark.parametrize("name", ["!!!", "« — »", "   "])
def test_api_refuses_a_name_that_gives_no_slug(admin_user, name):
    response = api_client(admin_user).post("/api/v1/products/", payload(name=name), format="json")
    assert response.status_code == 400
    assert "slug" in response.json()["errors"] or "name" in response.json()["errors"]
    assert not Product.objects.exists()


@pytest.mark.parametrize("slug", ["nouveau", "!!!"])
def test_api_refuses_an_empty_or_reserved_slug(admin_user, slug):
    response = api_client(admin_user).post("/api/v1/products/", payload(slug=slug), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["slug"]
    assert not Product.objects.exists()


def test_api_refuses_to_empty_the_slug_of_an_existing_product(admin_user, product):
    response = api_client(admin_user).patch(f"/api/v1/products/{product.slug}/", {"slug": "???"}, format="json")
    assert response.status_code == 400
    product.refresh_from_db()
    assert product.slug == "mon-parcours"


def test_page_refuses_a_name_that_gives_no_slug(admin_client):
    sponsor = OrganisationFactory()
    response = admin_client.post(
        "/produits/nouveau/",
        {"name": "!!!", "pitch": "Un pitch.", "sponsor": sponsor.pk, "phase": "construction", "governance": "pm_dnum"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert not Product.objects.exists()


@pytest.mark.parametrize("bad_slug", ["", "nouveau", "pas un slug"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/produits/",
        "/portefeuille/",
        "/portefeuille/conformite/",
        "/echeances/",
        "/api/v1/products/",
    ],
)
def test_a_product_with_a_bad_slug_forced_into_the_database_does_not_break_the_lists(
    admin_client, admin_user, path, bad_slug
):
    ProductFactory(name="Produit sain")
    broken = ProductFactory(name="Produit cassé")
    Product.objects.filter(pk=broken.pk).update(slug=bad_slug)
    response = admin_client.get(path, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "Produit sain" in response.content.decode()


@pytest.mark.parametrize("path", ["/portefeuille/derogations/", "/portefeuille/tendances/", "/mon-espace/"])
def test_a_product_with_a_bad_slug_does_not_break_the_steering_pages(admin_client, path):
    broken = ProductFactory(name="Produit cassé")
    Product.objects.filter(pk=broken.pk).update(slug="pas un slug")
    assert admin_client.get(path).status_code == 200
