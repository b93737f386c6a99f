import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from equipage.indicators import services
from equipage.indicators.models import Measurement
from equipage.registry.models import Product
from tests.factories import ProductFactory, personal_token
from tests.indicators.factories import IndicatorFactory, MeasurementFactory, ObjectiveFactory

TODAY = timezone.localdate()
DAY = (TODAY - datetime.timedelta(days=3)).isoformat()


def months_ago(count: int) -> datetime.date:
    """The first day of the month `count` months before this one: a monthly indicator's date."""
    day = TODAY.replace(day=1)
    for _ in range(count):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


@pytest.fixture
def indicator(product):
    return IndicatorFactory(objective=ObjectiveFactory(product=product), code="visites", name="Visites")


@pytest.fixture
def secret(product, editor):
    _token, secret = services.create_token(product, name="Script", user=editor)
    return secret


def bearer(secret) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.django_db
def test_agents_read_objectives_indicators_and_measurements(agent, product, indicator):
    MeasurementFactory(indicator=indicator, date=TODAY - datetime.timedelta(days=3), value=Decimal(50))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {personal_token(agent)}")
    objectives = client.get(f"/api/v1/products/{product.slug}/objectives/").json()
    assert objectives["results"][0]["indicators"] == ["visites"]
    indicators = client.get(f"/api/v1/products/{product.slug}/indicators/").json()["results"]
    assert indicators[0]["code"] == "visites"
    assert indicators[0]["last_value"] == "50.0000"
    assert indicators[0]["progress"] == 0.5
    assert indicators[0]["is_stale"] is False
    detail = client.get(f"/api/v1/products/{product.slug}/indicators/{indicator.pk}/").json()
    assert detail["status"] in {"en_bonne_voie", "en_retard"}
    measurements = client.get(f"/api/v1/products/{product.slug}/measurements/?indicator=visites").json()
    assert measurements["results"][0]["value"] == "50.0000"
    assert (
        client.post(
            f"/api/v1/products/{product.slug}/measurements/", {"indicator": "visites", "date": DAY, "value": 1}
        ).status_code
        == 403
    )
    assert Measurement.objects.filter(value=1).count() == 0


@pytest.mark.django_db
def test_a_product_token_creates_bulk_creates_and_corrects_measurements(product, indicator, secret, editor):
    client = bearer(secret)
    url = f"/api/v1/products/{product.slug}/measurements/"
    response = client.post(url, {"indicator": "visites", "date": DAY, "value": 12.5}, format="json")
    assert response.status_code == 201, response.json()
    created = Measurement.objects.get()
    assert created.origin == "api"
    record = created.history.get()
    assert (
        record.history_user == editor and record.history_change_reason == "API, jeton « Script » créé par Éric Éditeur"
    )
    # The same value again changes nothing (a script may retry); another value must be a correction.
    assert client.post(url, {"indicator": "visites", "date": DAY, "value": 12.5}, format="json").status_code == 200
    response = client.post(url, {"indicator": "visites", "date": DAY, "value": 13}, format="json")
    assert response.status_code == 400
    assert "corrigez-la" in response.json()["errors"]["date"][0]

    days = [months_ago(n).isoformat() for n in (5, 4, 3)]
    response = client.post(
        f"{url}bulk/", [{"indicator": "visites", "date": day, "value": n} for n, day in enumerate(days)], format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 3
    assert Measurement.objects.count() == 4

    response = client.patch(f"{url}{created.pk}/", {"value": 14, "reason": "Données consolidées"}, format="json")
    assert response.status_code == 200
    assert response.json()["value"] == "14.0000"
    assert [h.value for h in created.history.order_by("history_date")] == [Decimal("12.5"), Decimal(14)]
    assert (
        created.history.latest().history_change_reason
        == "API, jeton « Script » créé par Éric Éditeur — Données consolidées"
    )


@pytest.mark.django_db
def test_bulk_errors_name_the_item_index_and_the_field_and_nothing_is_saved(product, indicator, secret):
    response = bearer(secret).post(
        f"/api/v1/products/{product.slug}/measurements/bulk/",
        {
            "measurements": [
                {"indicator": "visites", "date": DAY, "value": 1},
                {"indicator": "inconnu", "date": DAY, "value": 1},
                {"indicator": "visites", "date": "hier", "value": "beaucoup"},
                {"indicator": "visites", "date": DAY, "value": 2},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["message"].startswith("Requête invalide")
    errors = body["errors"]["measurements"]
    assert set(errors) == {"1", "2", "3"}
    assert "inconnu" in errors["1"]["indicator"][0]
    assert set(errors["2"]) == {"date", "value"}
    assert "élément 0" in errors["3"]["date"][0]
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
def test_a_product_token_writes_only_measurements_of_its_own_product(product, indicator, secret):
    client = bearer(secret)
    other = ProductFactory()
    IndicatorFactory(objective=ObjectiveFactory(product=other), code="visites")
    payload = {"indicator": "visites", "date": DAY, "value": 1}
    assert client.post(f"/api/v1/products/{other.slug}/measurements/", payload, format="json").status_code == 403
    assert client.post(f"/api/v1/products/{other.slug}/measurements/bulk/", [payload], format="json").status_code == 403
    # Reading, even its own product, and any other route: not for a product token.
    assert client.get(f"/api/v1/products/{product.slug}/measurements/").status_code == 403
    assert client.get(f"/api/v1/products/{product.slug}/indicators/").status_code == 403
    assert client.get("/api/v1/products/").status_code == 401
    assert client.patch(f"/api/v1/products/{product.slug}/", {"name": "x"}, format="json").status_code == 401
    assert Measurement.objects.count() == 0


@pytest.mark.django_db
def test_revoked_unknown_and_archived(product, indicator, secret, editor):
    url = f"/api/v1/products/{product.slug}/measurements/"
    payload = {"indicator": "visites", "date": DAY, "value": 1}
    assert bearer("eqp_inconnu").post(url, payload, format="json").status_code == 401
    Product.objects.filter(pk=product.pk).update(archived_at=timezone.now())
    response = bearer(secret).post(url, payload, format="json")
    assert (response.status_code, response.json()["message"]) == (
        403,
        "Ce produit est archivé : ses mesures ne se modifient plus.",
    )
    assert Measurement.objects.count() == 0
    Product.objects.filter(pk=product.pk).update(archived_at=None)
    token = product.tokens.get()
    services.revoke_token(token, user=editor)
    response = bearer(secret).post(url, payload, format="json")
    assert response.status_code == 401
    assert "révoqué" in response.json()["message"]


@pytest.mark.django_db
def test_user_tokens_keep_working_for_editors(editor, product, indicator):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {personal_token(editor)}")
    response = client.post(
        f"/api/v1/products/{product.slug}/measurements/",
        {"indicator": "visites", "date": DAY, "value": "3.5", "comment": "Par l’API"},
        format="json",
    )
    assert response.status_code == 201
    assert Measurement.objects.get().history.get().history_user == editor


@pytest.mark.django_db
def test_the_openapi_schema_documents_the_new_routes(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/products/{slug}/measurements/bulk/" in schema["paths"]
    assert "productToken" in schema["components"]["securitySchemes"]


def test_a_product_token_stops_when_its_creator_leaves_the_team(product, indicator, secret, editor):
    from equipage.teams.services import end_membership

    end_membership(
        product.memberships.get(person__user=editor), timezone.localdate() - datetime.timedelta(days=1), user=None
    )
    response = bearer(secret).post(
        f"/api/v1/products/{product.slug}/measurements/",
        {"indicator": "visites", "date": DAY, "value": 3},
        format="json",
    )
    assert response.status_code == 401
    assert "ne peut plus modifier ce produit" in response.json()["message"]
    assert not Measurement.objects.exists()


def test_a_product_token_stops_when_its_creators_account_is_deactivated(product, indicator, secret, editor):
    editor.is_active = False
    editor.save()
    response = bearer(secret).post(
        f"/api/v1/products/{product.slug}/measurements/bulk/",
        [{"indicator": "visites", "date": DAY, "value": 3}],
        format="json",
    )
    assert response.status_code == 401
    assert "est désactivé" in response.json()["message"]
    assert not Measurement.objects.exists()
