"""Reads of the budget: totals, overruns, the staff-cost estimate, the portfolio's totals. Each in a fixed
number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from equipage.registry.models import Product
from equipage.teams.models import Membership

from .models import ZERO, BudgetLine, BudgetYear, Category, DailyCost, SpendingEntry

# Working days in a year, for the staff-cost estimate (a full-time person, holidays and leave deducted).
WORKING_DAYS = 210
AMOUNT_FIELD = DecimalField(max_digits=16, decimal_places=2)


@dataclass
class Totals:
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    forecast: Decimal = ZERO  # a line without forecast counts its planned amount

    def add_line(self, line: BudgetLine) -> None:
        self.planned += line.planned
        self.committed += line.committed
        self.spent += line.spent
        self.forecast += line.forecast if line.forecast is not None else line.planned

    def add(self, other: Totals) -> None:
        self.planned += other.planned
        self.committed += other.committed
        self.spent += other.spent
        self.forecast += other.forecast

    @property
    def overrun(self) -> bool:
        """Spent, or forecast, above what was planned."""
        return self.spent > self.planned or self.forecast > self.planned

    @property
    def overrun_amount(self) -> Decimal:
        return max(self.spent, self.forecast) - self.planned


def line_overrun(line: BudgetLine) -> bool:
    return line.spent > line.planned or (line.forecast is not None and line.forecast > line.planned)


def lines_of(product: Product, year: int) -> list[BudgetLine]:
    lines = list(BudgetLine.objects.with_spent().filter(budget_year__product=product, budget_year__year=year))
    for line in lines:
        line.is_overrun = line_overrun(line)
    return lines


def totals_of(lines: list[BudgetLine]) -> Totals:
    totals = Totals()
    for line in lines:
        totals.add_line(line)
    return totals


def yearly_totals(product_ids: list[int] | QuerySet, *, published_only: bool = False) -> dict[int, dict[int, Totals]]:
    """{product id: {year: totals}} in two queries."""
    lines = BudgetLine.objects.filter(budget_year__product_id__in=product_ids)
    if published_only:
        lines = lines.filter(budget_year__is_published=True)
    found: dict[int, dict[int, Totals]] = defaultdict(lambda: defaultdict(Totals))
    spent = dict(
        SpendingEntry.objects.filter(line__in=lines)
        .values("line_id")
        .annotate(total=Sum("amount"))
        .values_list("line_id", "total")
    )
    for line in lines.select_related("budget_year"):
        line.spent = spent.get(line.pk, ZERO)
        found[line.budget_year.product_id][line.budget_year.year].add_line(line)
    return found


def category_totals(lines: list[BudgetLine]) -> dict[str, Totals]:
    by_category = {category: Totals() for category in Category.values}
    for line in lines:
        by_category[line.category].add_line(line)
    return by_category


@dataclass
class StaffCost:
    person: str
    role: str
    time_share: int
    days: Decimal
    daily_cost: Decimal | None
    cost: Decimal | None


@dataclass
class StaffEstimate:
    year: int
    rows: list[StaffCost] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((row.cost for row in self.rows if row.cost is not None), ZERO)

    @property
    def missing_costs(self) -> list[StaffCost]:
        return [row for row in self.rows if row.cost is None]


def _daily_costs() -> dict[tuple[str, int | None], Decimal]:
    return {(cost.role, cost.organisation_id): cost.amount for cost in DailyCost.objects.all()}


def daily_cost_for(costs: dict, role: str, organisation_id: int) -> Decimal | None:
    """The most precise cost set: the role in this organisation, then the role, then the organisation."""
    for key in ((role, organisation_id), (role, None), ("", organisation_id)):
        if key in costs:
            return costs[key]
    return None


def staff_estimate(product: Product, year: int) -> StaffEstimate:
    """Time shares × working days of the year spent on the team × daily cost: an estimate, not an account."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    memberships = (
        Membership.objects.filter(product=product, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("person__organisation")
        .order_by("person__last_name", "role")
    )
    costs = _daily_costs()
    estimate = StaffEstimate(year=year)
    for membership in memberships:
        first = max(start, membership.start_date)
        last = min(end, membership.end_date or end)
        fraction = Decimal((last - first).days + 1) / Decimal((end - start).days + 1)
        days = (Decimal(WORKING_DAYS) * fraction * membership.time_share / 100).quantize(Decimal("0.1"))
        daily = daily_cost_for(costs, membership.role, membership.person.organisation_id)
        estimate.rows.append(
            StaffCost(
                person=str(membership.person),
                role=membership.get_role_display(),
                time_share=membership.time_share,
                days=days,
                daily_cost=daily,
                cost=(days * daily).quantize(Decimal("1")) if daily is not None else None,
            )
        )
    return estimate


def budget_years(product: Product) -> list[BudgetYear]:
    return list(product.budget_years.order_by("-year"))


@dataclass
class PortfolioRow:
    product: Product
    totals: Totals


def _amount_sum(expression) -> Coalesce:
    return Coalesce(Sum(expression), ZERO, output_field=AMOUNT_FIELD)


def portfolio_budget(year: int, products: QuerySet[Product]) -> list[PortfolioRow]:
    """The year's totals of the products that have budget lines that year, summed by the database in one
    query: only the budgeted products are loaded, never the whole portfolio nor its lines."""
    spent = (
        SpendingEntry.objects.filter(line__budget_year=OuterRef("pk"))
        .order_by()
        .values("line__budget_year")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    budget_years = (
        BudgetYear.objects.filter(year=year, product__in=products.order_by().values("pk"))
        .filter(Exists(BudgetLine.objects.filter(budget_year=OuterRef("pk"))))
        .select_related("product__sponsor")
        .annotate(
            total_planned=_amount_sum("lines__planned"),
            total_committed=_amount_sum("lines__committed"),
            total_forecast=_amount_sum(Coalesce("lines__forecast", "lines__planned")),
            total_spent=Coalesce(Subquery(spent, output_field=AMOUNT_FIELD), ZERO, output_field=AMOUNT_FIELD),
        )
        .order_by("product__name", "product_id")
    )
    return [
        PortfolioRow(
            product=budget_year.product,
            totals=Totals(
                planned=budget_year.total_planned,
                committed=budget_year.total_committed,
                spent=budget_year.total_spent,
                forecast=budget_year.total_forecast,
            ),
        )
        for budget_year in budget_years
    ]


def grouped(rows: list[PortfolioRow], key) -> list[tuple[str, Totals]]:
    """Adds up the rows already summed by the database (one small addition per budgeted product)."""
    groups: dict[str, Totals] = defaultdict(Totals)
    for row in rows:
        groups[key(row.product)].add(row.totals)
    return sorted(groups.items())


def portfolio_categories(year: int, products: QuerySet[Product]) -> dict[str, Totals]:
    """The year's totals per category in two grouped queries (spending summed apart, so that it does not
    multiply the planned amounts)."""
    lines = BudgetLine.objects.filter(budget_year__year=year, budget_year__product__in=products.order_by().values("pk"))
    by_category = {category: Totals() for category in Category.values}
    for row in (
        lines.order_by()
        .values("category")
        .annotate(
            total_planned=_amount_sum("planned"),
            total_committed=_amount_sum("committed"),
            total_forecast=_amount_sum(Coalesce("forecast", "planned")),
        )
    ):
        totals = by_category[row["category"]]
        totals.planned, totals.committed = row["total_planned"], row["total_committed"]
        totals.forecast = row["total_forecast"]
    spent = (
        SpendingEntry.objects.filter(line__in=lines)
        .order_by()
        .values("line__category")
        .annotate(total=Sum("amount"))
        .values_list("line__category", "total")
    )
    for category, total in spent:
        by_category[category].spent = total
    return by_category


def budget_link(product: Product) -> str:
    """The sheet's budget link: the team's own page if given, else Équipage's public budget page once
    a public service has published a year; empty when there is nothing to point at."""
    if product.budget_url:
        return product.budget_url
    if product.is_public_service and BudgetYear.objects.filter(product=product, is_published=True).exists():
        return reverse("budget:public", args=[product.slug])
    return ""
