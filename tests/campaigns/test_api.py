import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from equipage.campaigns.models import Campaign
from equipage.trends.snapshots import State, write_day

from .conftest import CODE, open_campaign

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def payload(**changes):
    return {
        "title": "Surcharge résorbée",
        "rule_codes": [CODE],
        "target": 80,
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    } | changes


def test_an_administrator_opens_a_campaign_through_the_api(world):
    response = api(world.admin).post("/api/v1/campaigns/", payload(directorates=[world.north.pk]), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["products_in_scope"] == 3 and response.json()["products_passing"] == 1
    assert Campaign.objects.get().created_by == world.admin


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"rule_codes": []}, "rule_codes", "Choisissez au moins une règle"),
        ({"target": 120}, "target", "entre 1 et 100 %"),
        ({"deadline": "2020-01-01"}, "deadline", "L’échéance ne peut pas être passée"),
        ({"phases": ["fin_de_vie"]}, "non_field_errors", "Ce périmètre ne compte aucun produit actif"),
    ],
)
def test_the_api_refuses_bad_campaigns_like_the_form_and_writes_nothing(world, changes, field, message):
    response = api(world.admin).post("/api/v1/campaigns/", payload(**changes), format="json")
    assert response.status_code == 400
    assert any(message in text for text in response.json()["errors"][field])
    assert not Campaign.objects.exists() and not Campaign.history.exists()


def test_only_administrators_change_a_campaign_through_the_api(world, agent):
    campaign = open_campaign(world)
    url = f"/api/v1/campaigns/{campaign.pk}/"
    assert api(agent).get(url).status_code == 200
    assert api(agent).patch(url, {"target": 50}, format="json").status_code == 403
    assert api(world.admin).patch(url, {"target": 50}, format="json").status_code == 200
    assert Campaign.objects.get().target == 50


def test_the_campaign_list_costs_the_same_queries_for_one_or_several(world, agent):
    open_campaign(world)
    client = api(agent)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/campaigns/")
    open_campaign(world, phases=["construction"])
    open_campaign(world, directorate_ids=[world.south.pk])
    with CaptureQueriesContext(connection) as three:
        response = client.get("/api/v1/campaigns/")
    assert response.json()["count"] == 3
    assert len(three) == len(one)


def test_a_products_snapshots_are_read_newest_first(world, agent):
    product = world.products[0]
    day = datetime.date(2026, 3, 2)
    write_day(day, {product.pk: State(level_rank=1, watch=1, codes=frozenset({CODE}))}, {})
    response = api(agent).get(f"/api/v1/products/{product.slug}/snapshots/")
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["day"] == "2026-03-02" and first["codes"] == [CODE] and first["level"] == "Socle"
    refused = api(agent).get(f"/api/v1/products/{product.slug}/snapshots/", {"since": "hier"})
    assert refused.status_code == 400 and "Date invalide" in refused.json()["errors"]["since"][0]
