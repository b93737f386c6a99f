import html

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from equipage.checks.store import flush
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, ProductFactory, personal_token

pytestmark = pytest.mark.django_db


def policy_owner_product(name: str, share: int):
    product = ProductFactory(name=name, governance=Governance.POLICY_OWNER_IS_PM)
    MembershipFactory(product=product, role=Role.POLICY_OWNER, time_share=share)
    return product


def test_portfolio_shows_products_against_rules_with_totals(agent_client):
    policy_owner_product("Alpha", 40)
    policy_owner_product("Bravo", 80)
    response = agent_client.get(reverse("checks:portfolio"))
    rows = {row.product.name: row for row in response.context["rows"]}
    assert rows["Alpha"].by_rule["RM_TEMPS_INSUFFISANT"] == 1
    assert "RM_TEMPS_INSUFFISANT" not in rows["Bravo"].by_rule
    assert response.context["product_totals"]["RM_TEMPS_INSUFFISANT"] == 1
    # Rule codes stay in the exports and the API; the page names each rule in words.
    text = html.unescape(strip_tags(response.content.decode()))
    assert "RM_TEMPS_INSUFFISANT" not in text
    rule = next(rule for rule in response.context["rules"] if rule.code == "RM_TEMPS_INSUFFISANT")
    assert rule.title in text


def test_portfolio_sorts_by_blocking_findings_first_or_by_name(agent_client):
    policy_owner_product("Zèbre", 40)  # one more blocking finding
    policy_owner_product("Abeille", 80)
    by_blocking = agent_client.get(reverse("checks:portfolio")).context["rows"]
    by_name = agent_client.get(reverse("checks:portfolio"), {"tri": "nom"}).context["rows"]
    assert [row.product.name for row in by_blocking] == ["Zèbre", "Abeille"]
    assert [row.product.name for row in by_name] == ["Abeille", "Zèbre"]


def test_portfolio_queries_do_not_grow_with_products(agent_client, django_assert_max_num_queries):
    for index in range(2):
        policy_owner_product(f"Produit {index}", 40)
    flush()  # the writes' transaction has committed: findings are stored
    with django_assert_max_num_queries(8) as few:
        agent_client.get(reverse("checks:portfolio"))
    for index in range(2, 25):
        policy_owner_product(f"Produit {index}", 40 + index)
    flush()
    with django_assert_max_num_queries(len(few.captured_queries)):
        agent_client.get(reverse("checks:portfolio"))


def test_portfolio_exports_findings_as_csv(agent_client):
    policy_owner_product("Alpha", 40)
    response = agent_client.get(reverse("checks:portfolio_csv", args=["csv"]))
    content = response.getvalue().decode("utf-8")
    assert content.startswith("\ufeffProduit;Identifiant;Code")
    assert "Alpha" in content
    assert "RM_TEMPS_INSUFFISANT" in content


def test_product_list_counts_findings_and_filters_on_severity(agent_client):
    policy_owner_product("Alpha", 40)
    ProductFactory(name="Calme", governance=Governance.DNUM_OWNED)
    response = agent_client.get(reverse("registry:product_list"), {"vigilance": "bloquant"})
    names = [product.name for product in response.context["products"]]
    assert "Alpha" in names
    alpha = next(p for p in response.context["products"] if p.name == "Alpha")
    assert alpha.vigilance["bloquant"] >= 1
    assert "bloquant" in response.content.decode()


def test_product_sheet_shows_findings_with_remedy_and_guide(agent_client):
    product = policy_owner_product("Alpha", 40)
    html = agent_client.get(product.get_absolute_url()).content.decode()
    assert "Points de vigilance" in html
    assert "40 %" in html
    assert "Que faire" in html
    assert "/guide/roles/responsable-metier/" in html


def test_findings_are_readable_in_the_api(agent):
    from rest_framework.test import APIClient

    alpha = policy_owner_product("Alpha", 40)
    policy_owner_product("Bravo", 80)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {personal_token(agent)}")
    page = client.get("/api/v1/findings/", {"product": alpha.slug, "severity": "bloquant"}).json()
    assert page["count"] == len(page["results"])
    rows = page["results"]
    assert "RM_TEMPS_INSUFFISANT" in {row["code"] for row in rows}
    assert {row["severity"] for row in rows} == {"bloquant"}
    assert rows[0]["product"] == alpha.slug
    assert client.get("/api/v1/findings/", {"severity": "grave"}).status_code == 400


def test_portfolio_selection_filters_on_severity_and_an_unknown_value_means_the_default(agent_client):
    policy_owner_product("Zèbre", 40)  # a blocking finding
    policy_owner_product("Abeille", 80)
    url = reverse("checks:portfolio")
    blocking = agent_client.get(url, {"gravite": "bloquant", "tri": "nom"})
    assert [row.product.name for row in blocking.context["rows"]] == ["Abeille", "Zèbre"]
    assert all(row.product.n_bloquant for row in blocking.context["rows"])
    assert (blocking.context["sort"], blocking.context["severity"]) == ("nom", "bloquant")
    unknown = agent_client.get(url, {"gravite": "grave", "tri": "hasard"})
    assert unknown.status_code == 200
    assert (unknown.context["sort"], unknown.context["severity"]) == ("bloquants", "")
    assert [row.product.name for row in unknown.context["rows"]] == ["Zèbre", "Abeille"]
    csv = b"".join(
        agent_client.get(reverse("checks:portfolio_csv", args=["csv"]), {"gravite": "grave"}).streaming_content
    )
    assert "Zèbre" in csv.decode("utf-8-sig")


def test_portfolio_rows_and_groups_are_written_with_escaped_names_badges_and_counts(agent_client):
    product = policy_owner_product("Alpha <b>&", 40)
    owner = product.memberships.get().person
    owner.first_name, owner.last_name = "Zoé", "<Dupont>"
    owner.save()
    flush()
    page = agent_client.get(reverse("checks:portfolio")).content.decode()
    assert f'<a href="{product.get_absolute_url()}#vigilance">Alpha &lt;b&gt;&amp;</a>' in page
    assert '<p class="fr-badge fr-badge--error fr-badge--sm">' in page
    assert '<span aria-label="aucun">·</span>' in page
    by_owner = agent_client.get(reverse("checks:portfolio"), {"grouper": "responsable"})
    assert '<th scope="row">Zoé &lt;Dupont&gt;</th>' in by_owner.content.decode()
    group = next(group for group in by_owner.context["groups"] if group.name == "Zoé <Dupont>")
    assert group.products == 1 and group.findings == group.blocking + group.watch + group.info >= 1


def test_an_empty_portfolio_says_so_in_its_tables(agent_client):
    page = agent_client.get(reverse("checks:portfolio"), {"grouper": "responsable"}).content.decode()
    assert "Aucun produit ne correspond." in page
    assert "Aucun groupe." in page
