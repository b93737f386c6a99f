"""Every vigilance view costs the same queries for one product or many, and shows one page at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from equipage.checks.models import FindingSummary
from equipage.checks.store import flush
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, ProductFactory

pytestmark = pytest.mark.django_db

VIEWS = [
    "/portefeuille/",
    "/portefeuille/?gravite=bloquant&tri=total",
    "/produits/?vigilance=bloquant",
    "/api/v1/findings/",
    "/api/v1/findings/?severity=a_surveiller",
]


def add_products(count: int, start: int = 0) -> None:
    for index in range(start, start + count):
        product = ProductFactory(name=f"Produit {index:03}", governance=Governance.POLICY_OWNER_IS_PM)
        MembershipFactory(product=product, role=Role.POLICY_OWNER, time_share=40)
    flush()  # as the writes' transactions would have done before committing


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def api(agent):
    client = APIClient()
    client.force_authenticate(agent)
    return client


def test_vigilance_views_cost_the_same_queries_for_one_product_or_many(agent_client, api):
    add_products(1)
    clients = {url: api if url.startswith("/api/") else agent_client for url in VIEWS}
    for url in VIEWS:
        queries(clients[url], url)  # warm the session
    one = {url: queries(clients[url], url) for url in VIEWS}
    add_products(12, start=1)
    many = {url: queries(clients[url], url) for url in VIEWS}
    assert many == one
    assert max(one.values()) <= 8


def test_the_findings_api_is_paginated_over_the_whole_portfolio(api):
    add_products(30)
    first = api.get("/api/v1/findings/", {"severity": "bloquant"}).json()
    assert first["count"] > 50 and len(first["results"]) == 50 and first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == first["count"] - 50
    rows = [(row["product"], row["message"]) for row in first["results"] + second["results"]]
    assert len(set(rows)) == first["count"], "every finding once across the pages"


def test_the_compliance_heat_map_shows_a_page_and_counts_the_whole_portfolio(agent_client):
    for index in range(105):
        ProductFactory(name=f"Produit {index:03}")
    first = agent_client.get("/portefeuille/conformite/")
    assert len(first.context["rows"]) == 100
    assert first.context["row_count"] == 105
    assert sum(first.context["count_rows"][0][1]) == 105, "the figures cover every product"
    second = agent_client.get("/portefeuille/conformite/", {"page": 2})
    assert [row.product.name for row in second.context["rows"]] == [f"Produit {i:03}" for i in range(100, 105)]
    assert "page 1 sur 2" in first.content.decode()


def test_the_portfolio_shows_a_page_of_products_and_counts_the_whole_selection(agent_client):
    add_products(103)
    ProductFactory(name="Zéro point", governance=Governance.DNUM_OWNED)
    flush()
    FindingSummary.objects.filter(product__name="Zéro point").update(blocking=0)  # stored: no blocking finding
    first = agent_client.get("/portefeuille/", {"tri": "nom"})
    assert first.context["row_count"] == 104 and len(first.context["rows"]) == 100
    assert sum(item["count"] for item in first.context["distribution"]) == 104
    second = agent_client.get("/portefeuille/", {"tri": "nom", "page": 2})
    assert [row.product.name for row in second.context["rows"]] == [
        "Produit 100",
        "Produit 101",
        "Produit 102",
        "Zéro point",
    ]
    blocking = agent_client.get("/portefeuille/", {"tri": "nom", "gravite": "bloquant", "page": 2})
    assert blocking.context["row_count"] == 103, "the filtered selection is counted, not the portfolio"
    assert "Zéro point" not in [row.product.name for row in blocking.context["rows"]]
