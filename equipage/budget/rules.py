"""Budget's vigilance rules: the current year's budget overrun, and a public service that does not publish it.

Registered with the engine when the apps are ready (see `equipage/checks/engine.py`).
"""

from __future__ import annotations

from equipage.checks.engine import Batch, ProductFacts, fact, rule
from equipage.core.vocabulary import Area, Level, Severity

from .charts import euros
from .models import BudgetLine, BudgetYear, SpendingEntry
from .selectors import Totals, yearly_totals


def _line_product(line_id: int) -> set[int]:
    return set(BudgetLine.objects.filter(pk=line_id).values_list("budget_year__product_id", flat=True))


def _year_product(year_id: int) -> set[int]:
    return set(BudgetYear.objects.filter(pk=year_id).values_list("product_id", flat=True))


@fact(
    "budget_this_year",
    watch={
        BudgetYear: lambda budget_year: {budget_year.product_id},
        BudgetLine: lambda line: _year_product(line.budget_year_id),
        SpendingEntry: lambda entry: _line_product(entry.line_id),
    },
)
def budget_this_year(batch: Batch) -> dict[int, Totals]:
    """Each product's totals for the current year (two queries)."""
    totals = yearly_totals(batch.scope)
    return {product_id: years[batch.today.year] for product_id, years in totals.items() if batch.today.year in years}


@fact("budget_published_this_year", default=bool, watch={BudgetYear: lambda budget_year: {budget_year.product_id}})
def budget_published_this_year(batch: Batch) -> dict[int, bool]:
    published = BudgetYear.objects.filter(product_id__in=batch.scope, year=batch.today.year, is_published=True)
    return dict.fromkeys(published.values_list("product_id", flat=True), True)


@rule(
    "BUDGET_DEPASSE",
    Severity.WATCH,
    "Budget de l’année dépassé",
    short="Dépassement budgétaire",
    area=Area.VALUE,
    level=Level.PRACTICES,
    activity="suivi_budgetaire",
)
def budget_overrun(facts: ProductFacts):
    totals = facts.budget_this_year
    if totals is not None and totals.overrun:
        yield (
            f"Budget {facts.today.year} : le dépensé ({euros(totals.spent)}) ou la prévision "
            f"({euros(totals.forecast)}) dépasse le prévu ({euros(totals.planned)}).",
            "Revoir la prévision avec le comité d’investissement : réallouer, décaler ou demander un complément.",
        )


@rule(
    "BUDGET_NON_PUBLIE",
    Severity.INFO,
    "Service public sans budget publié pour l’année",
    short="Budget non publié",
    area=Area.TRANSPARENCY,
    level=Level.EXEMPLARY,
    activity="suivi_budgetaire",
)
def budget_not_published(facts: ProductFacts):
    if facts.product.is_public_service and not facts.budget_published_this_year:
        yield (
            f"Ce service public n’a pas publié son budget {facts.today.year}.",
            "Saisir le budget de l’année et le publier depuis l’onglet Budget du produit.",
        )
