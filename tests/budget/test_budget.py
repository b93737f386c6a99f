"""Budget totals, overruns, staff-cost estimates, the spending import (all or nothing) and the rules."""

import datetime
from decimal import Decimal

import pytest

from equipage.budget import importer, selectors
from equipage.budget.models import DailyCost, SpendingEntry
from equipage.checks.engine import evaluate_product
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ProductFactory

from .factories import BudgetLineFactory, BudgetYearFactory, SpendingFactory

pytestmark = pytest.mark.django_db


def test_totals_count_spending_and_a_line_without_forecast_counts_its_planned_amount():
    product = ProductFactory()
    hosting = BudgetLineFactory(budget_year__product=product, planned=Decimal("1000"), committed=Decimal("800"))
    SpendingFactory(line=hosting, month=1, amount=Decimal("300"))
    SpendingFactory(line=hosting, quarter=2, month=None, amount=Decimal("200"))
    BudgetLineFactory(budget_year=hosting.budget_year, planned=Decimal("500"), forecast=Decimal("450"))
    totals = selectors.totals_of(selectors.lines_of(product, 2026))
    assert (totals.planned, totals.committed, totals.spent, totals.forecast) == (
        Decimal("1500"),
        Decimal("800"),
        Decimal("500"),
        Decimal("1450"),
    )
    assert not totals.overrun


def test_spent_or_forecast_above_planned_is_an_overrun():
    line = BudgetLineFactory(planned=Decimal("1000"), forecast=Decimal("1200"))
    lines = selectors.lines_of(line.budget_year.product, 2026)
    assert lines[0].is_overrun
    totals = selectors.totals_of(lines)
    assert totals.overrun and totals.overrun_amount == Decimal("200")


def test_staff_estimate_uses_time_share_presence_and_the_most_precise_daily_cost():
    product = ProductFactory()
    dnum = OrganisationFactory(name="DNUM")
    DailyCost.objects.create(role=Role.PRODUCT_OWNER, amount=Decimal("600"))
    DailyCost.objects.create(role=Role.PRODUCT_OWNER, organisation=dnum, amount=Decimal("700"))
    DailyCost.objects.create(organisation=dnum, amount=Decimal("500"))
    full_year = MembershipFactory(
        product=product,
        role=Role.PRODUCT_OWNER,
        time_share=50,
        person=PersonFactory(organisation=dnum),
        start_date=datetime.date(2025, 1, 1),
    )
    MembershipFactory(
        product=product,
        role=Role.DEVELOPER,
        time_share=100,
        person=PersonFactory(organisation=dnum),
        start_date=datetime.date(2026, 7, 1),
    )
    MembershipFactory(product=product, role=Role.DESIGNER, time_share=100, start_date=datetime.date(2026, 1, 1))
    estimate = selectors.staff_estimate(product, 2026)
    rows = {row.role: row for row in estimate.rows}
    assert rows[Role.PRODUCT_OWNER.label].days == Decimal("105.0")
    assert rows[Role.PRODUCT_OWNER.label].cost == Decimal("73500")  # role in the organisation: 700 €
    assert rows[Role.DEVELOPER.label].cost == Decimal(str(round(Decimal("105.9") * 500)))  # 184/365 of the year
    assert rows[Role.DESIGNER.label].cost is None  # no cost set for the role or organisation
    assert estimate.total == Decimal("73500") + rows[Role.DEVELOPER.label].cost
    assert full_year.person.organisation == dnum


def csv_bytes(*lines, encoding="cp1252"):
    return "\n".join(["année;ligne;période;montant", *lines]).encode(encoding)


def test_import_reads_french_amounts_in_windows_1252():
    line = BudgetLineFactory(label="Hébergement")
    count = importer.import_spending(
        None, line.budget_year.product, csv_bytes("2026;Hébergement;mars;1 234,56 €", "2026;hébergement;T2;45 000")
    )
    assert count == 2
    assert {(e.month, e.quarter, e.amount) for e in SpendingEntry.objects.all()} == {
        (3, None, Decimal("1234.56")),
        (None, 2, Decimal("45000")),
    }


def test_a_bad_file_imports_nothing_and_names_each_problem_by_line_and_column():
    line = BudgetLineFactory(label="Hébergement")
    BudgetYearFactory(product=line.budget_year.product, year=2025)  # a year without any line
    data = csv_bytes(
        "2026;Hébergement;janvier;1 000",
        "2026;Hébergement;févr;-12",
        "2024;Hébergement;1;10",
        "2025;Hébergement;1;10",
        "2026;Inconnue;1;10",
        "2026;Hébergement;T1;10",
    )
    with pytest.raises(importer.ImportRefused) as refusal:
        importer.import_spending(None, line.budget_year.product, data)
    messages = [str(problem) for problem in refusal.value.problems]
    assert "Ligne 3, colonne « période » : « févr » n’est pas une période" in messages[0]
    assert "Ligne 3, colonne « montant » : « -12 » : un montant ne peut pas être négatif." in messages
    assert "Ligne 4, colonne « année » : le produit n’a aucune ligne budgétaire en 2024 : créez-la d’abord." in messages
    assert "Ligne 5, colonne « année » : le produit n’a aucune ligne budgétaire en 2025 : créez-la d’abord." in messages
    assert "Ligne 6, colonne « ligne » : aucune ligne « Inconnue » dans le budget 2026 du produit." in messages
    assert any(m.startswith("Ligne 7, colonne « période »") for m in messages)
    assert not SpendingEntry.objects.exists()


def test_a_file_without_the_expected_columns_is_refused():
    with pytest.raises(importer.ImportRefused, match="colonne manquante : « montant »"):
        importer.parse(ProductFactory(), "année;ligne;période\n2026;X;1".encode())


def test_overrun_and_unpublished_budget_rules():
    today = datetime.date(2026, 6, 15)
    product = ProductFactory(is_public_service=True)
    line = BudgetLineFactory(budget_year__product=product, planned=Decimal("1000"))
    codes = {f.code for f in evaluate_product(product, today)}
    assert "BUDGET_NON_PUBLIE" in codes and "BUDGET_DEPASSE" not in codes
    SpendingFactory(line=line, amount=Decimal("1500"))
    line.budget_year.is_published = True
    line.budget_year.save()
    found = [f for f in evaluate_product(product, today) if f.code in {"BUDGET_DEPASSE", "BUDGET_NON_PUBLIE"}]
    assert [f.code for f in found] == ["BUDGET_DEPASSE"]
    assert "dépensé (1\xa0500 €)" in found[0].message
