from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from equipage.budget.models import BudgetLine, BudgetYear, Category, Nature, SpendingEntry
from tests.factories import ProductFactory


class BudgetYearFactory(DjangoModelFactory):
    class Meta:
        model = BudgetYear
        django_get_or_create = ("product", "year")

    product = factory.SubFactory(ProductFactory)
    year = 2026


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget_year = factory.SubFactory(BudgetYearFactory)
    label = factory.Sequence(lambda n: f"Ligne {n}")
    nature = Nature.BUILD
    category = Category.EXTERNAL
    planned = Decimal("100000")
    committed = Decimal("0")


class SpendingFactory(DjangoModelFactory):
    class Meta:
        model = SpendingEntry

    line = factory.SubFactory(BudgetLineFactory)
    month = 1
    amount = Decimal("1000")
