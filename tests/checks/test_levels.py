"""A product's level is the highest level whose rules, and those of every level below, it passes."""

import datetime

import pytest

from equipage.checks.engine import RULES, Finding
from equipage.checks.levels import (
    Area,
    Level,
    area_progress,
    compute_level,
    missing_for_next_level,
    next_level,
    rules_of_level,
)
from equipage.checks.models import FindingSummary
from equipage.checks.store import refresh
from equipage.core.vocabulary import Severity
from tests.factories import ProductFactory

TODAY = datetime.date(2026, 6, 15)
FOUNDATION_RULE = "ROLE_VACANT"
PRACTICES_RULE = "COACH_ABSENT"
EXEMPLARY_RULE = "BUDGET_NON_PUBLIE"


def finding(code: str, waived_until: datetime.date | None = None) -> Finding:
    return Finding(code, RULES[code].severity, "constat", "remède", "", waived_until=waived_until)


def test_the_example_rules_sit_at_the_level_each_test_expects():
    assert RULES[FOUNDATION_RULE].level == Level.FOUNDATION
    assert RULES[PRACTICES_RULE].level == Level.PRACTICES
    assert RULES[EXEMPLARY_RULE].level == Level.EXEMPLARY


def test_no_finding_reaches_the_last_level():
    assert compute_level([]) == Level.EXEMPLARY


def test_a_failing_rule_of_the_socle_reaches_no_level_whatever_passes_above():
    assert compute_level([finding(FOUNDATION_RULE)]) == Level.NONE


def test_a_failing_rule_of_the_practices_stops_at_the_socle():
    assert compute_level([finding(PRACTICES_RULE)]) == Level.FOUNDATION


def test_a_failing_rule_of_the_exemplary_level_stops_at_the_practices():
    assert compute_level([finding(EXEMPLARY_RULE)]) == Level.PRACTICES


def test_a_lower_failing_level_wins_over_a_higher_one():
    assert compute_level([finding(EXEMPLARY_RULE), finding(PRACTICES_RULE)]) == Level.FOUNDATION


def test_a_finding_covered_by_an_accepted_deviation_does_not_count_against_the_level():
    waived = finding(FOUNDATION_RULE, waived_until=datetime.date(2027, 6, 30))
    assert compute_level([waived]) == Level.EXEMPLARY
    assert compute_level([waived, finding(PRACTICES_RULE)]) == Level.FOUNDATION


def test_what_a_product_lacks_for_the_next_level_is_the_failing_rules_of_that_level_only():
    findings = [finding(PRACTICES_RULE), finding(EXEMPLARY_RULE)]
    assert [rule.code for rule in missing_for_next_level(findings)] == [PRACTICES_RULE]
    assert [rule.code for rule in missing_for_next_level([finding(FOUNDATION_RULE)])] == [FOUNDATION_RULE]
    assert missing_for_next_level([]) == []
    assert next_level(Level.NONE) == Level.FOUNDATION
    assert next_level(Level.EXEMPLARY) is None


def test_area_progress_counts_the_rules_passed_over_the_rules_of_each_area():
    progress = {item.area: item for item in area_progress([finding(PRACTICES_RULE), finding(PRACTICES_RULE)])}
    organisation = progress[Area.ORGANISATION]
    total = sum(1 for rule in RULES.values() if rule.area == Area.ORGANISATION)
    assert (organisation.passed, organisation.total) == (total - 1, total)
    assert organisation.text == f"{total - 1} règles respectées sur {total}"
    assert progress[Area.COMPLIANCE].passed == progress[Area.COMPLIANCE].total
    assert list(progress) == [area for area in Area if area in progress], "areas keep their order"


def test_every_level_has_rules():
    for level in (Level.FOUNDATION, Level.PRACTICES, Level.EXEMPLARY):
        assert rules_of_level(level)


@pytest.mark.django_db
def test_the_level_and_area_progress_are_stored_with_the_findings():
    product = ProductFactory()  # nobody on the team: required roles vacant, a socle rule
    refresh([product.pk], TODAY)
    summary = FindingSummary.objects.get(product=product)
    assert summary.level == Level.NONE
    assert summary.level_rank == 0
    assert summary.areas[Area.ORGANISATION][0] < summary.areas[Area.ORGANISATION][1]
    assert summary.total == summary.blocking + summary.watch + summary.info
    assert Severity.BLOCKING in {RULES[FOUNDATION_RULE].severity}
