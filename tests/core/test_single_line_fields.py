"""One-line text fields refuse control characters, whichever way the text arrives: page, API, import."""

import importlib
import pkgutil

import pytest
from django import forms
from django.utils import timezone
from rest_framework.test import APIClient

import equipage
from equipage.campaigns.models import Campaign
from equipage.core.validators import control_character_message, forbidden_character
from equipage.delivery import services as delivery_services
from equipage.delivery.models import TestCase as RecetteCase
from equipage.indicators.importer import ImportRefused, import_file
from equipage.indicators.models import Measurement, ProductToken
from equipage.registry.models import Product
from tests.delivery.factories import ReleaseFactory
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


def equipage_form_classes() -> set[type]:
    """Every form class defined in Équipage's own modules (their modules imported first)."""
    for module in pkgutil.walk_packages(equipage.__path__, "equipage."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("equipage."):
                found.add(subclass)
    return found


def test_no_form_of_equipage_declares_a_plain_text_field():
    """A declared `forms.CharField` gets no model validation: each says whether it holds one line or several."""
    plain = sorted(
        f"{form.__module__}.{form.__name__}.{name}"
        for form in equipage_form_classes()
        for name, field in form.declared_fields.items()
        if type(field) is forms.CharField and not isinstance(field.widget, forms.PasswordInput)
    )
    assert len(equipage_form_classes()) > 40
    assert plain == [], "Use SingleLineField or MultilineTextField (equipage/core/forms.py): " + ", ".join(plain)


def test_the_token_page_refuses_a_name_with_a_line_break(editor_client, product):
    response = editor_client.post(f"/produits/{product.slug}/indicateurs/jetons/", {"name": "Export\nBcc: x"})
    assert response.status_code == 200
    assert "une ligne" in response.context["form"].errors["name"][0]
    assert not ProductToken.objects.exists()


def test_the_campaign_page_refuses_a_title_with_a_line_break(admin_client):
    form = {"title": "Homologation\r\nà jour", "rule_codes": ["MEMBRE_SURCHARGE"], "target": "60"}
    response = admin_client.post("/portefeuille/campagnes/nouvelle/", form | {"deadline": "2099-06-30"})
    assert response.status_code == 200
    assert "une ligne" in response.context["form"].errors["title"][0]
    assert not Campaign.objects.exists()


def test_the_recette_refuses_a_test_case_with_a_line_break(editor_client, product, editor):
    release = ReleaseFactory(product=product)
    campaign, _added = delivery_services.prepare_campaign(release, user=editor)
    cases = RecetteCase.objects.filter(campaign=campaign).count()
    path = f"/produits/{product.slug}/recette/versions/{release.pk}/cas/"
    response = editor_client.post(path, {"text": "La relance\npart"}, follow=True)
    assert "une ligne" in response.content.decode()
    assert RecetteCase.objects.filter(campaign=campaign).count() == cases
    editor_client.post(path, {"text": "La relance part"})  # the same case on one line is added
    assert RecetteCase.objects.filter(campaign=campaign).count() == cases + 1
