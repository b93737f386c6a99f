"""Every state derivation, at frozen dates."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from equipage.compliance import standards
from equipage.compliance.models import (
    AccessibilityAudit,
    AccessibilityRecord,
    EcodesignDeclaration,
    Homologation,
    ProcessingActivity,
    RenewalTrigger,
)
from equipage.compliance.states import (
    DeclaredStatus,
    HomologationState,
    StatementState,
    Status,
    declared_status,
    homologation_state,
    rgaa_state,
    rgesn_state,
    rgpd_state,
    rgs_state,
    statement_state,
)

TODAY = datetime.date(2026, 6, 15)
D = datetime.date


def test_the_rule_values_are_those_of_the_standards_in_force():
    assert standards.RGAA_VERSION == "4.1.2"
    assert standards.RGESN_CRITERIA_COUNT == 78
    assert (standards.RGAA_FULL_CONFORMITY_RATE, standards.RGAA_PARTIAL_CONFORMITY_RATE) == (100, 50)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (None, DeclaredStatus.NONE),
        (Decimal("0"), DeclaredStatus.NONE),
        (Decimal("49.99"), DeclaredStatus.NONE),
        (Decimal("50"), DeclaredStatus.PARTIAL),
        (Decimal("99.99"), DeclaredStatus.PARTIAL),
        (Decimal("100"), DeclaredStatus.FULL),
    ],
)
def test_declared_status_follows_the_conformity_rate(rate, expected):
    assert declared_status(rate) == expected


def homologation(**fields):
    values = {
        "authority": "DNUM",
        "authority_function": "Directeur du numérique",
        "decision_date": D(2024, 1, 1),
        "valid_until": D(2027, 1, 1),
    } | fields
    return Homologation(**values)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (None, HomologationState.NOT_STARTED),
        (Homologation(authority="DNUM"), HomologationState.NOT_STARTED),
        (Homologation(started_on=D(2026, 5, 1)), HomologationState.IN_PROGRESS),
        (Homologation(risk_analysis_on=D(2026, 5, 1)), HomologationState.IN_PROGRESS),
        (homologation(), HomologationState.VALID),
        (homologation(valid_until=D(2026, 9, 13)), HomologationState.EXPIRING),  # exactly 90 days ahead
        (homologation(valid_until=D(2026, 9, 14)), HomologationState.VALID),  # 91 days ahead
        (homologation(valid_until=TODAY), HomologationState.EXPIRING),  # valid through its last day
        (homologation(valid_until=D(2026, 6, 14)), HomologationState.EXPIRED),
        (
            homologation(renewal_trigger=RenewalTrigger.HOSTING_CHANGE, renewal_trigger_on=D(2026, 3, 1)),
            HomologationState.RENEWAL_DUE,
        ),
        (  # an event before the decision was taken into account by it
            homologation(renewal_trigger=RenewalTrigger.MAJOR_VERSION, renewal_trigger_on=D(2023, 6, 1)),
            HomologationState.VALID,
        ),
        (  # expiry is more serious than a renewal trigger
            homologation(
                valid_until=D(2026, 1, 1),
                renewal_trigger=RenewalTrigger.MAJOR_VERSION,
                renewal_trigger_on=D(2025, 1, 1),
            ),
            HomologationState.EXPIRED,
        ),
    ],
)
@time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)
def test_homologation_states(record, expected):
    assert homologation_state(record, TODAY) == expected


def test_the_expiry_window_is_a_setting(settings):
    settings.COMPLIANCE_EXPIRY_WINDOW_DAYS = 30
    assert homologation_state(homologation(valid_until=D(2026, 8, 1)), TODAY) == HomologationState.VALID
    settings.COMPLIANCE_EXPIRY_WINDOW_DAYS = 60
    assert homologation_state(homologation(valid_until=D(2026, 8, 1)), TODAY) == HomologationState.EXPIRING


@pytest.mark.parametrize(
    ("state", "status"),
    [
        (None, Status.MISSING),
        (homologation(), Status.DONE),
        (homologation(valid_until=D(2026, 7, 1)), Status.DUE_SOON),
        (homologation(valid_until=D(2026, 1, 1)), Status.LAPSED),
        (Homologation(started_on=D(2026, 1, 1)), Status.DUE_SOON),
    ],
)
def test_rgs_area_status(state, status):
    assert rgs_state(state, TODAY).status == status


def record(statement_date, **fields):
    return AccessibilityRecord(statement_url="https://exemple.gouv.fr/a11y", statement_date=statement_date, **fields)


def audit(day, rate="75"):
    return AccessibilityAudit(audited_on=day, auditor="X", conformity_rate=Decimal(rate))


@pytest.mark.parametrize(
    ("statement", "latest", "expected"),
    [
        (None, None, StatementState.MISSING),
        (AccessibilityRecord(statement_url="https://exemple.gouv.fr"), None, StatementState.MISSING),
        (record(D(2026, 1, 1)), None, StatementState.CURRENT),
        (record(D(2026, 1, 1)), audit(D(2025, 12, 1)), StatementState.CURRENT),
        (record(D(2026, 1, 1)), audit(D(2026, 3, 1)), StatementState.OUTDATED),  # not updated after an audit
        (record(D(2026, 1, 1)), audit(D(2026, 5, 1)), StatementState.EXPIRING),  # audit just done: update due
        (record(D(2023, 6, 15)), None, StatementState.OUTDATED),  # three years old today
        (record(D(2023, 6, 16)), None, StatementState.EXPIRING),  # three years old tomorrow
        (record(D(2023, 9, 13)), None, StatementState.EXPIRING),  # 90 days to go
        (record(D(2023, 9, 14)), None, StatementState.CURRENT),
    ],
)
def test_statement_states(statement, latest, expected):
    assert statement_state(statement, latest, TODAY) == expected


def full_plan(statement_date):
    return record(
        statement_date,
        multi_year_plan_url="https://exemple.gouv.fr/schema",
        multi_year_plan_start=D(2025, 1, 1),
        action_plan_url="https://exemple.gouv.fr/plan",
        action_plan_year=2026,
    )


@pytest.mark.parametrize(
    ("statement", "audits", "public", "status"),
    [
        (None, [], False, Status.MISSING),
        (None, [], True, Status.LAPSED),  # a public service without statement
        (None, [audit(D(2026, 1, 1))], False, Status.DONE),
        (None, [audit(D(2026, 1, 1))], True, Status.LAPSED),
        (full_plan(D(2026, 2, 1)), [audit(D(2026, 1, 1))], True, Status.DONE),
        (full_plan(D(2026, 2, 1)), [audit(D(2026, 1, 1)), audit(D(2026, 3, 1))], True, Status.LAPSED),
        (full_plan(D(2026, 2, 1)), [], True, Status.DUE_SOON),  # no audit: declared non conforme
        (record(D(2026, 2, 1)), [audit(D(2026, 1, 1))], True, Status.DUE_SOON),  # no multi-year plan
        (None, [audit(D(2023, 6, 15))], False, Status.LAPSED),  # audit three years old
        (None, [audit(D(2023, 7, 1))], False, Status.DUE_SOON),  # audit soon three years old
        (full_plan(D(2023, 6, 1)), [audit(D(2023, 5, 1))], True, Status.LAPSED),
    ],
)
def test_rgaa_area_status(statement, audits, public, status):
    assert rgaa_state(statement, audits, public, TODAY).status == status


def test_rgaa_done_says_the_declared_status():
    state = rgaa_state(full_plan(D(2026, 2, 1)), [audit(D(2026, 1, 1), "100")], True, TODAY)
    assert state.reasons == ["totalement conforme (100 %)"]


def activity(**fields):
    return ProcessingActivity(name="Comptes", in_ministry_register=True, **fields)


@pytest.mark.parametrize(
    ("activities", "status"),
    [
        ([], Status.MISSING),
        ([activity()], Status.DONE),
        ([activity(impact_assessment_required=True, impact_assessment_done_on=D(2026, 1, 1))], Status.DONE),
        ([activity(), activity(impact_assessment_required=True)], Status.LAPSED),
        ([activity(), ProcessingActivity(name="Hors registre")], Status.DUE_SOON),
    ],
)
def test_rgpd_area_status(activities, status):
    assert rgpd_state(activities).status == status


@pytest.mark.parametrize(
    ("declaration", "status"),
    [
        (None, Status.MISSING),
        (EcodesignDeclaration(), Status.MISSING),
        (EcodesignDeclaration(declared_on=D(2026, 1, 1), criteria_assessed=40), Status.DUE_SOON),
        (EcodesignDeclaration(declared_on=D(2026, 1, 1), criteria_assessed=78, criteria_met=60), Status.DONE),
    ],
)
def test_rgesn_area_status(declaration, status):
    assert rgesn_state(declaration).status == status


def test_ecodesign_score_counts_applicable_criteria_only():
    declaration = EcodesignDeclaration(criteria_assessed=78, criteria_met=35, criteria_not_applicable=8)
    assert declaration.score == 50


# --- Validation shared by pages and API (the models' clean) ---


@time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        (homologation(validity_months=60), "validity_months", "6, 12, 24 ou 36 mois"),
        (homologation(validity_months=None), "validity_months", "Choisissez la durée"),
        (homologation(authority=""), "authority", "autorité"),
        (homologation(authority_function=""), "authority_function", "fonction"),
        (homologation(exemption_case="urgence"), "exemption_justification", "Justifiez la dispense"),
        (homologation(exemption_justification="Parce que"), "exemption_case", "Choisissez le cas de dispense"),
        (homologation(exemption_case="inconnu", exemption_justification="x"), "exemption_case", "inconnu"),
        (homologation(renewal_trigger=RenewalTrigger.MAJOR_VERSION), "renewal_trigger_on", "date de l’évènement"),
        (homologation(decision_date=D(2026, 7, 1), valid_until=D(2027, 1, 1)), "decision_date", "futur"),
        (EcodesignDeclaration(criteria_assessed=79), "criteria_assessed", "78 critères"),
        (
            EcodesignDeclaration(criteria_assessed=10, criteria_met=8, criteria_not_applicable=3),
            "criteria_met",
            "dépasser",
        ),
        (AccessibilityRecord(statement_date=D(2026, 1, 1)), "statement_url", "adresse"),
        (AccessibilityAudit(audited_on=D(2026, 7, 1)), "audited_on", "futur"),
        (ProcessingActivity(cnil_formality="autorisation"), "cnil_reference", "référence"),
    ],
)
def test_invalid_records_are_refused_with_a_french_message(record, field, message):
    with pytest.raises(ValidationError) as refused:
        record.clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_the_validity_end_follows_the_chosen_duration():
    record = homologation(decision_date=D(2024, 2, 29), validity_months=36, valid_until=None)
    record.clean()
    assert record.valid_until == D(2027, 2, 28)
