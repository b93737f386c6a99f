import csv
import io

import pytest
from django.urls import reverse

from equipage.governance import matrix as domain
from equipage.governance.models import MatrixActivity, MatrixLevel, ResponsibilityMatrix
from equipage.registry import services as registry_services
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, ProductFactory

from .factories import staff

pytestmark = pytest.mark.django_db

METIER, PRODUIT, PM, COACH, DEV = (
    Role.POLICY_OWNER.value,
    Role.PRODUCT_OWNER.value,
    Role.PRODUCT_MANAGER.value,
    Role.PRODUCT_COACH.value,
    Role.DEVELOPER.value,
)


def matrix_url(product, name="matrix"):
    return reverse(f"governance:{name}", args=[product.slug])


def form_data(product, **changes):
    """Every cell of the page's form, as the browser sends it, with some cells changed."""
    matrix = domain.effective_matrix(product)
    columns = domain.matrix_columns(matrix, domain.held_roles(product))
    data = {f"{row.key}__{role}": row.levels.get(role, "") for row in matrix.activities for role in columns}
    data.update(changes)
    return data


def test_agent_reads_the_matrix_with_role_holders_and_no_form(agent_client, shared_product):
    response = agent_client.get(matrix_url(shared_product))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["title"] == "Matrice des responsabilités de Suivi partagé"
    assert response.context["breadcrumb_data"]["current"] == "Responsabilités"
    assert [link["title"] for link in response.context["breadcrumb_data"]["links"]] == ["Produits", "Suivi partagé"]
    assert "Matrice par défaut de la configuration « Co-responsabilité métier &amp; DNUM »" in html
    assert (
        '<th scope="col">Responsable métier<br><span class="fr-text--xs fr-text--regular">Claire Métier</span>' in html
    )
    assert "Éric Éditeur" in html
    assert "<select" not in html
    assert 'aria-current="page">Responsabilités</a>' in html
    assert not ResponsibilityMatrix.objects.exists()  # reading writes nothing


def test_editor_gets_one_labelled_select_per_cell(editor_client, shared_product):
    response = editor_client.get(matrix_url(shared_product))
    html = response.content.decode()
    rows, columns = len(response.context["rows"]), len(response.context["columns"])
    assert (rows, columns) == (11, 2)
    assert html.count('<select class="fr-select"') == rows * columns
    assert '<label class="fr-sr-only" for="niveau-0-responsable_metier">' in html
    assert "Niveau de Responsable métier pour « Incarner la vision »" in html
    assert 'name="vision__responsable_metier"' in html
    assert "Ajouter l’activité" in html


def test_vacant_required_roles_show_as_columns_with_their_problems(agent_client, product):
    # product: PM DNUM, but its only member is the editor, responsable produit.
    html = agent_client.get(matrix_url(product)).content.decode()
    assert "Rôle non pourvu" in html
    assert "le rôle Product manager (responsable) n’est tenu par personne" in html


def test_editor_saves_levels_and_history_names_them(editor_client, shared_product, editor):
    data = form_data(shared_product, suivi_budgetaire__responsable_metier="responsable")
    data["suivi_budgetaire__responsable_produit"] = "participe"
    response = editor_client.post(matrix_url(shared_product), data)
    assert response.status_code == 302
    assert response.url == matrix_url(shared_product)
    matrix = domain.effective_matrix(shared_product)
    assert matrix.activity("suivi_budgetaire").levels == {METIER: "responsable", PRODUIT: "participe"}
    assert MatrixLevel.history.filter(role=METIER, level="responsable", history_user=editor).exists()
    assert ResponsibilityMatrix.history.get().history_user == editor
    html = editor_client.get(matrix_url(shared_product)).content.decode()
    assert "La matrice des responsabilités a été enregistrée." in html
    assert "Matrice adaptée par l’équipe" in html


def test_agent_cannot_save_levels(agent_client, shared_product):
    response = agent_client.post(matrix_url(shared_product), form_data(shared_product, vision__responsable_metier=""))
    assert response.status_code == 403
    assert not ResponsibilityMatrix.objects.exists()


def test_invalid_submission_saves_nothing_and_explains_in_french(editor_client, shared_product):
    data = form_data(
        shared_product,
        vision__responsable_produit="responsable",  # two responsables
        suivi_budgetaire__responsable_metier="participe",  # one co-responsable left
        conformite_referentiels__responsable_metier="informe",  # valid on its own, but not saved either
    )
    response = editor_client.post(matrix_url(shared_product), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "La matrice n’a pas été enregistrée" in html
    assert "« Incarner la vision » a 2 responsables (Responsable métier, Responsable produit" in html
    assert "« Suivre le budget » n’a qu’un co-responsable (Responsable produit" in html
    # The submitted values stay on screen to be corrected.
    assert '<option value="responsable" selected>' in html
    assert not ResponsibilityMatrix.objects.exists()
    assert not MatrixLevel.objects.exists()


def test_a_level_for_a_vacant_role_is_refused(editor_client, shared_product):
    data = form_data(shared_product, vision__product_manager="consulte")
    html = editor_client.post(matrix_url(shared_product), data).content.decode()
    assert "le rôle Product manager (consulté) n’est tenu par personne" in html
    assert not ResponsibilityMatrix.objects.exists()


def test_editor_adds_an_activity(editor_client, shared_product, editor):
    response = editor_client.post(
        matrix_url(shared_product, "matrix_add_activity"),
        {"label": "Animer la recherche utilisateur", "responsible_role": METIER},
    )
    assert response.status_code == 302
    activity = MatrixActivity.objects.get(code="")
    assert activity.label == "Animer la recherche utilisateur"
    assert activity.history.get().history_user == editor
    html = editor_client.get(matrix_url(shared_product)).content.decode()
    assert "L’activité « Animer la recherche utilisateur » a été ajoutée." in html
    assert f'name="perso-{activity.pk}__responsable_metier"' in html
    assert "Ajoutée" in html


def test_adding_an_activity_with_errors_shows_them_on_the_form(editor_client, shared_product):
    response = editor_client.post(
        matrix_url(shared_product, "matrix_add_activity"), {"label": "Incarner la vision", "responsible_role": METIER}
    )
    assert response.status_code == 200
    assert "L’activité « Incarner la vision » figure déjà dans la matrice." in response.content.decode()
    response = editor_client.post(
        matrix_url(shared_product, "matrix_add_activity"), {"label": "", "responsible_role": PM}
    )
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html
    assert "Choisissez un rôle tenu dans l’équipe actuelle." in html
    assert not MatrixActivity.objects.exists()


def test_agent_cannot_add_reset_or_adopt(agent_client, shared_product):
    for name in ("matrix_add_activity", "matrix_reset", "matrix_adopt"):
        response = agent_client.post(matrix_url(shared_product, name), {"label": "X", "responsible_role": METIER})
        assert response.status_code == 403, name
    assert not MatrixActivity.objects.exists()


def test_editor_resets_to_the_default(editor_client, shared_product):
    domain.save_levels(shared_product, {"vision": {METIER: "co_responsable", PRODUIT: "co_responsable"}})
    domain.add_activity(shared_product, "Animer la recherche utilisateur", METIER)
    assert "Réinitialiser la matrice" in editor_client.get(matrix_url(shared_product)).content.decode()
    response = editor_client.post(matrix_url(shared_product, "matrix_reset"))
    assert response.status_code == 302
    matrix = domain.effective_matrix(shared_product)
    assert matrix.is_default
    assert not MatrixActivity.objects.filter(code="").exists()
    assert "a repris les niveaux par défaut" in editor_client.get(matrix_url(shared_product)).content.decode()


def test_reset_refused_keeps_the_matrix_and_says_why(editor_client, product):
    # PM DNUM, but nobody is product manager: the responsable produit stands in, which the default cannot express.
    staff(product, Role.POLICY_EXPERT)
    stand_in = {row.key: {PM: "", PRODUIT: "responsable"} for row in domain.effective_matrix(product).activities}
    domain.save_levels(product, stand_in)
    response = editor_client.post(matrix_url(product, "matrix_reset"), follow=True)
    html = response.content.decode()
    assert "La matrice n’a pas été réinitialisée." in html
    assert "le rôle Product manager (responsable) n’est tenu par personne" in html
    assert domain.effective_matrix(product).activity("vision").levels[PRODUIT] == "responsable"


def test_configuration_change_proposes_the_new_default_and_adoption_applies_it(editor_client, shared_product, editor):
    domain.save_levels(shared_product, {"vision": {METIER: "co_responsable", PRODUIT: "co_responsable"}})
    shared_product.governance = Governance.DNUM_OWNED
    shared_product.save()

    html = editor_client.get(matrix_url(shared_product)).content.decode()
    assert "La configuration du produit a changé" in html
    assert "le produit est désormais en « Porté par la DNUM »" in html
    assert "Niveaux qui changeraient en adoptant la matrice de « Porté par la DNUM »" in html
    assert "Adopter la matrice de « Porté par la DNUM »" in html
    # Until adopted, the saved edits stay.
    assert domain.effective_matrix(shared_product).activity("vision").levels[METIER] == "co_responsable"

    response = editor_client.post(matrix_url(shared_product, "matrix_adopt"))
    assert response.status_code == 302
    matrix = domain.effective_matrix(shared_product)
    assert matrix.basis == Governance.DNUM_OWNED
    assert matrix.activity("vision").levels == {PRODUIT: "responsable"}
    assert ResponsibilityMatrix.history.first().history_user == editor
    html = editor_client.get(matrix_url(shared_product)).content.decode()
    assert "La matrice suit désormais la configuration « Porté par la DNUM »." in html
    assert "La configuration du produit a changé" not in html


def test_adopting_without_configuration_change_is_explained(editor_client, shared_product):
    response = editor_client.post(matrix_url(shared_product, "matrix_adopt"), follow=True)
    assert "La nouvelle matrice n’a pas été adoptée." in response.content.decode()
    assert not ResponsibilityMatrix.objects.exists()


def test_archived_products_are_read_only(editor_client, shared_product):
    registry_services.archive_product(shared_product, user=None)
    html = editor_client.get(matrix_url(shared_product)).content.decode()
    assert "<select" not in html
    assert "sa matrice est en lecture seule" in html
    response = editor_client.post(matrix_url(shared_product), form_data(shared_product, vision__responsable_metier=""))
    assert response.status_code == 403
    response = editor_client.post(
        matrix_url(shared_product, "matrix_add_activity"), {"label": "X", "responsible_role": METIER}
    )
    assert response.status_code == 403
    assert "Ce produit est archivé : restaurez-le avant de modifier sa matrice" in response.content.decode()
    for action in ("matrix_reset", "matrix_adopt"):
        assert editor_client.post(matrix_url(shared_product, action)).status_code == 403
    assert not ResponsibilityMatrix.objects.exists()


def test_csv_export_is_utf8_with_bom_and_semicolons(agent_client, shared_product):
    domain.add_activity(shared_product, '=HYPERLINK("x")', METIER)
    response = agent_client.get(reverse("governance:matrix_csv", args=[shared_product.slug, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="responsabilites-suivi-partage.csv"'
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Activité",
        "Responsable métier (Claire Métier)",
        "Responsable produit (co-chef de produit DNUM) (Éric Éditeur)",
    ]
    assert rows[1] == ["Incarner la vision", "Responsable", "Co-responsable"]
    assert len(rows) == 13
    assert rows[-1][0] == '\'=HYPERLINK("x")'  # not run as a formula by the spreadsheet


def test_matrix_page_query_count_is_bounded(agent_client, shared_product, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as unsaved:
        agent_client.get(matrix_url(shared_product))
    staff(shared_product, COACH, DEV, DEV, Role.DESIGNER)
    domain.save_levels(shared_product, {"conception": {Role.DESIGNER.value: "participe", DEV: "participe"}})
    for number in range(5):
        domain.add_activity(shared_product, f"Activité {number}", METIER)
    with django_assert_max_num_queries(len(unsaved.captured_queries) + 2):
        response = agent_client.get(matrix_url(shared_product))
    assert len(response.context["rows"]) == 16


def test_print_styles_hide_controls(editor_client, shared_product):
    html = editor_client.get(matrix_url(shared_product)).content.decode()
    assert 'class="fr-table fr-table--bordered eq-matrix' in html
    assert html.count("eq-no-print") >= 3  # tabs, export button, the save/add/reset controls


def test_unknown_product_is_a_404(agent_client):
    assert agent_client.get("/produits/inconnu/responsabilites/").status_code == 404
    assert agent_client.get("/produits/inconnu/responsabilites.csv").status_code == 404


def test_product_sheet_tabs_link_to_the_matrix_and_rituals(agent_client):
    product = ProductFactory()
    MembershipFactory(product=product, role=METIER)
    html = agent_client.get(product.get_absolute_url()).content.decode()
    assert f'href="/produits/{product.slug}/responsabilites/"' in html
    assert f'href="/produits/{product.slug}/rituels/"' in html
