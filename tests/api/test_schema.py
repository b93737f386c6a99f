"""The OpenAPI schema is valid, warning-free, and says how every operation can fail."""

import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.factories import AdminFactory, ProductFactory, personal_token

ERROR = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return APIClient().get("/api/v1/openapi.json").json()


def test_the_schema_generates_without_a_warning_and_validates(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning (an unresolvable field, an enum name collision) into
    # an error; --validate checks the result against the OpenAPI 3 specification.
    target = tmp_path / "openapi.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(target))
    assert json.loads(target.read_text())["paths"]


def test_the_error_shape_is_one_reusable_component(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["message", "status"]
    assert set(error["properties"]) == {"status", "message", "errors"}


def test_every_operation_documents_its_failures_with_the_error_shape(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"400", "401", "403", "503"}
            if "{" in path or any(p["name"] == "page" for p in operation.get("parameters", [])):
                expected.add("404")
            if method in ("post", "put", "patch"):
                expected |= {"409", "415"}
            assert expected <= set(responses), (method, path, sorted(responses))
            for code in expected:
                assert responses[code]["content"]["application/json"]["schema"] == ERROR, (method, path, code)


def test_request_bodies_are_json_only(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                assert set(operation["requestBody"]["content"]) == {"application/json"}, (method, path)


def test_the_concurrent_bulk_push_documents_its_conflict(schema):
    assert "409" in schema["paths"]["/api/v1/products/{slug}/measurements/bulk/"]["post"]["responses"]


@pytest.mark.django_db
def test_a_form_body_is_refused_in_french_with_the_error_shape_and_nothing_written():
    product = ProductFactory()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {personal_token(AdminFactory())}")
    response = client.patch(f"/api/v1/products/{product.slug}/", {"pitch": "Par formulaire"}, format="multipart")
    assert response.status_code == 415
    assert response.json() == {
        "status": 415,
        "message": (
            "Type de contenu non accepté : l’API reçoit du JSON, envoyez le corps avec Content-Type: application/json."
        ),
    }
    product.refresh_from_db()
    assert product.pitch != "Par formulaire"


@pytest.mark.django_db
def test_an_address_no_api_route_matches_answers_the_json_error_shape():
    client = APIClient(HTTP_AUTHORIZATION=f"Token {personal_token(AdminFactory())}")
    response = client.get("/api/v1/products/nulle-part/self-assessments/-1.1/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 404, "message": "Ressource introuvable."}
