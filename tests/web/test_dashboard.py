"""The dashboard shows the portfolio's health: findings by severity, products by compliance state, people
above 100 %, the deadlines of the next 90 days — each linking to the filtered list, in fixed queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from equipage.checks import store
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.committees.factories import ActionFactory, DecisionFactory
from tests.compliance.factories import HomologationFactory
from tests.factories import MembershipFactory, PersonFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _product(name: str):
    product = ProductFactory(name=name, governance=Governance.DNUM_OWNED, fully_staffed=True)
    busy = PersonFactory()
    MembershipFactory(product=product, person=busy, role=Role.DEVELOPER, time_share=70)
    MembershipFactory(product=ProductFactory(), person=busy, role=Role.DEVELOPER, time_share=50)
    HomologationFactory(product=product, decision_date=_days(-1000), valid_until=_days(-10))  # expired
    decision = DecisionFactory(product=product)
    ActionFactory(decision=decision, due_date=_days(-3))
    ActionFactory(decision=decision, due_date=_days(30), title=f"Préparer le comité {name}")
    ActionFactory(decision=decision, due_date=_days(200))  # beyond the horizon
    store.flush()
    return product


def test_the_dashboard_shows_the_portfolios_health_with_links_to_the_filtered_lists(agent_client):
    _product("Atlas")

    response = agent_client.get("/")

    health = response.context["health"]
    severities = {severity: (count, products) for severity, _label, count, products in health["severities"]}
    assert severities["bloquant"][0] >= 1 and severities["bloquant"][1] >= 1  # the expired homologation
    compliance = {state: count for state, _label, count in health["compliance"]}
    assert compliance["echu"] >= 1
    assert health["overloaded"] == 1
    assert health["overdue"] >= 2  # the overdue action and the expired homologation
    assert "Atlas : Préparer le comité Atlas" in [f"{d.product.name} : {d.label}" for d in health["next_deadlines"]]
    assert all(d.date <= _days(90) for d in health["next_deadlines"])
    html = response.content.decode()
    for link in (
        "/produits/?vigilance=bloquant",
        "/portefeuille/conformite/?etat=echu",
        "/personnes/?charge=surcharge",
        "/echeances/?periode=en_retard",
        "/echeances/?periode=90",
    ):
        assert f'href="{link}"' in html, link


def test_the_links_lead_to_lists_filtered_the_same_way(agent_client):
    product = _product("Atlas")
    ProductFactory(name="Sans souci")

    heat_map = agent_client.get("/portefeuille/conformite/", {"etat": "echu"})
    assert [row.product for row in heat_map.context["rows"]] == [product]
    people = agent_client.get("/personnes/", {"charge": "surcharge"})
    assert people.status_code == 200
    late = agent_client.get("/echeances/", {"periode": "en_retard"})
    assert len(late.context["page_obj"].paginator.object_list) == agent_client.get("/").context["health"]["overdue"]


def test_the_dashboard_makes_the_same_queries_for_one_product_or_many(agent_client):
    _product("Atlas")
    agent_client.get("/")
    with CaptureQueriesContext(connection) as one:
        agent_client.get("/")
    for index in range(4):
        _product(f"Produit {index}")
    with CaptureQueriesContext(connection) as many:
        response = agent_client.get("/")
    assert response.context["health"]["overloaded"] == 5
    assert len(many) == len(one)
