"""The product sheet is composed from what each app registers: its tabs and sections, in fixed queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equipage.core import product_pages
from equipage.teams.roles import Role
from tests.budget.factories import BudgetYearFactory
from tests.compliance.factories import AccessibilityAuditFactory, HomologationFactory, ProcessingActivityFactory
from tests.factories import MembershipFactory, ProductFactory
from tests.indicators.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def test_every_product_tab_comes_from_the_apps_in_order(agent_client):
    product = ProductFactory()
    html = agent_client.get(reverse("governance:matrix", args=[product.slug])).content.decode()
    labels = [tab.label for tab in product_pages.tabs()]
    assert labels[:3] == ["Fiche", "Équipe", "Responsabilités"]
    assert labels[-1] == "Historique"
    nav = html[html.index('id="rubriques-produit"') :]
    positions = [nav.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions)
    assert 'aria-current="page">Responsabilités</a>' in html


def test_the_product_navigation_is_a_dsfr_side_menu_collapsed_behind_a_button_on_small_screens(agent_client):
    product = ProductFactory()
    html = agent_client.get(reverse("governance:matrix", args=[product.slug])).content.decode()
    nav = html[html.index('<nav class="fr-sidemenu') : html.index("</nav>", html.index('<nav class="fr-sidemenu'))]
    assert 'aria-labelledby="rubriques-produit-titre"' in nav
    assert 'class="fr-sidemenu__btn" aria-controls="rubriques-produit" aria-expanded="false"' in nav
    assert "Rubriques du produit : Responsabilités</button>" in nav  # the button says where one is
    assert nav.count('aria-current="page"') == 1
    assert nav.count("fr-sidemenu__item--active") == 1


def test_a_section_registered_by_an_app_shows_on_the_sheet(agent_client, monkeypatch):
    monkeypatch.setattr(product_pages, "SECTIONS", dict(product_pages.SECTIONS))
    product_pages.register_section("test", "checks/_findings.html", order=99)(lambda product: {"findings": []})
    with pytest.raises(ValueError, match="registered twice"):
        product_pages.register_section("test", "x.html", order=1)(lambda product: {})
    product = ProductFactory()
    response = agent_client.get(product.get_absolute_url())
    assert [section.key for section in response.context["sections"]["main"]][-1] == "test"
    assert [section.key for section in response.context["sections"]["top"]] == ["findings"]


def _staff(product, size):
    for role in (Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.PRODUCT_COACH, Role.DEVELOPER)[:size]:
        MembershipFactory(product=product, role=role)
    for _ in range(size):
        indicator = IndicatorFactory(product=product, is_published=True)
        for day in range(size):
            MeasurementFactory(indicator=indicator, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
        ProcessingActivityFactory(product=product)
        AccessibilityAuditFactory(product=product)
    HomologationFactory(product=product)


def test_the_sheet_costs_the_same_queries_whatever_the_product_holds(agent_client):
    small, large = ProductFactory(is_public_service=True), ProductFactory(is_public_service=True)
    _staff(small, 1)
    _staff(large, 4)
    agent_client.get(small.get_absolute_url())  # warm the session
    small_sql = _queries(agent_client, small.get_absolute_url())
    html = agent_client.get(large.get_absolute_url()).content.decode()
    assert "Points de vigilance" in html and "Indicateurs" in html and "Conformité" in html
    large_sql = _queries(agent_client, large.get_absolute_url())
    assert [sql[:60] for sql in large_sql] == [sql[:60] for sql in small_sql]
    assert len(large_sql) <= 25


def test_the_sheet_loads_the_team_the_matrix_and_the_compliance_records_once(agent_client):
    product = ProductFactory(is_public_service=True)
    _staff(product, 3)
    agent_client.get(product.get_absolute_url())  # warm the session
    sql = _queries(agent_client, product.get_absolute_url())
    for table in (
        "teams_membership",
        "governance_responsibilitymatrix",
        "compliance_homologation",
        "checks_storedfinding",
    ):
        # loads of rows; the editor check (« may this user edit? ») is an existence test of its own
        reads = [query for query in sql if f'FROM "{table}"' in query and not query.startswith('SELECT 1 AS "a"')]
        assert len(reads) == 1, f"{table} read {len(reads)} times:\n" + "\n".join(reads)


def test_the_sheet_reads_no_table_twice(agent_client):
    """Every section shares what another already loaded (the team, the indicators, the compliance records…)."""
    product = ProductFactory(is_public_service=True)
    _staff(product, 3)
    agent_client.get(product.get_absolute_url())  # warm the session
    sql = _queries(agent_client, product.get_absolute_url())
    # the table each query reads rows from (its outermost FROM); existence tests (« may this user edit? ») aside
    tables = [_outer_table(query) for query in sql if not query.startswith('SELECT 1 AS "a"')]
    read_twice = {table for table in tables if tables.count(table) > 1}
    assert not read_twice, "\n".join(query for query in sql if _outer_table(query) in read_twice)
    assert len(tables) >= 12  # the sheet did load its sections


def _outer_table(sql: str) -> str:
    """The table after the last top-level FROM of a query (subqueries in its columns come before it)."""
    depth, position = 0, None
    for index, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and sql.startswith(' FROM "', index):
            position = index + len(' FROM "')
    return sql[position : sql.index('"', position)] if position is not None else sql


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [query["sql"] for query in captured.captured_queries]


def _sheet_links(client, product) -> dict[str, str]:
    return {label: url for label, url in client.get(product.get_absolute_url()).context["links"]}


def test_the_budget_link_points_to_the_public_budget_once_a_year_is_published(agent_client):
    product = ProductFactory(is_public_service=True)
    budget_year = BudgetYearFactory(product=product, is_published=False)
    assert "Page de budget" not in _sheet_links(agent_client, product)

    budget_year.is_published = True
    budget_year.save()
    assert _sheet_links(agent_client, product)["Page de budget"] == reverse("budget:public", args=[product.slug])


def test_the_team_s_own_budget_page_wins_over_the_public_budget(agent_client):
    product = ProductFactory(is_public_service=True, budget_url="https://budget.example.gouv.fr/")
    BudgetYearFactory(product=product, is_published=True)
    links = _sheet_links(agent_client, product)
    assert links["Page de budget"] == "https://budget.example.gouv.fr/"
    assert list(links.values()).count("https://budget.example.gouv.fr/") == 1
