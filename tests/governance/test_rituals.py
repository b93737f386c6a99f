import datetime

import pytest
from django.urls import reverse

from equipage.governance.models import Cadence, Ritual, RitualKind
from equipage.registry import services as registry_services

from .factories import RitualFactory

pytestmark = pytest.mark.django_db


def url(name, product, ritual=None):
    args = [product.slug] if ritual is None else [product.slug, ritual.pk]
    return reverse(f"governance:{name}", args=args)


def ritual_data(**overrides):
    data = {
        "name": "Point d’alignement métier–DNUM",
        "kind": RitualKind.ALIGNMENT,
        "cadence": Cadence.MONTHLY,
        "start_date": "2026-01-15",
    }
    data.update(overrides)
    return data


def test_agent_reads_the_rituals_without_edit_controls(agent_client, product):
    RitualFactory(product=product, name="Démo de fin d’itération", kind=RitualKind.DEMO, cadence=Cadence.WEEKLY)
    RitualFactory(product=product, name="Ancien comité", is_active=False)
    response = agent_client.get(url("ritual_list", product))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["title"] == "Rituels de Mon parcours"
    assert [link["title"] for link in response.context["breadcrumb_data"]["links"]] == ["Produits", "Mon parcours"]
    assert [r.name for r in response.context["rituals"]] == ["Démo de fin d’itération", "Ancien comité"]
    assert "Hebdomadaire" in html
    assert "Inactif" in html
    assert "Ajouter un rituel" not in html
    assert "Désactiver" not in html
    assert 'aria-current="page">Rituels</a>' in html


def test_editor_adds_a_ritual(editor_client, product, editor):
    response = editor_client.post(url("ritual_create", product), ritual_data())
    assert response.status_code == 302
    ritual = Ritual.objects.get()
    assert (ritual.product, ritual.kind, ritual.cadence, ritual.is_active) == (
        product,
        RitualKind.ALIGNMENT,
        Cadence.MONTHLY,
        True,
    )
    assert ritual.start_date == datetime.date(2026, 1, 15)
    assert ritual.history.get().history_user == editor
    html = editor_client.get(url("ritual_list", product)).content.decode()
    assert "Le rituel « Point d’alignement métier–DNUM » a été ajouté." in html


def test_invalid_ritual_is_refused_in_french(editor_client, product):
    response = editor_client.post(url("ritual_create", product), ritual_data(name="", cadence="parfois"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le rituel n’a pas été enregistré" in html
    assert "Ce champ est obligatoire." in html
    assert "Cadence inconnue : choisissez une cadence de la liste." in html
    assert not Ritual.objects.exists()


def test_editor_edits_and_reactivates_a_ritual(editor_client, product):
    ritual = RitualFactory(product=product, is_active=False)
    form = editor_client.get(url("ritual_update", product, ritual))
    assert form.status_code == 200
    assert form.context["breadcrumb_data"]["current"] == "Modifier un rituel"
    response = editor_client.post(
        url("ritual_update", product, ritual), ritual_data(name="Revue trimestrielle", is_active="on")
    )
    assert response.status_code == 302
    ritual.refresh_from_db()
    assert (ritual.name, ritual.is_active) == ("Revue trimestrielle", True)


def test_editor_deactivates_a_ritual_without_deleting_it(editor_client, product, editor):
    ritual = RitualFactory(product=product)
    response = editor_client.post(url("ritual_deactivate", product, ritual))
    assert response.status_code == 302
    ritual.refresh_from_db()
    assert ritual.is_active is False
    assert ritual.history.first().history_user == editor
    assert "a été désactivé" in editor_client.get(url("ritual_list", product)).content.decode()
    editor_client.post(url("ritual_deactivate", product, ritual))
    assert Ritual.objects.count() == 1


def test_deactivation_is_post_only(editor_client, product):
    ritual = RitualFactory(product=product)
    assert editor_client.get(url("ritual_deactivate", product, ritual)).status_code == 405


@pytest.mark.parametrize("name", ["ritual_update", "ritual_deactivate"])
def test_agents_cannot_change_rituals(agent_client, product, name):
    ritual = RitualFactory(product=product)
    assert agent_client.get(url("ritual_create", product)).status_code == 403
    assert agent_client.post(url("ritual_create", product), ritual_data()).status_code == 403
    assert agent_client.post(url(name, product, ritual), ritual_data(name="Piraté")).status_code == 403
    ritual.refresh_from_db()
    assert (ritual.name != "Piraté", ritual.is_active) == (True, True)
    assert Ritual.objects.count() == 1


def test_a_ritual_of_another_product_is_not_found(editor_client, product):
    other = RitualFactory()
    assert editor_client.get(url("ritual_update", product, other)).status_code == 404
    assert editor_client.post(url("ritual_deactivate", product, other)).status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_archived_products_keep_their_rituals_read_only(editor_client, product):
    ritual = RitualFactory(product=product)
    registry_services.archive_product(product, user=None)
    html = editor_client.get(url("ritual_list", product)).content.decode()
    assert "Ajouter un rituel" not in html
    response = editor_client.post(url("ritual_deactivate", product, ritual))
    assert response.status_code == 403
    assert "Ce produit est archivé : restaurez-le avant de modifier ses rituels" in response.content.decode()
    assert editor_client.post(url("ritual_create", product), ritual_data()).status_code == 403
    assert editor_client.post(url("ritual_update", product, ritual), ritual_data()).status_code == 403
    ritual.refresh_from_db()
    assert ritual.is_active
    assert Ritual.objects.count() == 1


def test_co_responsabilite_without_alignment_ritual_is_flagged(agent_client, shared_product):
    assert (
        "Aucun rituel d’alignement métier–DNUM actif"
        in agent_client.get(url("ritual_list", shared_product)).content.decode()
    )
    RitualFactory(product=shared_product, kind=RitualKind.ALIGNMENT)
    assert (
        "Aucun rituel d’alignement métier–DNUM actif"
        not in agent_client.get(url("ritual_list", shared_product)).content.decode()
    )


def test_ritual_list_query_count_is_bounded(agent_client, shared_product, django_assert_max_num_queries):
    RitualFactory.create_batch(10, product=shared_product)
    with django_assert_max_num_queries(6):
        assert agent_client.get(url("ritual_list", shared_product)).status_code == 200
