"""Budget pages: editors keep the budget, agents read it, the public reads what is published."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equipage.budget.models import BudgetLine, SpendingEntry
from equipage.core.formats import format_number
from tests.factories import ProductFactory

from .factories import BudgetLineFactory, BudgetYearFactory, SpendingFactory

pytestmark = pytest.mark.django_db


def line_data(**overrides):
    data = {
        "year": "2026",
        "label": "Hébergement",
        "nature": "run",
        "category": "hebergement",
        "funding_source": "Programme budgétaire",
        "planned": "12 000,50 €",
        "committed": "",
        "forecast": "",
    }
    data.update(overrides)
    return data


def test_editor_adds_a_line_with_a_french_amount(editor_client, product, editor):
    response = editor_client.post(reverse("budget:line_create", args=[product.slug]), line_data())
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.budget_year.product, line.budget_year.year, line.planned) == (product, 2026, Decimal("12000.50"))
    assert line.history.get().history_user == editor
    page = editor_client.get(response.url).content.decode()
    assert "Hébergement" in page and "12\xa0000,5 €" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"planned": "-5"}, "Un montant ne peut pas être négatif."),
        ({"planned": "douze"}, "n’est pas un nombre"),
        ({"year": "1999"}, "Année impossible"),
    ],
)
def test_bad_amounts_and_years_are_refused_and_nothing_is_saved(editor_client, product, overrides, message):
    response = editor_client.post(reverse("budget:line_create", args=[product.slug]), line_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_a_label_used_twice_in_a_year_is_refused(editor_client, product):
    BudgetLineFactory(budget_year__product=product, label="Hébergement")
    response = editor_client.post(reverse("budget:line_create", args=[product.slug]), line_data())
    assert "Une ligne porte déjà cet intitulé" in response.content.decode()
    assert BudgetLine.objects.count() == 1


def test_an_agent_cannot_add_a_line(agent_client, product):
    assert agent_client.post(reverse("budget:line_create", args=[product.slug]), line_data()).status_code == 403
    assert not BudgetLine.objects.exists()


def test_spending_by_month_or_quarter_but_not_both_for_the_same_months(editor_client, product):
    line = BudgetLineFactory(budget_year__product=product)
    url = reverse("budget:spending", args=[product.slug, line.pk])
    refused = editor_client.post(url, {"mois_1": "100", "trimestre_1": "300"})
    assert "saisi mois par mois" in refused.content.decode()
    assert not SpendingEntry.objects.exists()
    assert editor_client.post(url, {"mois_1": "1 000,5", "trimestre_2": "300"}).status_code == 302
    assert {(e.month, e.quarter, e.amount) for e in line.spending.all()} == {
        (1, None, Decimal("1000.5")),
        (None, 2, Decimal("300")),
    }
    editor_client.post(url, {"trimestre_2": "400"})
    assert [(e.month, e.quarter, e.amount) for e in line.spending.all()] == [(None, 2, Decimal("400"))]


def test_import_page_shows_every_problem_and_saves_nothing(editor_client, product):
    BudgetLineFactory(budget_year__product=product, label="Hébergement")
    upload = SimpleUploadedFile(
        "depenses.csv", "année;ligne;période;montant\n2026;Hébergement;1;10\n2026;Hébergement;13;x\n".encode("cp1252")
    )
    response = editor_client.post(reverse("budget:import", args=[product.slug]), {"file": upload})
    html = response.content.decode()
    assert "Rien n’a été importé : 2 problèmes" in html
    assert "Ligne 3, colonne « période »" in html and "Ligne 3, colonne « montant »" in html
    assert not SpendingEntry.objects.exists()


def test_public_budget_shows_published_years_only_as_page_csv_and_json(client, product):
    product.is_public_service = True
    product.save()
    BudgetLineFactory(budget_year=BudgetYearFactory(product=product, year=2025, is_published=True), label="Publiée")
    BudgetLineFactory(budget_year=BudgetYearFactory(product=product, year=2026), label="Brouillon")
    page = client.get(reverse("budget:public", args=[product.slug])).content.decode()
    assert "Publiée" in page and "Brouillon" not in page
    csv = b"".join(client.get(reverse("budget:public_csv", args=[product.slug, "csv"])).streaming_content).decode(
        "utf-8-sig"
    )
    assert "Publiée" in csv and "Brouillon" not in csv
    payload = json.loads(client.get(reverse("budget:public_json", args=[product.slug])).content)
    assert [line["ligne"] for line in payload["lignes"]] == ["Publiée"]
    stats = client.get(reverse("indicators:public_product", args=[product.slug])).content.decode()
    assert reverse("budget:public", args=[product.slug]) in stats


def test_a_product_that_is_not_a_public_service_has_no_public_budget(client, product):
    BudgetLineFactory(budget_year=BudgetYearFactory(product=product, is_published=True))
    assert client.get(reverse("budget:public", args=[product.slug])).status_code == 404


def test_publishing_is_refused_to_a_product_that_is_not_a_public_service(editor_client, product):
    budget_year = BudgetYearFactory(product=product)
    editor_client.post(reverse("budget:publish", args=[product.slug, 2026]), {"publier": "1"})
    budget_year.refresh_from_db()
    assert not budget_year.is_published


def test_portfolio_budget_flags_overruns_exports_csv_in_a_fixed_number_of_queries(
    agent_client, django_assert_max_num_queries
):
    for index in range(6):
        line = BudgetLineFactory(planned=Decimal("1000"), budget_year__year=2026)
        SpendingFactory(line=line, amount=Decimal("1500" if index == 0 else "100"))
    with django_assert_max_num_queries(12):
        response = agent_client.get(reverse("budget:portfolio"), {"annee": 2026})
    assert len(response.context["rows"]) == 6
    assert len(response.context["overruns"]) == 1
    csv = b"".join(
        agent_client.get(reverse("budget:portfolio_csv", args=["csv"]), {"annee": 2026}).streaming_content
    ).decode("utf-8-sig")
    assert csv.count(";oui") == 1 and csv.count(";non") == 5


def _portfolio_queries(client, year: int = 2026) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("budget:portfolio"), {"annee": year})
        b"".join(client.get(reverse("budget:portfolio_csv", args=["csv"]), {"annee": year}).streaming_content)
    return len(queries), response


def _budgeted_product(planned: str, spent: list[str], forecast: str | None = None) -> None:
    line = BudgetLineFactory(planned=Decimal(planned), forecast=Decimal(forecast) if forecast else None)
    for month, amount in enumerate(spent, start=1):
        SpendingFactory(line=line, month=month, amount=Decimal(amount))
    BudgetLineFactory(budget_year=line.budget_year, planned=Decimal("50"), committed=Decimal("20"))


def test_the_portfolio_budget_costs_as_many_queries_for_one_product_as_for_many(agent_client):
    _budgeted_product("1000", ["100", "200"])
    one, response = _portfolio_queries(agent_client)
    assert len(response.context["rows"]) == 1
    for _ in range(5):
        _budgeted_product("1000", ["100", "200"], forecast="1200")
    many, response = _portfolio_queries(agent_client)
    assert len(response.context["rows"]) == 6
    assert many == one


def test_the_portfolio_budget_sums_lines_and_spending_in_the_database_without_counting_twice(agent_client):
    _budgeted_product("1000", ["100", "200", "300"], forecast="1200")
    _budgeted_product("2000", [])
    BudgetYearFactory(year=2026)  # a year without lines: no row
    BudgetLineFactory(budget_year__product=ProductFactory(archived=True), planned=Decimal("999"))
    BudgetLineFactory(budget_year__year=2025, planned=Decimal("7"))
    response = agent_client.get(reverse("budget:portfolio"), {"annee": 2026})
    rows = response.context["rows"]
    assert sorted(
        (row.totals.planned, row.totals.committed, row.totals.spent, row.totals.forecast) for row in rows
    ) == [
        (Decimal("1050"), Decimal("20"), Decimal("600"), Decimal("1250")),
        (Decimal("2050"), Decimal("20"), Decimal("0"), Decimal("2050")),
    ]
    total = response.context["total"]
    assert (total.planned, total.committed, total.spent, total.forecast) == (3100, 40, 600, 3300)
    by_category = dict(response.context["by_category"])
    assert by_category["Prestation externe"].planned == 3100 and by_category["Prestation externe"].spent == 600
    assert by_category["Licences"].planned == 0
    assert f"prévu {format_number(3100, 2)} €, engagé 40 €" in response.content.decode()


def test_product_budget_page_in_a_fixed_number_of_queries(agent_client, product, django_assert_max_num_queries):
    for _ in range(6):
        SpendingFactory(line=BudgetLineFactory(budget_year=BudgetYearFactory(product=product)))
    with django_assert_max_num_queries(16):
        response = agent_client.get(reverse("budget:overview", args=[product.slug]), {"annee": 2026})
    assert len(response.context["lines"]) == 6
    assert response.context["chart_by_year"].rows


def test_a_refused_line_links_each_error_to_its_field_and_titles_the_page_as_an_error(editor_client, product):
    response = editor_client.post(
        reverse("budget:line_create", args=[product.slug]), line_data(label="", planned="beaucoup")
    )
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'tabindex="-1"' in html
    assert 'href="#id_label"' in html and 'href="#id_planned"' in html
    assert "<title>Erreur : " in html
    assert not BudgetLine.objects.exists()


def test_a_year_that_is_not_one_is_named_in_french_and_refuses_the_download(agent_client):
    page = agent_client.get(reverse("budget:portfolio"), {"annee": "deux-mille"})
    assert page.status_code == 200
    assert "Année inconnue : attendu une année en chiffres, par exemple 2026." in page.content.decode()
    far = agent_client.get(reverse("budget:portfolio"), {"annee": "3000"})
    assert "Année trop lointaine : attendu 2100 ou avant." in far.content.decode()
    refused = agent_client.get(reverse("budget:portfolio_csv", args=["xlsx"]), {"annee": "deux-mille"})
    assert refused.status_code == 400
    assert "Content-Disposition" not in refused
    assert "Année inconnue" in refused.content.decode()


def test_the_product_budget_names_a_year_that_is_not_one(agent_client, product):
    BudgetLineFactory(budget_year=BudgetYearFactory(product=product, year=2025))
    BudgetLineFactory(budget_year=BudgetYearFactory(product=product, year=2026))
    page = agent_client.get(reverse("budget:overview", args=[product.slug]), {"annee": "2025"})
    assert page.context["year"] == 2025
    wrong = agent_client.get(reverse("budget:overview", args=[product.slug]), {"annee": "l’an dernier"})
    assert wrong.status_code == 200 and "Année inconnue" in wrong.content.decode()
