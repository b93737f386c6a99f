"""Writes of the budget: lines (creating the year when needed), spending of a line, publication of a year."""

from __future__ import annotations

from django.db import transaction

from equipage.registry.models import Product

from .models import BudgetLine, BudgetYear, SpendingEntry


@transaction.atomic
def save_line(user, product: Product, line: BudgetLine, year: int) -> BudgetLine:
    if line.pk is None:
        budget_year, _ = BudgetYear.objects.get_or_create(product=product, year=year)
        line.budget_year = budget_year
    line._history_user = user
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def replace_spending(user, line: BudgetLine, entries: list[SpendingEntry]) -> None:
    """The line's spending becomes exactly these entries."""
    wanted = {(entry.month, entry.quarter): entry for entry in entries}
    for saved in list(line.spending.all()):
        key = (saved.month, saved.quarter)
        if key not in wanted:
            saved._history_user = user
            saved.delete()
        elif saved.amount != wanted[key].amount:
            saved.amount = wanted.pop(key).amount
            saved._history_user = user
            saved.save()
        else:
            wanted.pop(key)
    for entry in wanted.values():
        entry._history_user = user
        entry.save()


@transaction.atomic
def set_published(user, budget_year: BudgetYear, published: bool) -> None:
    budget_year.is_published = published
    budget_year._history_user = user
    budget_year.save()
