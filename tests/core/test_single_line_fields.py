"""One-line text fields refuse control characters, whichever way the text arrives: page, API, import."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from equipage.core.validators import control_character_message, forbidden_character
from equipage.indicators.importer import ImportRefused, import_file
from equipage.indicators.models import Measurement
from equipage.registry.models import Product
from tests.factories import OrganisationFactory
from tests.indicators.factories import IndicatorFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["a\nb", "a\rb", "a\tb", "a\x1bb", "a\u2028b", "a\x7fb"])
def test_control_characters_are_found_in_a_single_line(text):
    assert forbidden_character(text) is not None
    assert control_character_message(text).startswith("Ce champ tient sur une ligne")


def test_line_breaks_are_fine_in_multiline_text_but_not_escape_characters():
    assert control_character_message("Ligne 1\r\nLigne 2\tfin", multiline=True) is None
    assert control_character_message("a\x1bb", multiline=True)
    assert control_character_message("Nom d’usage « ok » — 1er", multiline=False) is None


def test_the_api_refuses_a_product_name_with_a_line_break(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    sponsor = OrganisationFactory()
    payload = {"name": "Produit\nBcc: victime@example.org", "slug": "produit", "pitch": "p", "sponsor": sponsor.name}
    response = client.post("/api/v1/products/", payload, format="json")
    assert response.status_code == 400
    assert "une ligne" in response.json()["errors"]["name"][0]
    assert not Product.objects.exists()


def test_the_api_refuses_an_update_with_a_line_break(admin_user, product):
    client = APIClient()
    client.force_authenticate(admin_user)
    response = client.patch(f"/api/v1/products/{product.slug}/", {"pitch": "un\r\ndeux"}, format="json")
    assert response.status_code == 400
    product.refresh_from_db()
    assert product.pitch == "Un service qui simplifie une démarche."


def test_the_page_refuses_a_product_name_with_a_control_character(admin_client):
    sponsor = OrganisationFactory()
    response = admin_client.post(
        "/produits/nouveau/",
        {"name": "Produit\x1b[31m", "slug": "produit", "pitch": "p", "sponsor": sponsor.pk,
         "phase": "construction", "governance": "pm_dnum"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "une ligne" in response.context["form"].errors["name"][0]
    assert not Product.objects.exists()


def test_the_import_refuses_a_comment_with_a_line_break(product):
    indicator = IndicatorFactory(objective=ObjectiveFactory(product=product), code="taux")
    day = timezone.localdate().replace(day=1)
    content = f'indicateur;date;valeur;commentaire\ntaux;{day:%d/%m/%Y};12;"ligne un\nligne deux"\n'
    with pytest.raises(ImportRefused) as refused:
        import_file(product, "mesures.csv", content.encode(), user=None)
    assert "retour à la ligne" in str(refused.value.problems[0])
    assert not Measurement.objects.filter(indicator=indicator).exists()
