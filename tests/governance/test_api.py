import pytest
from rest_framework.test import APIClient

from equipage.governance import matrix as domain
from equipage.governance.models import MatrixLevel, ResponsibilityMatrix, Ritual, RitualKind
from equipage.registry import services as registry_services
from equipage.registry.models import Governance
from tests.factories import personal_token

from .factories import RitualFactory

pytestmark = pytest.mark.django_db

METIER, PRODUIT = "responsable_metier", "responsable_produit"


def authed(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {personal_token(user)}")
    return client


def matrix_url(product):
    return f"/api/v1/products/{product.slug}/matrix/"


def full_body(product, **changes):
    """Every activity with all its levels, as GET returns them, with some activities' levels replaced."""
    activities = domain.effective_matrix(product).activities
    return {"activities": [{"key": row.key, "levels": changes.get(row.key, row.levels)} for row in activities]}


def test_anonymous_gets_a_401():
    assert APIClient().get("/api/v1/products/x/matrix/").status_code == 401


def test_agent_reads_the_matrix(agent, shared_product):
    body = authed(agent).get(matrix_url(shared_product)).json()
    assert body["product"] == "suivi-partage"
    assert (body["governance"], body["basis"]) == (Governance.SHARED, Governance.SHARED)
    assert (body["is_default"], body["is_saved"], body["is_outdated"]) == (True, False, False)
    assert body["roles"][0] == {"role": METIER, "label": "Responsable métier", "holders": ["Claire Métier"]}
    assert body["activities"][0] == {
        "key": "vision",
        "code": "vision",
        "label": "Incarner la vision",
        "is_custom": False,
        "levels": {METIER: "responsable", PRODUIT: "co_responsable"},
    }
    assert len(body["activities"]) == 11
    assert body["problems"] == []


def test_problems_are_listed(agent, product):
    # product: PM DNUM, whose only member is the editor, responsable produit.
    problems = authed(agent).get(matrix_url(product)).json()["problems"]
    assert {"code": "role_vacant", "activity": "vision", "role": "product_manager"} in [
        {key: problem[key] for key in ("code", "activity", "role")} for problem in problems
    ]
    assert {problem["code"] for problem in problems} == {"role_vacant"}
    assert problems[0]["message"].startswith("« Incarner la vision » : le rôle Product manager")


def test_unknown_product_is_a_404_in_json(agent):
    response = authed(agent).get("/api/v1/products/inconnu/matrix/")
    assert response.status_code == 404
    assert response.json()["message"] == "Ressource introuvable."


def test_editor_replaces_the_levels(editor, shared_product):
    body = full_body(shared_product, suivi_budgetaire={METIER: "responsable", PRODUIT: "informe"})
    response = authed(editor).put(matrix_url(shared_product), body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["is_saved"] is True
    budget = next(a for a in data["activities"] if a["key"] == "suivi_budgetaire")
    assert budget["levels"] == {METIER: "responsable", PRODUIT: "informe"}
    assert MatrixLevel.history.filter(history_user=editor, level="informe").exists()


def test_put_replaces_all_levels_of_an_activity(editor, shared_product):
    body = full_body(shared_product, vision={METIER: "responsable"})  # the responsable produit is dropped
    assert authed(editor).put(matrix_url(shared_product), body, format="json").status_code == 200
    assert domain.effective_matrix(shared_product).activity("vision").levels == {METIER: "responsable"}


def test_invalid_levels_get_a_400_naming_the_activity_and_role_and_nothing_is_saved(editor, shared_product):
    body = full_body(
        shared_product,
        vision={METIER: "responsable", PRODUIT: "responsable"},
        delivery={PRODUIT: "responsable", "product_manager": "consulte"},
    )
    response = authed(editor).put(matrix_url(shared_product), body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["status"] == 400
    assert data["message"] == "Requête invalide : corrigez les champs signalés."
    assert set(data["errors"]) == {"vision", "delivery"}
    assert "« Incarner la vision » a 2 responsables" in data["errors"]["vision"][0]
    assert "le rôle Product manager (consulté) n’est tenu par personne" in data["errors"]["delivery"][0]
    assert not ResponsibilityMatrix.objects.exists()


def test_missing_and_unknown_activities_get_a_400(editor, shared_product):
    body = full_body(shared_product)
    body["activities"] = [*body["activities"][1:], {"key": "inconnue", "levels": {METIER: "responsable"}}]
    data = authed(editor).put(matrix_url(shared_product), body, format="json").json()
    assert data["errors"] == {
        "vision": [
            "« Incarner la vision » manque dans la requête : envoyez chaque activité de la matrice avec ses niveaux."
        ]
    }
    body = full_body(shared_product)
    body["activities"].append({"key": "inconnue", "levels": {}})
    data = authed(editor).put(matrix_url(shared_product), body, format="json").json()
    assert data["errors"] == {"inconnue": ["L’activité « inconnue » ne figure pas dans la matrice de ce produit."]}
    data = authed(editor).put(matrix_url(shared_product), {"activities": "non"}, format="json").json()
    assert "activities" in data["errors"]


def test_agent_cannot_change_the_matrix(agent, shared_product):
    response = authed(agent).put(matrix_url(shared_product), full_body(shared_product), format="json")
    assert response.status_code == 403
    assert response.json()["message"] == "Vous n’êtes pas éditeur de ce produit."
    assert authed(agent).put(matrix_url(shared_product), {}, format="json").status_code == 403
    assert not ResponsibilityMatrix.objects.exists()


def test_archived_product_matrix_is_read_only(editor, shared_product):
    registry_services.archive_product(shared_product, user=None)
    response = authed(editor).put(matrix_url(shared_product), full_body(shared_product), format="json")
    assert response.status_code == 403
    assert "archivé" in response.json()["message"]
    assert not ResponsibilityMatrix.objects.exists()


def test_matrix_read_query_count_is_bounded(agent, shared_product, django_assert_max_num_queries):
    domain.add_activity(shared_product, "Animer la recherche utilisateur", METIER)
    client = authed(agent)
    with django_assert_max_num_queries(6):
        assert client.get(matrix_url(shared_product)).status_code == 200


def test_agent_lists_rituals(agent, product):
    RitualFactory(product=product, name="Démo", kind=RitualKind.DEMO)
    RitualFactory(name="Ailleurs")
    body = authed(agent).get(f"/api/v1/products/{product.slug}/rituals/").json()
    assert body["count"] == 1
    assert body["results"][0] | {"id": 0} == {
        "id": 0,
        "name": "Démo",
        "kind": "demo",
        "cadence": "hebdomadaire",
        "is_active": True,
        "start_date": "2025-01-06",
        "last_meeting_date": None,
        "is_late": True,
    }


def test_editor_adds_a_ritual(editor, product):
    payload = {"name": "Point d’alignement", "kind": "alignement", "cadence": "mensuelle", "start_date": "2026-02-01"}
    response = authed(editor).post(f"/api/v1/products/{product.slug}/rituals/", payload, format="json")
    assert response.status_code == 201, response.json()
    ritual = Ritual.objects.get()
    assert (ritual.product, ritual.kind, ritual.is_active) == (product, RitualKind.ALIGNMENT, True)
    assert ritual.history.get().history_user == editor


def test_invalid_ritual_gets_a_400_in_french(editor, product):
    response = authed(editor).post(
        f"/api/v1/products/{product.slug}/rituals/", {"kind": "fête", "cadence": "mensuelle"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["name"] == ["Ce champ est obligatoire."]
    assert "kind" in errors
    assert not Ritual.objects.exists()


def test_agent_cannot_add_a_ritual(agent, product):
    response = authed(agent).post(f"/api/v1/products/{product.slug}/rituals/", {}, format="json")
    assert response.status_code == 403
    assert not Ritual.objects.exists()


def test_the_openapi_schema_documents_the_governance_routes():
    schema = APIClient().get("/api/v1/openapi.json").json()
    assert set(schema["paths"]["/api/v1/products/{slug}/matrix/"]) >= {"get", "put"}
    assert set(schema["paths"]["/api/v1/products/{slug}/rituals/"]) >= {"get", "post"}
