"""/portefeuille/: the distribution of levels and the portfolio grouped, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equipage.checks.models import FindingSummary
from equipage.checks.portfolio import grouped, level_distribution
from equipage.checks.store import flush
from equipage.core.vocabulary import Level
from equipage.registry.models import Governance, Product
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ProductFactory

pytestmark = pytest.mark.django_db


def coached_product(coach, sponsor, governance=Governance.SHARED):
    product = ProductFactory(governance=governance, sponsor=sponsor)
    MembershipFactory(product=product, role=Role.POLICY_OWNER)
    MembershipFactory(product=product, role=Role.PRODUCT_OWNER)
    if coach:
        MembershipFactory(product=product, role=Role.PRODUCT_COACH, person=coach)
    return product


def test_the_distribution_counts_each_active_product_at_its_stored_level():
    coached_product(PersonFactory(), OrganisationFactory())
    ProductFactory()  # no team: fails the socle
    flush()
    distribution = dict(level_distribution(Product.objects.active()))
    assert sum(distribution.values()) == 2
    stored = list(FindingSummary.objects.values_list("level", flat=True))
    for level in Level:
        assert distribution[level] == stored.count(level)


def test_grouped_by_coach_counts_each_coach_products_and_those_without_coach():
    alice, directorate = PersonFactory(first_name="Alice", last_name="Coach"), OrganisationFactory(acronym="DGX")
    coached_product(alice, directorate)
    coached_product(alice, directorate)
    coached_product(None, directorate)
    groups = {group.name: group for group in grouped(Product.objects.active(), "coach")}
    assert set(groups) == {"Alice Coach", "Sans coach produit"}
    assert groups["Alice Coach"].products == 2
    assert groups["Sans coach produit"].products == 1
    assert sum(groups["Alice Coach"].levels) == 2
    by_directorate = {group.name: group for group in grouped(Product.objects.active(), "direction")}
    assert by_directorate["DGX"].products == 3


def test_grouped_by_owner_counts_the_findings_each_person_answers_for():
    coached_product(None, OrganisationFactory())  # co-responsabilité without coach: COACH_ABSENT, owned by the PO
    groups = grouped(Product.objects.active(), "responsable")
    assert groups and all(group.findings for group in groups)
    assert sum(group.findings for group in groups) == FindingSummary.objects.get().total


@pytest.mark.parametrize("grouping", ["direction", "configuration", "coach", "responsable"])
def test_the_portfolio_grouped_costs_the_same_queries_for_one_product_or_many(agent_client, grouping):
    url = reverse("checks:portfolio") + f"?grouper={grouping}"
    coach = PersonFactory()
    coached_product(coach, OrganisationFactory())
    agent_client.get(url)
    with CaptureQueriesContext(connection) as one:
        response = agent_client.get(url)
    assert response.status_code == 200
    for index in range(6):
        coached_product(coach if index % 2 else PersonFactory(), OrganisationFactory(), Governance.POLICY_OWNER_IS_PM)
    flush()
    with CaptureQueriesContext(connection) as many:
        response = agent_client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)
    assert response.context["grouping"] == grouping
    assert "Répartition des produits actifs par niveau atteint" in response.content.decode()


def test_an_unknown_grouping_falls_back_to_the_directorate(agent_client):
    response = agent_client.get(reverse("checks:portfolio"), {"grouper": "inconnu"})
    assert response.status_code == 200
    assert response.context["grouping"] == "direction"
