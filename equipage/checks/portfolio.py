"""The portfolio view of the vigilance findings: products × rules, with totals, read from the stored findings.

Whatever the number of products: one query counts and sorts the products (with the page's rows),
one brings the page's findings, one totals every rule over the whole (filtered) portfolio.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from equipage.core.vocabulary import Level, Severity
from equipage.registry.models import Governance, Product

from .engine import RULES, Finding, Rule
from .store import (
    current_findings,
    findings_by_product,
    flush,
    having_severity,
    severity_counts_of,
    with_severity_counts,
)

DEFAULT_SORT = "bloquants"
SORTS = {
    "nom": "Nom du produit",
    "bloquants": "Points bloquants",
    "total": "Nombre de points",
}
ORDERINGS = {
    "nom": [Lower("name"), "pk"],
    "total": ["-n_findings", Lower("name"), "pk"],
    "bloquants": ["-n_bloquant", "-n_a_surveiller", Lower("name"), "pk"],
}


@dataclass
class PortfolioRow:
    product: Product
    findings: list[Finding]
    by_rule: dict[str, int]
    counts: dict[str, int]

    @property
    def cells(self) -> list[int]:
        """The number of findings of each rule, in the order of the table's columns."""
        return [self.by_rule.get(code, 0) for code in RULES]


def portfolio_products(products: QuerySet[Product], sort: str = "bloquants", severity: str = "") -> QuerySet[Product]:
    """The products, filtered on a severity and sorted, each annotated with its counts: one query."""
    if severity:
        products = having_severity(products, severity)
    return with_severity_counts(products).order_by(*ORDERINGS.get(sort, ORDERINGS["bloquants"]))


def portfolio_rows(products: Iterable[Product]) -> list[PortfolioRow]:
    """The rows of the products shown (already annotated), with their findings: one query."""
    products = list(products)
    findings = findings_by_product(product.pk for product in products)
    return [
        PortfolioRow(
            product=product,
            findings=findings.get(product.pk, []),
            by_rule=Counter(finding.code for finding in findings.get(product.pk, [])),
            counts=severity_counts_of(product),
        )
        for product in products
    ]


def rule_totals(products: QuerySet[Product]) -> dict:
    """For each rule, its findings and the products concerned, over all these products: one query."""
    rows = (
        current_findings()
        .filter(product__in=products.values("pk"))
        .values("code")
        .annotate(findings=Count("pk"), products=Count("product", distinct=True))
        .order_by()
    )
    by_code = {row["code"]: row for row in rows}
    totals: dict = {code: by_code.get(code, {}).get("findings", 0) for code in RULES}
    totals["_products"] = {code: by_code.get(code, {}).get("products", 0) for code in RULES}
    totals["_findings"] = sum(row["findings"] for row in rows)
    return totals


def rules() -> list[Rule]:
    return list(RULES.values())


# --- Levels: their distribution and the portfolio grouped ---


@dataclass(frozen=True)
class Grouping:
    """A way to group the portfolio: the path from a product to the group's id and the fields naming it.

    `where` (a function of the day, returning a `Q` over products) keeps the rows of the join that
    count (a current membership in a role, say); `name` builds the group's name from a row of values.
    """

    key: str
    label: str
    id_path: str
    name_paths: tuple[str, ...]
    name: Callable[[dict], str]
    none_label: str
    where: Callable[[datetime.date], Q] | None = None


GROUPINGS: dict[str, Grouping] = {}


def register_grouping(grouping: Grouping) -> None:
    """Offer a grouping of `/portefeuille/` (an app above the engine registers those it knows, like the coach)."""
    if grouping.key in GROUPINGS:
        raise ValueError(f"Portfolio grouping {grouping.key} is registered twice")
    GROUPINGS[grouping.key] = grouping


register_grouping(
    Grouping(
        key="direction",
        label="Direction",
        id_path="sponsor_id",
        name_paths=("sponsor__name", "sponsor__acronym"),
        name=lambda row: row["sponsor__acronym"] or row["sponsor__name"] or "",
        none_label="Sans direction",
    )
)
register_grouping(
    Grouping(
        key="configuration",
        label="Configuration de gouvernance",
        id_path="governance",
        name_paths=(),
        name=lambda row: dict(Governance.choices).get(row["governance"], row["governance"]),
        none_label="Sans configuration",
    )
)
OWNER_GROUPING = "responsable"
GROUPING_CHOICES_ORDER = ["direction", "configuration", "coach", OWNER_GROUPING]


def grouping_choices() -> list[tuple[str, str]]:
    keys = [key for key in GROUPING_CHOICES_ORDER if key in GROUPINGS or key == OWNER_GROUPING]
    keys += [key for key in GROUPINGS if key not in keys]
    return [(key, "Responsable des points" if key == OWNER_GROUPING else GROUPINGS[key].label) for key in keys]


def _level_counts(prefix: str = "") -> dict:
    """Count(distinct product) per level, the products never computed counting as « non atteint »."""
    pk = prefix or "pk"
    summary = f"{prefix}{'__' if prefix else ''}vigilance_summary"
    counts = {}
    for level in Level:
        condition = Q(**{f"{summary}__level": level})
        if level == Level.NONE:
            condition |= Q(**{f"{summary}__isnull": True})
        counts[f"level_{level}"] = Count(pk, filter=condition, distinct=True)
    return counts


@dataclass
class GroupRow:
    name: str
    products: int
    levels: list[int]
    blocking: int
    watch: int
    info: int
    findings: int | None = None

    @property
    def total(self) -> int:
        return self.blocking + self.watch + self.info


def level_distribution(products: QuerySet[Product]) -> list[tuple[Level, int]]:
    """How many of these products stand at each level: one query."""
    counts = products.aggregate(**_level_counts())
    return [(level, counts[f"level_{level}"]) for level in Level]


def grouped(products: QuerySet[Product], key: str, today: datetime.date | None = None) -> list[GroupRow]:
    """The products grouped (by directorate, configuration, coach… or by the owner of their findings), with
    per group: products, products per level, findings per severity. One aggregating query (two when the
    grouping goes through a relation, for the products outside every group), whatever the number of products."""
    flush()
    if key == OWNER_GROUPING:
        return _grouped_by_owner(products)
    grouping = GROUPINGS[key]
    today = today or timezone.localdate()
    aggregates = _level_counts() | {
        "n_products": Count("pk", distinct=True),
        "blocking": Coalesce(Sum("vigilance_summary__blocking"), 0),
        "watch": Coalesce(Sum("vigilance_summary__watch"), 0),
        "info": Coalesce(Sum("vigilance_summary__info"), 0),
    }
    selected = products.filter(grouping.where(today)) if grouping.where else products
    rows = selected.values(grouping.id_path, *grouping.name_paths).annotate(**aggregates).order_by()
    groups = [
        GroupRow(
            name=grouping.name(row) if row[grouping.id_path] is not None else grouping.none_label,
            products=row["n_products"],
            levels=[row[f"level_{level}"] for level in Level],
            blocking=row["blocking"],
            watch=row["watch"],
            info=row["info"],
        )
        for row in rows
    ]
    if grouping.where:
        outside = products.exclude(pk__in=selected.values("pk")).aggregate(**aggregates)
        if outside["n_products"]:
            groups.append(
                GroupRow(
                    name=grouping.none_label,
                    products=outside["n_products"],
                    levels=[outside[f"level_{level}"] for level in Level],
                    blocking=outside["blocking"],
                    watch=outside["watch"],
                    info=outside["info"],
                )
            )
    return sorted(groups, key=lambda group: (-group.products, group.name.lower()))


def _grouped_by_owner(products: QuerySet[Product]) -> list[GroupRow]:
    """Findings counting against the level, grouped by their owner: one query."""
    rows = (
        current_findings()
        .filter(product__in=products.values("pk"), waived_until__isnull=True)
        .values("owner_id", "owner__first_name", "owner__last_name")
        .annotate(
            n_products=Count("product", distinct=True),
            n_findings=Count("pk"),
            blocking=Count("pk", filter=Q(severity=Severity.BLOCKING)),
            watch=Count("pk", filter=Q(severity=Severity.WATCH)),
            info=Count("pk", filter=Q(severity=Severity.INFO)),
            **_level_counts("product"),
        )
        .order_by()
    )
    groups = [
        GroupRow(
            name=f"{row['owner__first_name']} {row['owner__last_name']}" if row["owner_id"] else "Sans responsable",
            products=row["n_products"],
            levels=[row[f"level_{level}"] for level in Level],
            blocking=row["blocking"],
            watch=row["watch"],
            info=row["info"],
            findings=row["n_findings"],
        )
        for row in rows
    ]
    return sorted(groups, key=lambda group: (-(group.findings or 0), group.name.lower()))
