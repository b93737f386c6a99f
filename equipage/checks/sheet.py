"""What the product sheet shows of the vigilance: the level, the progress per area, what the next level
lacks, and each finding with its owner — findings covered by an accepted deviation apart. One query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from equipage.core.vocabulary import Level
from equipage.registry.models import Product

from .engine import RULES, Rule
from .levels import AreaProgress, area_progress, compute_level, missing_for_next_level, next_level
from .store import _as_finding, current_findings

LEVEL_TONES = {Level.NONE: "error", Level.FOUNDATION: "info", Level.PRACTICES: "new", Level.EXEMPLARY: "success"}


@dataclass(frozen=True)
class SheetFinding:
    code: str
    severity: str
    severity_label: str
    title: str
    message: str
    remedy: str
    guide_url: str
    owner: str
    waived_until: datetime.date | None


@dataclass
class ProductLevel:
    level: Level
    areas: list[AreaProgress]
    next_level: Level | None
    missing: list[Rule]
    findings: list[SheetFinding] = field(default_factory=list)
    waived: list[SheetFinding] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def tone(self) -> str:
        return LEVEL_TONES[self.level]

    @property
    def next_level_label(self) -> str:
        return Level(self.next_level).label if self.next_level else ""


def product_level(product: Product) -> ProductLevel:
    """The product's level and findings as the sheet shows them (one query, owners joined)."""
    rows = (
        list(current_findings().filter(product=product).select_related("owner").order_by("rank", "code", "position"))
        if not product.is_archived
        else []
    )
    findings = [_as_finding(row) for row in rows]
    level = compute_level(findings)
    shown = []
    for row, finding in zip(rows, findings, strict=True):
        registered = RULES[row.code]
        shown.append(
            SheetFinding(
                code=row.code,
                severity=finding.severity,
                severity_label=finding.severity_label,
                title=registered.title,
                message=row.message,
                remedy=row.remedy,
                guide_url=finding.guide_url,
                owner=str(row.owner) if row.owner else "",
                waived_until=row.waived_until,
            )
        )
    return ProductLevel(
        level=level,
        areas=area_progress(findings),
        next_level=next_level(level),
        missing=missing_for_next_level(findings, level),
        findings=[item for item in shown if item.waived_until is None],
        waived=[item for item in shown if item.waived_until is not None],
    )
