import pytest
from django.urls import reverse

from equipage.checks.store import flush
from equipage.registry import services
from equipage.registry.models import Governance, Phase, Product
from tests.factories import OrganisationFactory, ProductFactory

pytestmark = pytest.mark.django_db


def valid_form_data(sponsor, **overrides):
    data = {
        "name": "Guichet des subventions",
        "slug": "",
        "pitch": "Demander une subvention en ligne.",
        "sponsor": sponsor.pk,
        "phase": Phase.CONSTRUCTION,
        "governance": Governance.SHARED,
    }
    data.update(overrides)
    return data


def test_product_list_shows_active_products_only_by_default(agent_client):
    ProductFactory(name="Visible")
    services.archive_product(ProductFactory(name="Rangé"), user=None)
    html = agent_client.get(reverse("registry:product_list")).content.decode()
    assert "Visible" in html
    assert "Rangé" not in html


def test_archived_products_are_listed_on_request_and_stay_readable(agent_client):
    product = services.archive_product(ProductFactory(name="Rangé"), user=None)
    assert "Rangé" in agent_client.get(reverse("registry:product_list"), {"statut": "archives"}).content.decode()
    response = agent_client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert "Archivé le" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "emploi"}, {"Mon parcours emploi"}),
        ({"phase": Phase.ACCELERATION}, {"Observatoire"}),
        ({"governance": Governance.DNUM_OWNED}, {"Hébergement"}),
    ],
)
def test_product_list_filters(agent_client, params, expected):
    ProductFactory(name="Mon parcours emploi", phase=Phase.CONSTRUCTION)
    ProductFactory(name="Observatoire", phase=Phase.ACCELERATION)
    ProductFactory(name="Hébergement", governance=Governance.DNUM_OWNED)
    response = agent_client.get(reverse("registry:product_list"), params)
    assert {p.name for p in response.context["products"]} == expected


def test_product_list_filters_by_sponsor(agent_client):
    sponsor = OrganisationFactory()
    ProductFactory(name="Sponsorisé", sponsor=sponsor)
    ProductFactory(name="Autre")
    response = agent_client.get(reverse("registry:product_list"), {"sponsor": sponsor.pk})
    assert [p.name for p in response.context["products"]] == ["Sponsorisé"]


def test_product_list_paginates(agent_client):
    ProductFactory.create_batch(30)
    first = agent_client.get(reverse("registry:product_list"))
    second = agent_client.get(reverse("registry:product_list"), {"page": 2})
    assert len(first.context["products"]) == 25
    assert len(second.context["products"]) == 5
    assert agent_client.get(reverse("registry:product_list"), {"page": "zzz"}).status_code == 200


def test_product_list_query_count_does_not_grow_with_products(agent_client, django_assert_max_num_queries):
    ProductFactory.create_batch(3)
    flush()  # the writes' transactions stored their findings before committing
    # The vigilance columns read the stored counts: a fixed number of queries for the whole page.
    with django_assert_max_num_queries(20) as few:
        agent_client.get(reverse("registry:product_list"))
    ProductFactory.create_batch(20, sponsor=OrganisationFactory())
    flush()
    with django_assert_max_num_queries(len(few.captured_queries)):
        agent_client.get(reverse("registry:product_list"))


def test_product_detail_query_count_is_bounded(agent_client, product, django_assert_max_num_queries):
    # The sheet gathers its findings, indicators and compliance summary: bounded, whatever the data.
    flush()
    with django_assert_max_num_queries(30):
        assert agent_client.get(product.get_absolute_url()).status_code == 200


def test_unknown_product_is_a_404_in_the_design_system(agent_client):
    response = agent_client.get("/produits/inconnu/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


def test_administrator_creates_a_product_with_a_slug_derived_from_its_name(admin_client):
    sponsor = OrganisationFactory()
    response = admin_client.post(reverse("registry:product_create"), valid_form_data(sponsor))
    product = Product.objects.get()
    assert product.slug == "guichet-des-subventions"
    assert response.url == product.get_absolute_url()
    assert product.history.count() == 1


def test_creating_a_product_with_a_duplicate_slug_is_refused_in_french(admin_client):
    ProductFactory(slug="guichet")
    response = admin_client.post(
        reverse("registry:product_create"), valid_form_data(OrganisationFactory(), slug="guichet")
    )
    assert response.status_code == 200
    assert "Un produit utilise déjà l’identifiant « guichet »" in response.content.decode()
    assert Product.objects.count() == 1


def test_invalid_fields_are_refused_with_french_messages_and_nothing_saved(admin_client):
    sponsor = OrganisationFactory()
    response = admin_client.post(
        reverse("registry:product_create"),
        valid_form_data(sponsor, name="x" * 121, pitch="", service_url="pas une adresse", phase="lune"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in html
    assert "Saisissez une URL valide." in html
    assert "au plus 120 caractères" in html
    assert "Sélectionnez un choix valide" in html
    assert "La fiche n’a pas été enregistrée" in html
    assert not Product.objects.exists()


def test_editor_updates_the_product_and_history_names_them(editor_client, product, editor):
    data = valid_form_data(product.sponsor, name=product.name, slug=product.slug, phase=Phase.ACCELERATION)
    response = editor_client.post(reverse("registry:product_update", args=[product.slug]), data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.phase == Phase.ACCELERATION
    assert product.history.first().history_user == editor
    html = editor_client.get(reverse("registry:product_history", args=[product.slug])).content.decode()
    assert "Construction" in html
    assert "Accélération" in html
    assert str(editor) in html


def test_non_editor_cannot_update_a_product(agent_client, product):
    data = valid_form_data(product.sponsor, name="Piraté", slug=product.slug)
    response = agent_client.post(reverse("registry:product_update", args=[product.slug]), data)
    assert response.status_code == 403
    product.refresh_from_db()
    assert product.name == "Mon parcours"


def test_archived_product_must_be_restored_before_editing(editor_client, product):
    services.archive_product(product, user=None)
    history = product.history.count()
    response = editor_client.get(reverse("registry:product_update", args=[product.slug]))
    assert response.status_code == 403
    assert "restaurez-le avant de modifier sa fiche" in response.content.decode()
    response = editor_client.post(reverse("registry:product_update", args=[product.slug]), {"name": "Renommé"})
    assert response.status_code == 403
    product.refresh_from_db()
    assert (product.name, product.history.count()) == ("Mon parcours", history)


def test_editor_archives_with_a_reason_then_restores(editor_client, product):
    editor_client.post(reverse("registry:product_archive", args=[product.slug]), {"reason": "Fusionné"})
    product.refresh_from_db()
    assert product.is_archived
    assert product.history.first().history_change_reason == "Fusionné"
    editor_client.post(reverse("registry:product_restore", args=[product.slug]))
    product.refresh_from_db()
    assert not product.is_archived
    assert Product.objects.filter(pk=product.pk).exists()


def test_restore_needs_a_post_and_a_get_leads_back_to_the_sheet(editor_client, product):
    services.archive_product(product, user=None)
    response = editor_client.get(reverse("registry:product_restore", args=[product.slug]))
    assert response.url == product.get_absolute_url()
    product.refresh_from_db()
    assert product.is_archived


@pytest.mark.parametrize(("slug", "stored"), [("Mon-Produit", "mon-produit"), ("", "guichet-des-subventions")])
def test_slugs_are_stored_in_lower_case(admin_client, slug, stored):
    admin_client.post(reverse("registry:product_create"), valid_form_data(OrganisationFactory(), slug=slug))
    assert Product.objects.filter(slug=stored).exists()


def test_reserved_slug_is_refused(admin_client):
    response = admin_client.post(
        reverse("registry:product_create"), valid_form_data(OrganisationFactory(), name="Nouveau", slug="")
    )
    assert "est réservé par Équipage" in response.content.decode()
    assert not Product.objects.exists()
