"""The vigilance engine: evaluates products against the operating model, from live data.

Findings are never stored: they are computed on demand, for one product or the whole portfolio,
from facts gathered in a fixed number of queries whatever the number of products. A rule is a
plain function registered with `@rule`; it receives a product's facts and returns findings.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse
from django.utils import timezone

from equipage.compliance.selectors import Alert, compliance_alerts
from equipage.governance.matrix import (
    EffectiveMatrix,
    MatrixProblem,
    effective_matrices,
    has_active_alignment_ritual,
    validate_matrix,
)
from equipage.indicators.models import Indicator
from equipage.indicators.selectors import stale_indicators
from equipage.registry.models import Product
from equipage.selfassessment.selectors import latest_assessment_dates
from equipage.teams.models import Membership, total_time_shares


class Severity(models.TextChoices):
    BLOCKING = "bloquant", "Bloquant"
    WATCH = "a_surveiller", "À surveiller"
    INFO = "information", "Information"


SEVERITY_ORDER = {Severity.BLOCKING: 0, Severity.WATCH: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    remedy: str
    guide_url: str

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label


@dataclass
class ProductFacts:
    """Everything the rules may look at for one product, loaded in bulk for the whole portfolio."""

    product: Product
    today: datetime.date
    memberships: list[Membership] = field(default_factory=list)
    person_totals: dict[int, int] = field(default_factory=dict)
    matrix: EffectiveMatrix | None = None
    matrix_problems: list[MatrixProblem] = field(default_factory=list)
    has_alignment_ritual: bool = False
    last_self_assessment: datetime.date | None = None
    compliance_alerts: list[Alert] = field(default_factory=list)
    stale_indicators: list[Indicator] = field(default_factory=list)

    def holders(self, role: str) -> list[Membership]:
        return [membership for membership in self.memberships if membership.role == role]

    @property
    def held_roles(self) -> set[str]:
        return {membership.role for membership in self.memberships}


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    check: Callable[[ProductFacts], Iterable[tuple[str, str]]]
    guide_role: str | None = None
    short: str = ""

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


def rule(code: str, severity: Severity, title: str, guide_role: str | None = None, short: str = ""):
    """Register a rule: a function of ProductFacts yielding (message, remedy) pairs."""

    def register(check: Callable[[ProductFacts], Iterable[tuple[str, str]]]):
        if code in RULES:
            raise ValueError(f"Rule {code} is registered twice")
        RULES[code] = Rule(
            code=code, severity=severity, title=title, check=check, guide_role=guide_role, short=short or title
        )
        return check

    return register


def gather_facts(products: Iterable[Product], today: datetime.date | None = None) -> list[ProductFacts]:
    """Load the facts of many products at once: a constant number of queries."""
    today = today or timezone.localdate()
    products = list(products)
    ids = [product.pk for product in products]
    memberships = defaultdict(list)
    for membership in Membership.objects.current(today).filter(product_id__in=ids).select_related("person"):
        memberships[membership.product_id].append(membership)
    person_ids = {m.person_id for members in memberships.values() for m in members}
    totals = total_time_shares(person_ids, today)
    matrices = effective_matrices(products)
    with_ritual = has_active_alignment_ritual(ids)
    last_assessments = latest_assessment_dates(ids)
    alerts = compliance_alerts(ids, today)
    stale = stale_indicators(ids, today)

    facts = []
    for product in products:
        members = memberships[product.pk]
        matrix = matrices[product.pk]
        facts.append(
            ProductFacts(
                product=product,
                today=today,
                memberships=members,
                person_totals=totals,
                matrix=matrix,
                matrix_problems=validate_matrix(matrix, {m.role for m in members}),
                has_alignment_ritual=product.pk in with_ritual,
                last_self_assessment=last_assessments.get(product.pk),
                compliance_alerts=alerts.get(product.pk, []),
                stale_indicators=stale.get(product.pk, []),
            )
        )
    return facts


def run_rules(facts: ProductFacts) -> list[Finding]:
    findings = []
    for registered in RULES.values():
        for message, remedy in registered.check(facts):
            findings.append(
                Finding(
                    code=registered.code,
                    severity=registered.severity,
                    message=message,
                    remedy=remedy,
                    guide_url=registered.guide_url,
                )
            )
    findings.sort(key=lambda finding: (SEVERITY_ORDER[finding.severity], finding.code))
    return findings


def evaluate(products: Iterable[Product], today: datetime.date | None = None) -> dict[int, list[Finding]]:
    """Findings of each product, by product id. Archived products are not evaluated."""
    active = [product for product in products if not product.is_archived]
    return {facts.product.pk: run_rules(facts) for facts in gather_facts(active, today)}


def evaluate_product(product: Product, today: datetime.date | None = None) -> list[Finding]:
    return evaluate([product], today).get(product.pk, [])


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(Severity.values, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def iter_rules() -> Iterator[Rule]:
    return iter(RULES.values())
