"""Maturity levels: each vigilance rule belongs to an area and to one of three levels.

A product's level is the highest level whose rules, and those of every level below, it passes: no
finding of those rules counts against it (a finding covered by an accepted deviation does not
count). A product failing a rule of the socle has reached no level (`Level.NONE`, « Non atteint »).
Its progress per area is the number of the area's rules it passes over the area's rules.

The level and the per-area progress are computed with the findings and stored with them in
`FindingSummary` (`store.py`), so portfolio pages read them in one query:

    from equipage.checks.levels import Area, Level, compute_level, area_progress, rules_of_level

    compute_level(findings)          # -> Level
    area_progress(findings)          # -> [AreaProgress(area, passed, total), …] in `Area` order
    rules_of_level(Level.PRACTICES)  # -> [Rule, …] belonging to that level
    next_level(Level.FOUNDATION)     # -> Level.PRACTICES (None after the last level)
    missing_for_next_level(findings) # -> the rules of the next level the product fails

`FindingSummary.level` (a `Level` value) and `FindingSummary.level_rank` (0 to 3) hold the stored level.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from equipage.core.french import number
from equipage.core.vocabulary import LEVEL_RANK, RULE_LEVELS, Area, Level

from .engine import RULES, Finding, Rule

__all__ = [
    "LEVEL_RANK",
    "RULE_LEVELS",
    "Area",
    "AreaProgress",
    "Level",
    "area_progress",
    "compute_level",
    "failing_codes",
    "missing_for_next_level",
    "next_level",
    "rules_of_area",
    "rules_of_level",
]


def rules_of_level(level: str) -> list[Rule]:
    """The rules registered at this level (not those below)."""
    return [registered for registered in RULES.values() if registered.level == level]


def rules_of_area(area: str) -> list[Rule]:
    return [registered for registered in RULES.values() if registered.area == area]


def next_level(level: str) -> Level | None:
    """The level after this one, or None once the last is reached."""
    rank = LEVEL_RANK[Level(level)]
    return RULE_LEVELS[rank] if rank < len(RULE_LEVELS) else None


def failing_codes(findings: Iterable[Finding]) -> set[str]:
    """The codes of the rules with at least one finding counting against the level."""
    return {finding.code for finding in findings if finding.waived_until is None}


def compute_level(findings: Iterable[Finding]) -> Level:
    """The highest level whose rules, and those of every level below, have no finding counting against it."""
    failing = failing_codes(findings)
    failing_levels = {RULES[code].level for code in failing if code in RULES}
    reached = Level.NONE
    for level in RULE_LEVELS:
        if level in failing_levels:
            break
        reached = level
    return reached


@dataclass(frozen=True)
class AreaProgress:
    area: Area
    passed: int
    total: int

    @property
    def label(self) -> str:
        return Area(self.area).label

    @property
    def percent(self) -> int:
        return round(100 * self.passed / self.total) if self.total else 100

    @property
    def text(self) -> str:
        """The figure said in words, for those who do not see the bar: « 4 règles respectées sur 5 »."""
        passed = "règle respectée" if self.passed < 2 else "règles respectées"
        return f"{number(self.passed)} {passed} sur {number(self.total)}"


def area_progress(findings: Iterable[Finding]) -> list[AreaProgress]:
    """For each area, in order, the number of its rules passed (no finding counting) over its rules."""
    failing = failing_codes(findings)
    progress = []
    for area in Area:
        codes = [registered.code for registered in RULES.values() if registered.area == area]
        if codes:
            progress.append(AreaProgress(area, sum(code not in failing for code in codes), len(codes)))
    return progress


def progress_from_stored(stored: dict | None) -> list[AreaProgress]:
    """The per-area progress as `FindingSummary.areas` stores it ({area: [passed, total]})."""
    stored = stored or {}
    return [AreaProgress(Area(area), *stored[area]) for area in Area.values if area in stored]


def progress_to_stored(progress: Iterable[AreaProgress]) -> dict:
    return {str(item.area): [item.passed, item.total] for item in progress}


def missing_for_next_level(findings: Iterable[Finding], level: str | None = None) -> list[Rule]:
    """The rules of the next level (after the product's) that it fails: what it lacks to reach it.

    When the product has reached no level, those of the socle."""
    findings = list(findings)
    level = level or compute_level(findings)
    target = next_level(level)
    if target is None:
        return []
    failing = failing_codes(findings)
    return [registered for registered in rules_of_level(target) if registered.code in failing]
