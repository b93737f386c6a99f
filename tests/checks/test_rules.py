"""One failing and one passing case for every vigilance rule."""

import datetime

import pytest

from equipage.checks.engine import RULES, evaluate_product
from equipage.governance.models import MatrixActivity, MatrixLevel, ResponsibilityMatrix, Ritual
from equipage.registry.models import Governance
from equipage.registry.services import archive_product
from equipage.selfassessment.models import SelfAssessment
from equipage.teams.roles import Role
from tests.delivery.factories import ResearchActivityFactory, RoadmapItemFactory
from tests.factories import MembershipFactory, PersonFactory, ProductFactory
from tests.indicators.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


def codes(product):
    return {finding.code for finding in evaluate_product(product, TODAY)}


def practise_delivery(product):
    """Recent user research and a roadmap tied to an objective: what delivery's rules look for."""
    ResearchActivityFactory(product=product, date=TODAY)
    RoadmapItemFactory(product=product).objectives.add(ObjectiveFactory(product=product))


def staffed(governance, roles, **overrides):
    """A product whose team holds the given roles, each held by a trained person at 60 % unless told otherwise."""
    product = ProductFactory(governance=governance)
    for role in roles:
        share = overrides.get(role, 60)
        MembershipFactory(
            product=product,
            role=role,
            time_share=share,
            person=PersonFactory(trained_in_product_methods=True),
            start_date=datetime.date(2025, 1, 1),
        )
    return product


POLICY_OWNER_PM_TEAM = [Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.PRODUCT_COACH]


def test_every_rule_has_a_stable_code_severity_and_title():
    assert len(RULES) >= 10
    for code, registered in RULES.items():
        assert code == code.upper()
        assert registered.severity in {"bloquant", "a_surveiller", "information"}
        assert registered.title


def test_a_complete_policy_owner_pm_team_meets_every_prerequisite():
    product = staffed(Governance.POLICY_OWNER_IS_PM, POLICY_OWNER_PM_TEAM, **{Role.PRODUCT_COACH: 10})
    SelfAssessment.objects.create(
        product=product, role=Role.POLICY_OWNER, respondent=PersonFactory(), answered_on=TODAY
    )
    practise_delivery(product)
    assert codes(product) == set()


def test_policy_owner_below_60_percent_is_blocking_and_60_passes():
    failing = staffed(Governance.POLICY_OWNER_IS_PM, POLICY_OWNER_PM_TEAM, **{Role.POLICY_OWNER: 40})
    passing = staffed(Governance.POLICY_OWNER_IS_PM, POLICY_OWNER_PM_TEAM, **{Role.POLICY_OWNER: 60})
    finding = next(f for f in evaluate_product(failing, TODAY) if f.code == "RM_TEMPS_INSUFFISANT")
    assert finding.severity == "bloquant"
    assert "40 %" in finding.message
    assert "RM_TEMPS_INSUFFISANT" not in codes(passing)


def test_policy_owner_time_is_not_checked_when_the_dnum_leads():
    product = staffed(Governance.DNUM_PM, [Role.PRODUCT_MANAGER, Role.POLICY_EXPERT], **{Role.POLICY_EXPERT: 20})
    MembershipFactory(product=product, role=Role.POLICY_OWNER, time_share=10)
    assert "RM_TEMPS_INSUFFISANT" not in codes(product)


def test_untrained_policy_owner_is_flagged_and_trained_one_passes():
    product = staffed(Governance.SHARED, [Role.PRODUCT_OWNER])
    untrained = MembershipFactory(
        product=product, role=Role.POLICY_OWNER, time_share=70, person=PersonFactory(trained_in_product_methods=False)
    )
    assert "RM_NON_FORME" in codes(product)
    untrained.person.trained_in_product_methods = True
    untrained.person.save()
    assert "RM_NON_FORME" not in codes(product)


def test_missing_coach_is_flagged_until_one_joins():
    product = staffed(Governance.POLICY_OWNER_IS_PM, [Role.POLICY_OWNER, Role.PRODUCT_OWNER])
    assert "COACH_ABSENT" in codes(product)
    MembershipFactory(product=product, role=Role.PRODUCT_COACH, time_share=10)
    assert "COACH_ABSENT" not in codes(product)


def test_vacant_required_role_is_blocking():
    product = staffed(Governance.DNUM_PM, [Role.POLICY_EXPERT])
    finding = next(f for f in evaluate_product(product, TODAY) if f.code == "ROLE_VACANT")
    assert "Product manager" in finding.message
    MembershipFactory(product=product, role=Role.PRODUCT_MANAGER)
    assert "ROLE_VACANT" not in codes(product)


def test_an_ended_membership_leaves_the_role_vacant():
    product = staffed(Governance.DNUM_OWNED, [])
    MembershipFactory(
        product=product,
        role=Role.PRODUCT_OWNER,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 1, 1),
    )
    assert "ROLE_VACANT" in codes(product)


def saved_matrix(product, levels: dict[str, str]):
    """Write a one-activity matrix straight to the database, as an older or imported record might be."""
    saved = ResponsibilityMatrix.objects.create(product=product, governance_basis=product.governance)
    activity = MatrixActivity.objects.create(matrix=saved, code="", label="Support", position=1)
    for role, level in levels.items():
        MatrixLevel.objects.create(activity=activity, role=role, level=level)


def test_matrix_with_two_responsibles_is_flagged_and_one_passes():
    failing = staffed(Governance.SHARED, [Role.POLICY_OWNER, Role.PRODUCT_OWNER])
    saved_matrix(failing, {Role.POLICY_OWNER: "responsable", Role.PRODUCT_OWNER: "responsable"})
    passing = staffed(Governance.SHARED, [Role.POLICY_OWNER, Role.PRODUCT_OWNER])
    saved_matrix(passing, {Role.POLICY_OWNER: "responsable", Role.PRODUCT_OWNER: "co_responsable"})
    assert "MATRICE_SANS_RESPONSABLE" in codes(failing)
    assert "MATRICE_SANS_RESPONSABLE" not in codes(passing)


def test_matrix_activity_without_responsible_is_flagged():
    product = staffed(Governance.DNUM_OWNED, [Role.PRODUCT_OWNER])
    saved_matrix(product, {Role.PRODUCT_OWNER: "participe"})
    assert "MATRICE_SANS_RESPONSABLE" in codes(product)


def test_matrix_level_for_a_role_nobody_holds_is_flagged():
    failing = staffed(Governance.DNUM_OWNED, [Role.PRODUCT_OWNER])
    saved_matrix(failing, {Role.PRODUCT_OWNER: "responsable", Role.DESIGNER: "participe"})
    passing = staffed(Governance.DNUM_OWNED, [Role.PRODUCT_OWNER, Role.DESIGNER])
    saved_matrix(passing, {Role.PRODUCT_OWNER: "responsable", Role.DESIGNER: "participe"})
    assert "MATRICE_ROLE_NON_TENU" in codes(failing)
    assert "MATRICE_ROLE_NON_TENU" not in codes(passing)


def test_shared_responsibility_needs_an_active_alignment_ritual():
    product = staffed(Governance.SHARED, [Role.POLICY_OWNER, Role.PRODUCT_OWNER])
    assert "RITUEL_ALIGNEMENT_ABSENT" in codes(product)
    Ritual.objects.create(
        product=product,
        name="Point d’alignement",
        kind="alignement",
        cadence="mensuelle",
        is_active=True,
        start_date=datetime.date(2025, 1, 1),
    )
    assert "RITUEL_ALIGNEMENT_ABSENT" not in codes(product)


def test_expert_without_time_on_a_dnum_led_product_is_flagged():
    product = staffed(Governance.DNUM_PM, [Role.PRODUCT_MANAGER])
    expert = MembershipFactory(product=product, role=Role.POLICY_EXPERT, time_share=0)
    assert "EXPERT_SANS_TEMPS" in codes(product)
    expert.time_share = 20
    expert.save()
    assert "EXPERT_SANS_TEMPS" not in codes(product)


def test_member_over_100_percent_is_flagged():
    product = staffed(Governance.DNUM_OWNED, [Role.PRODUCT_OWNER])
    busy = PersonFactory()
    MembershipFactory(product=product, person=busy, time_share=70)
    other = MembershipFactory(person=busy, time_share=40)
    assert "MEMBRE_SURCHARGE" in codes(product)
    other.time_share = 30
    other.save()
    assert "MEMBRE_SURCHARGE" not in codes(product)


def test_self_assessment_older_than_six_months_is_reported():
    product = staffed(Governance.DNUM_OWNED, [Role.PRODUCT_OWNER])
    assert "AUTODIAGNOSTIC_ABSENT" in codes(product)
    assessment = SelfAssessment.objects.create(
        product=product, role=Role.PRODUCT_OWNER, respondent=PersonFactory(), answered_on=datetime.date(2025, 11, 1)
    )
    assert "AUTODIAGNOSTIC_ABSENT" in codes(product)
    assessment.answered_on = datetime.date(2026, 3, 1)
    assessment.save()
    assert "AUTODIAGNOSTIC_ABSENT" not in codes(product)


def test_archived_products_have_no_findings():
    product = archive_product(staffed(Governance.DNUM_PM, []), user=None)
    assert codes(product) == set()


def test_stale_indicator_is_flagged_and_a_fresh_one_passes():
    from tests.indicators.factories import IndicatorFactory, MeasurementFactory

    stale = IndicatorFactory(name="Taux de recours")
    MeasurementFactory(indicator=stale, date=datetime.date(2026, 1, 1))
    fresh = IndicatorFactory(name="Délai moyen")
    MeasurementFactory(indicator=fresh, date=datetime.date(2026, 6, 1))
    finding = next(f for f in evaluate_product(stale.product, TODAY) if f.code == "INDICATEUR_PERIME")
    assert "Taux de recours" in finding.message
    assert "INDICATEUR_PERIME" not in codes(fresh.product)
