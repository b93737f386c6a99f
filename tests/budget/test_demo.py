import pytest
from django.core.management import call_command
from django.utils import timezone

from equipage.budget import selectors
from equipage.budget.models import BudgetLine, BudgetYear, DailyCost
from equipage.registry.models import Product

pytestmark = pytest.mark.django_db


def test_the_demo_budgets_three_years_with_overruns_and_publications():
    call_command("load_demo", verbosity=0)
    year = timezone.localdate().year
    products = Product.objects.all()
    assert all(set(p.budget_years.values_list("year", flat=True)) == {year - 2, year - 1, year} for p in products)
    rows = selectors.portfolio_budget(year, products)
    assert sum(1 for row in rows if row.totals.overrun) >= 2
    assert BudgetYear.objects.filter(is_published=True).values("product").distinct().count() >= 2
    assert DailyCost.objects.exists()
    count = BudgetLine.objects.count()
    call_command("load_demo", verbosity=0)
    assert BudgetLine.objects.count() == count
