"""Web addresses are URIs and e-mail addresses plain ASCII, whichever way they arrive: what the schema promises.

Django's validators accept accents, `|` or `{` in an address, which the OpenAPI schema's `format: uri`
(and every client validating against it) refuses: the page and the API now refuse them alike."""

import jsonschema_rs
import pytest
from rest_framework.test import APIClient

from equipage.core.validators import validate_uri
from equipage.registry.models import Product
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URI = jsonschema_rs.Draft4Validator({"type": "string", "format": "uri"}, validate_formats=True)
REFUSED = [
    "https://exemple.fr/démarche",
    "https://éxemple.fr/",
    "https://exemple.fr/a|b",
    "https://exemple.fr/%zz",
    "https://exemple.fr/{x}",
    "https://exemple.fr/a[b]",
    "https://exemple.fr/a#b#c",
]
ACCEPTED = [
    "https://exemple.fr:8080/a%C3%A9?q=1&r=(2)#x",
    "http://[::1]/a",
    "https://xn--xemple-9ua.fr/",
]


@pytest.mark.parametrize("address", REFUSED)
def test_an_address_the_uri_format_refuses_is_refused(address):
    assert not URI.is_valid(address)
    with pytest.raises(Exception, match="non accentués"):
        validate_uri(address)


@pytest.mark.parametrize("address", ACCEPTED)
def test_an_encoded_address_is_accepted_and_is_a_uri(address):
    validate_uri(address)
    assert URI.is_valid(address)


def test_the_api_refuses_an_accented_address_in_french_and_writes_nothing(admin_user, product):
    client = APIClient()
    client.force_authenticate(admin_user)
    response = client.patch(
        f"/api/v1/products/{product.slug}/", {"service_url": "https://exemple.fr/démarche"}, format="json"
    )
    assert response.status_code == 400
    assert "non accentués" in response.json()["errors"]["service_url"][0]
    product.refresh_from_db()
    assert product.service_url == ""


def test_the_page_refuses_the_same_address(admin_client):
    sponsor = OrganisationFactory()
    response = admin_client.post(
        "/produits/nouveau/",
        {"name": "Produit", "slug": "produit", "pitch": "p", "sponsor": sponsor.pk, "phase": "construction",
         "governance": "pm_dnum", "service_url": "https://exemple.fr/a|b"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "non accentués" in response.context["form"].errors["service_url"][0]
    assert not Product.objects.exists()


def test_an_accented_e_mail_domain_is_refused_by_the_api(admin_user, product):
    client = APIClient()
    client.force_authenticate(admin_user)
    url = f"/api/v1/products/{product.slug}/compliance/accessibility/"
    response = client.patch(url, {"contact_email": "contact@éxemple.fr"}, format="json")
    assert response.status_code == 400
    assert "non accentués" in response.json()["errors"]["contact_email"][0]
