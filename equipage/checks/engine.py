"""The vigilance engine: evaluates products against the operating model.

The engine knows no domain app. Each app registers, in its own `rules.py` (discovered when the
`checks` app is ready):

- its *facts* with `@fact("name")`: a loader receiving a `Batch` (the products evaluated, the
  day) and returning `{product_id: value}` for the whole batch in a fixed number of queries, its
  rows filtered on `batch.scope` (a subquery for the whole portfolio, never a long list of ids);
- its *rules* with `@rule("CODE", Severity.X, "Title", area=Area.X, level=Level.X, activity="code")`:
  a function of one product's `ProductFacts` yielding `(message, remedy)` pairs, or
  `(message, remedy, person)` to name the person concerned. Each code is registered once, with one
  severity, one area and one level (see `levels.py`), and names the activity of the responsibility
  matrix it concerns: the finding's owner is whoever holds the role the product's matrix makes
  responsible for it (the `finding_owners` fact, registered by governance), else the person the
  rule names, else the product's lead.

A fact also declares the models it reads (`watch={Model: products_of_instance}`): when a row of
one of them is written, the findings of the products it touches are recomputed and stored (see
`store.py`).

A rule reads facts as attributes (`facts.memberships`); each fact is loaded once per batch, on
first use, for every product of the batch, so the number of queries does not grow with the
number of products. A loader may read another fact with `batch.get("name")`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from equipage.core.vocabulary import RULE_LEVELS, SEVERITY_ORDER, Area, Level, Severity
from equipage.registry.models import Product

__all__ = [
    "FACTS",
    "OWNERS_FACT",
    "RULES",
    "WAIVERS_FACT",
    "Batch",
    "Finding",
    "ProductFacts",
    "ProductOwners",
    "Rule",
    "Severity",
    "evaluate",
    "evaluate_batch",
    "evaluate_product",
    "fact",
    "iter_rules",
    "rule",
    "severity_counts",
]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    remedy: str
    guide_url: str
    owner_id: int | None = None
    # The end date of an accepted deviation (dérogation) covering it: it then does not count against the level.
    waived_until: datetime.date | None = None

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def rule(self) -> Rule | None:
        return RULES.get(self.code)

    @property
    def counts(self) -> bool:
        """Whether it counts against the product's level (no accepted deviation covers it)."""
        return self.waived_until is None


# --- Facts ---


# A function of a written (or deleted) row returning the ids of the products whose facts it changes.
ProductsOf = Callable[[Any], Iterable[int]]


@dataclass(frozen=True)
class Fact:
    name: str
    load: Callable[[Batch], Mapping[int, Any]]
    default: Callable[[], Any]
    watch: Mapping[type, ProductsOf] = field(default_factory=dict)


FACTS: dict[str, Fact] = {}


def fact(name: str, default: Callable[[], Any] = lambda: None, watch: Mapping[type, ProductsOf] | None = None):
    """Register a fact loader: a function of a `Batch` returning {product_id: value}.

    Products missing from the result get `default()` (for example `list` for an empty list).
    `watch` maps each model the fact reads to a function of a row of it returning the ids of the
    products it concerns (several when a rule spans products, like a person's total time share).
    """

    def register(load: Callable[[Batch], Mapping[int, Any]]):
        if name in FACTS:
            raise ValueError(f"Fact {name} is registered twice")
        FACTS[name] = Fact(name=name, load=load, default=default, watch=dict(watch or {}))
        return load

    return register


def watched_models() -> dict[type, list[ProductsOf]]:
    """Every model some fact reads, with the functions telling which products a row of it concerns."""
    watched: dict[type, list[ProductsOf]] = {}
    for registered in FACTS.values():
        for model, products_of in registered.watch.items():
            watched.setdefault(model, []).append(products_of)
    return watched


class Batch:
    """The products evaluated together and the day they are evaluated for; facts are loaded once each.

    Loaders filter their rows on `batch.scope` (`product_id__in=batch.scope`): by default the list of
    the products' ids, right for the few products a write refreshes; the full recompute passes the
    queryset that selects its products (`scope=products.values("pk")`), so that each fact's query
    carries a subquery (`IN (SELECT id FROM registry_product WHERE …)`) instead of thousands of ids.
    `batch.ids` stays the list of ids, for Python-side use.
    """

    def __init__(self, products: Iterable[Product], today: datetime.date, scope: QuerySet | None = None):
        self.products = list(products)
        self.ids = [product.pk for product in self.products]
        self.scope: list[int] | QuerySet = scope if scope is not None else self.ids
        self.today = today
        self._loaded: dict[str, Mapping[int, Any]] = {}

    def get(self, name: str) -> Mapping[int, Any]:
        if name not in self._loaded:
            if name not in FACTS:
                raise LookupError(f"Unknown fact {name!r}: register it with @fact in the app that owns it")
            self._loaded[name] = FACTS[name].load(self) if self.ids else {}
        return self._loaded[name]

    def value(self, name: str, product_id: int) -> Any:
        values = self.get(name)
        return values[product_id] if product_id in values else FACTS[name].default()


class ProductFacts:
    """One product's facts, read as attributes: `facts.product`, `facts.today`, `facts.<fact name>`."""

    def __init__(self, batch: Batch, product: Product):
        self.batch = batch
        self.product = product
        self.today = batch.today

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in FACTS:
            raise AttributeError(f"ProductFacts has no fact {name!r}; registered facts: {', '.join(sorted(FACTS))}")
        value = self.batch.value(name, self.product.pk)
        setattr(self, name, value)
        return value


# --- Rules ---


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    check: Callable[[ProductFacts], Iterable[tuple]]
    guide_role: str | None = None
    short: str = ""
    area: Area = Area.ORGANISATION
    level: Level = Level.FOUNDATION
    activity: str = ""
    # The page where the remedy is applied: (link label, URL name taking the product's slug, anchor).
    action: tuple[str, str, str] | None = None

    def action_link(self, slug: str) -> tuple[str, str] | None:
        """The remedy's link for one product: (label, URL), or None when the rule has no page to point to."""
        if self.action is None:
            return None
        label, url_name, anchor = self.action
        return label, reverse(url_name, args=[slug]) + (f"#{anchor}" if anchor else "")

    def get_area_display(self) -> str:
        return Area(self.area).label

    def get_level_display(self) -> str:
        return Level(self.level).label

    def get_severity_display(self) -> str:
        return Severity(self.severity).label

    @property
    def guide_url(self) -> str:
        return _guide_url(self.guide_role)


@functools.lru_cache(maxsize=64)
def _guide_url(role: str | None) -> str:
    """Reversed once per role: the portfolio asks for it thousands of times."""
    if role:
        return reverse("teams:role_guide", args=[role.replace("_", "-")])
    return reverse("teams:guide_index")


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    severity: Severity,
    title: str,
    guide_role: str | None = None,
    short: str = "",
    *,
    area: Area | None = None,
    level: Level | None = None,
    activity: str = "",
    action: tuple[str, str, str] | None = None,
):
    """Register a rule: a function of ProductFacts yielding (message, remedy) pairs.

    `action` names the page where the remedy is applied — (link label, URL name taking the product's
    slug, anchor) — linked beside the remedy.

    `area` and `level` are required: they place the rule in the maturity levels (`levels.py`);
    `activity` is the code of the responsibility matrix's activity it concerns (governance's
    `ACTIVITIES`), whose responsible answers for its findings.
    """
    if severity not in Severity.values:
        raise ValueError(f"Rule {code}: unknown severity {severity!r}")
    if area not in Area.values:
        raise ValueError(
            f"Rule {code}: declare its area with area=Area.… (one of {', '.join(Area.values)}; "
            f"equipage.core.vocabulary.Area), got {area!r}"
        )
    if level not in RULE_LEVELS:
        raise ValueError(
            f"Rule {code}: declare its level with level=Level.FOUNDATION, Level.PRACTICES or Level.EXEMPLARY "
            f"(equipage.core.vocabulary.Level), got {level!r}"
        )

    def register(check: Callable[[ProductFacts], Iterable[tuple[str, str]]]):
        if code in RULES:
            raise ValueError(f"Rule {code} is registered twice")
        RULES[code] = Rule(
            code=code,
            severity=Severity(severity),
            title=title,
            check=check,
            guide_role=guide_role,
            short=short or title,
            area=Area(area),
            level=Level(level),
            activity=activity,
            action=action,
        )
        return check

    return register


def get_rule(code: str) -> Rule:
    """The rule registered under this code; an unknown code is an error, never silently dropped."""
    try:
        return RULES[code]
    except KeyError:
        raise LookupError(f"No vigilance rule is registered under the code {code!r}") from None


def iter_rules() -> Iterator[Rule]:
    return iter(RULES.values())


# --- Owners and accepted deviations ---


@dataclass(frozen=True)
class ProductOwners:
    """Who answers for a product's findings: the person holding the responsible role of each activity
    of its matrix ({activity code: person id}), and its lead when no activity settles it."""

    by_activity: Mapping[str, int] = field(default_factory=dict)
    lead_id: int | None = None


# The fact (registered by an app above the engine) giving each product's `ProductOwners`.
OWNERS_FACT = "finding_owners"
# The fact giving each product's accepted deviations in force on the day: {rule code: end date}.
WAIVERS_FACT = "accepted_deviations"


def _optional_fact(facts: ProductFacts, name: str) -> Any:
    return facts.batch.value(name, facts.product.pk) if name in FACTS else None


def resolve_owner(registered: Rule, owners: ProductOwners | None, named: Any = None) -> int | None:
    """The owner of a finding: the matrix's responsible for the rule's activity, else the person the rule
    names, else the product's lead."""
    if owners is not None and registered.activity and registered.activity in owners.by_activity:
        return owners.by_activity[registered.activity]
    if named is not None:
        return named.pk
    return owners.lead_id if owners is not None else None


# --- Evaluation ---


def run_rules(facts: ProductFacts) -> list[Finding]:
    findings = []
    owners = _optional_fact(facts, OWNERS_FACT)
    waivers = _optional_fact(facts, WAIVERS_FACT) or {}
    for registered in RULES.values():
        for message, remedy, *named in registered.check(facts):
            findings.append(
                Finding(
                    code=registered.code,
                    severity=registered.severity,
                    message=message,
                    remedy=remedy,
                    guide_url=registered.guide_url,
                    owner_id=resolve_owner(registered, owners, named[0] if named else None),
                    waived_until=waivers.get(registered.code),
                )
            )
    findings.sort(key=lambda finding: (SEVERITY_ORDER[finding.severity], finding.code))
    return findings


def gather_facts(products: Iterable[Product], today: datetime.date | None = None) -> list[ProductFacts]:
    batch = Batch(products, today or timezone.localdate())
    return [ProductFacts(batch, product) for product in batch.products]


def evaluate(products: Iterable[Product], today: datetime.date | None = None) -> dict[int, list[Finding]]:
    """Findings of each product, by product id. Archived products are not evaluated."""
    active = [product for product in products if not product.is_archived]
    return evaluate_batch(Batch(active, today or timezone.localdate()))


def evaluate_batch(batch: Batch) -> dict[int, list[Finding]]:
    """Findings of each product of a batch, by product id; the batch keeps its loaded facts for other uses."""
    return {product.pk: run_rules(ProductFacts(batch, product)) for product in batch.products}


def evaluate_product(product: Product, today: datetime.date | None = None) -> list[Finding]:
    return evaluate([product], today).get(product.pk, [])


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(Severity.values, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts
