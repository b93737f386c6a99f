"""The portfolio view of the vigilance findings: products × rules, with totals, read from the stored findings.

Whatever the number of products: one query counts and sorts the products (with the page's rows),
one counts the page's findings per product and rule, one totals every rule over the whole (filtered)
portfolio. Rows and groups are written by Python template tags (`checks_tags`): a page holds a hundred
products × every rule, and grouped by owner as many rows as people answering for findings.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from equipage.core.vocabulary import Level, Severity
from equipage.people.models import Person
from equipage.registry.models import Governance, Product

from .engine import RULES, Rule
from .models import FindingSummary, StoredFinding
from .store import (
    SUMMARY_FIELDS,
    current_findings,
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
    # Rows show a product's name and link: its long texts stay in the database.
    products = products.only("pk", "name", "slug")
    return with_severity_counts(products).order_by(*ORDERINGS.get(sort, ORDERINGS["bloquants"]))


def portfolio_rows(products: Iterable[Product]) -> list[PortfolioRow]:
    """The rows of the products shown (already annotated), with their number of findings per rule: one query,
    counted in the database (the page shows counts, not the findings' texts)."""
    products = list(products)
    by_product: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        current_findings()
        .filter(product_id__in=[product.pk for product in products])
        .values_list("product_id", "code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for product_id, code, count in rows:
        by_product[product_id][code] = count
    return [
        PortfolioRow(product=product, by_rule=by_product.get(product.pk, {}), counts=severity_counts_of(product))
        for product in products
    ]


def rule_totals(severity: str = "") -> dict:
    """For each rule, its findings and the products concerned, over the whole active portfolio (or its products
    with a finding of this severity): one query.

    Only active products have stored findings (`store.refresh` keeps none for an archived product), so the
    whole portfolio needs no join, and rules no longer registered are left out here rather than in the query:
    the count then reads the (code, product) index alone."""
    flush()
    findings = StoredFinding.objects.all()
    if severity:
        field = SUMMARY_FIELDS[Severity(severity)]
        findings = findings.filter(product_id__in=FindingSummary.objects.filter(**{f"{field}__gt": 0}).values("pk"))
    rows = findings.values("code").annotate(findings=Count("*"), products=Count("product", distinct=True)).order_by()
    by_code = {row["code"]: row for row in rows if row["code"] in RULES}
    totals: dict = {code: by_code.get(code, {}).get("findings", 0) for code in RULES}
    totals["_products"] = {code: by_code.get(code, {}).get("products", 0) for code in RULES}
    totals["_findings"] = sum(row["findings"] for row in by_code.values())
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


def _level_counts(prefix: str = "", distinct: bool = True) -> dict:
    """Count(product) per level, the products never computed counting as « non atteint ».

    `distinct` when the join may repeat a product within a group (a grouping through memberships)."""
    pk = prefix or "pk"
    summary = f"{prefix}{'__' if prefix else ''}vigilance_summary"
    counts = {}
    for level in Level:
        condition = Q(**{f"{summary}__level": level})
        if level == Level.NONE:
            condition |= Q(**{f"{summary}__isnull": True})
        counts[f"level_{level}"] = Count(pk, filter=condition, distinct=distinct)
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
    """How many of these products stand at each level: one query grouping them by their stored level."""
    flush()
    counts: dict[str, int] = defaultdict(int)
    for level, count in products.values_list("vigilance_summary__level").annotate(n=Count("pk")).order_by():
        counts[level or Level.NONE] += count
    return [(level, counts[level]) for level in Level]


def grouped(products: QuerySet[Product], key: str, today: datetime.date | None = None) -> list[GroupRow]:
    """The products grouped (by directorate, configuration, coach… or by the owner of their findings), with
    per group: products, products per level, findings per severity. One aggregating query (two when the
    grouping goes through a relation, for the products outside every group), whatever the number of products."""
    flush()
    if key == OWNER_GROUPING:
        return _grouped_by_owner(products)
    grouping = GROUPINGS[key]
    today = today or timezone.localdate()
    # A product's directorate or configuration is one of its columns: each product is one row of the join and
    # counts without DISTINCT. Through a relation (memberships), a product may repeat within a group.
    distinct = grouping.where is not None
    aggregates = _level_counts(distinct=distinct) | {
        "n_products": Count("pk", distinct=distinct),
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
        outside = products.exclude(pk__in=selected.values("pk")).aggregate(
            **_level_counts(distinct=False)
            | {
                "n_products": Count("pk"),
                "blocking": Coalesce(Sum("vigilance_summary__blocking"), 0),
                "watch": Coalesce(Sum("vigilance_summary__watch"), 0),
                "info": Coalesce(Sum("vigilance_summary__info"), 0),
            }
        )
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
    """Findings counting against the level, grouped by their owner: one query.

    Counted in two steps in the database, without COUNT(DISTINCT): the findings per (owner, product), then
    those rows per owner (each is one product of the owner) with the product's level and the owner's name."""
    per_product = (
        current_findings()
        .filter(product__in=products.values("pk"), waived_until__isnull=True)
        .values("owner_id", "product_id")
        .annotate(
            n=Count("*"),
            blocking=Count("pk", filter=Q(severity=Severity.BLOCKING)),
            watch=Count("pk", filter=Q(severity=Severity.WATCH)),
            info=Count("pk", filter=Q(severity=Severity.INFO)),
        )
        .order_by()
    )
    inner, params = per_product.query.sql_with_params()
    levels = ", ".join(
        "SUM(CASE WHEN s.level = %s{} THEN 1 ELSE 0 END)".format(" OR s.level IS NULL" if level == Level.NONE else "")
        for level in Level
    )
    person, summary = Person._meta.db_table, FindingSummary._meta.db_table
    # Only Django's own SQL (its values passed as parameters) and the models' table names go into the text.
    sql = (
        f"SELECT f.owner_id, p.first_name, p.last_name, COUNT(*), SUM(f.n), SUM(f.blocking), SUM(f.watch), "  # noqa: S608
        f"SUM(f.info), {levels} FROM ({inner}) f LEFT JOIN {summary} s ON s.product_id = f.product_id "
        f"LEFT JOIN {person} p ON p.id = f.owner_id GROUP BY f.owner_id, p.first_name, p.last_name"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*[str(level) for level in Level], *params])
        rows = cursor.fetchall()
    # Most findings first, then by name; two people of the same name keep the order of their ids.
    rows.sort(key=lambda row: (-row[4], f"{row[1]} {row[2]}".lower() if row[0] else "sans responsable", row[0] or 0))
    return [
        GroupRow(
            name=f"{first_name} {last_name}" if owner_id else "Sans responsable",
            products=n_products,
            levels=[int(count) for count in level_counts],
            blocking=int(blocking),
            watch=int(watch),
            info=int(info),
            findings=int(n_findings),
        )
        for owner_id, first_name, last_name, n_products, n_findings, blocking, watch, info, *level_counts in rows
    ]
