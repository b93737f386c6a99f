"""Budgets of the demo portfolio: three years for every product, some overruns, several public services
publishing theirs, and daily costs for the staff estimate. Safe to run again: a product with a budget is left alone."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from equipage.people.models import Organisation
from equipage.registry.models import Product
from equipage.teams.roles import Role

from .models import BudgetLine, BudgetYear, Category, DailyCost, Nature, SpendingEntry

# (label, nature, category, funding source, planned amount in thousands of euros)
LINES = [
    (
        "Prestation de développement",
        Nature.BUILD,
        Category.EXTERNAL,
        "Fonds de transformation de l’action publique",
        420,
    ),
    ("Équipe interne", Nature.BUILD, Category.STAFF, "Programme budgétaire", 260),
    ("Hébergement", Nature.RUN, Category.HOSTING, "Crédits de la DNUM", 48),
    ("Licences et outils", Nature.RUN, Category.LICENCES, "Crédits de la direction métier", 12),
    ("Maintenance corrective", Nature.RUN, Category.EXTERNAL, "Programme budgétaire", 90),
]
DAILY_COSTS = [(Role.PRODUCT_MANAGER, 750), (Role.DEVELOPER, 650), (Role.DESIGNER, 600), (Role.PRODUCT_OWNER, 550)]
ORGANISATION_COSTS = [("DNUM", 500), ("DGEC", 450), ("DSI", 450)]
OVERRUNS = {"mon-parcours-emploi", "registre-accords"}  # their current year runs over
UNPUBLISHED = {"aides-inclusion"}  # a public service that does not publish its budget


def _daily_costs() -> None:
    for role, amount in DAILY_COSTS:
        DailyCost.objects.get_or_create(role=role, organisation=None, defaults={"amount": Decimal(amount)})
    for acronym, amount in ORGANISATION_COSTS:
        organisation = Organisation.objects.filter(acronym=acronym).first()
        if organisation is not None:
            DailyCost.objects.get_or_create(role="", organisation=organisation, defaults={"amount": Decimal(amount)})


@transaction.atomic
def load_demo_budget(seed: int, slugs: list[str]) -> None:
    _daily_costs()
    today = timezone.localdate()
    for product in Product.objects.filter(slug__in=slugs).order_by("slug"):
        if BudgetYear.objects.filter(product=product).exists():
            continue
        rng = random.Random(f"{seed}-budget-{product.slug}")  # noqa: S311 — demo data, not security
        scale = Decimal(rng.choice([50, 75, 100, 150])) / 100
        for year in (today.year - 2, today.year - 1, today.year):
            budget_year = BudgetYear.objects.create(
                product=product,
                year=year,
                is_published=product.is_public_service and product.slug not in UNPUBLISHED,
            )
            months = 12 if year < today.year else today.month
            for label, nature, category, source, thousands in LINES[: rng.randint(3, 5)]:
                planned = (Decimal(thousands) * 1000 * scale).quantize(Decimal("1"))
                rate = Decimal(rng.randint(80, 98)) / 100
                if year == today.year and product.slug in OVERRUNS and category == Category.EXTERNAL:
                    rate = Decimal("1.25")
                line = BudgetLine.objects.create(
                    budget_year=budget_year,
                    label=label,
                    nature=nature,
                    category=category,
                    funding_source=source,
                    planned=planned,
                    committed=(planned * min(rate + Decimal("0.05"), Decimal("1.3"))).quantize(Decimal("1")),
                    forecast=(planned * rate).quantize(Decimal("1")),
                )
                monthly = (planned * rate / 12).quantize(Decimal("0.01"))
                if category == Category.HOSTING:
                    for quarter in range(1, (months - 1) // 3 + 2):
                        SpendingEntry.objects.create(line=line, quarter=quarter, amount=monthly * 3)
                else:
                    for month in range(1, months + 1):
                        amount = monthly * (
                            Decimal(12) / months if year == today.year and product.slug in OVERRUNS else 1
                        )
                        SpendingEntry.objects.create(line=line, month=month, amount=amount.quantize(Decimal("0.01")))
