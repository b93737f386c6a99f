"""A finding's owner is whoever holds the role the product's matrix makes responsible for the rule's activity."""

import datetime

import pytest
from django.urls import reverse

from equipage.checks.engine import RULES, evaluate
from equipage.checks.store import findings_by_product
from equipage.governance import matrix as domain
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, PersonFactory, ProductFactory, person_for

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


def owner_of(product, code):
    owners = {finding.owner_id for finding in findings_by_product([product.pk])[product.pk] if finding.code == code}
    assert len(owners) == 1, f"{code} should be found once on {product}"
    return owners.pop()


def test_the_coach_finding_belongs_to_the_role_the_default_matrix_makes_responsible_for_rituals(shared_product, editor):
    # Co-responsabilité: the responsable produit (the editor) answers for the rituals.
    assert RULES["COACH_ABSENT"].activity == "rituels_comites"
    assert owner_of(shared_product, "COACH_ABSENT") == person_for(editor).pk


def test_an_editor_changing_the_matrix_moves_the_findings_to_the_new_responsible(editor_client, shared_product, editor):
    claire = shared_product.memberships.get(role=Role.POLICY_OWNER).person
    matrix = domain.effective_matrix(shared_product)
    data = {f"{row.key}__{role}": row.levels.get(role, "") for row in matrix.activities for role in matrix.roles()}
    data["rituels_comites__responsable_metier"] = "responsable"
    data["rituels_comites__responsable_produit"] = "participe"
    response = editor_client.post(reverse("governance:matrix", args=[shared_product.slug]), data)
    assert response.status_code == 302
    assert owner_of(shared_product, "COACH_ABSENT") == claire.pk


def test_without_a_holder_of_the_responsible_role_the_person_the_rule_names_owns_it():
    # PM DNUM: the product manager answers for delivery, but nobody holds that role here.
    product = ProductFactory(governance=Governance.DNUM_PM)
    busy = PersonFactory()
    MembershipFactory(product=product, person=busy, role=Role.DEVELOPER, time_share=80)
    MembershipFactory(person=busy, role=Role.DEVELOPER, time_share=40)
    found = evaluate([product], TODAY)[product.pk]
    assert {f.owner_id for f in found if f.code == "MEMBRE_SURCHARGE"} == {busy.pk}


def test_without_either_the_product_lead_owns_it():
    product = ProductFactory(governance=Governance.DNUM_PM)
    MembershipFactory(product=product, role=Role.POLICY_EXPERT, time_share=0)
    lead = MembershipFactory(product=product, role=Role.PRODUCT_OWNER).person
    found = evaluate([product], TODAY)[product.pk]
    assert {f.owner_id for f in found if f.code == "EXPERT_SANS_TEMPS"} == {lead.pk}


def test_owners_of_many_products_cost_no_more_queries_than_of_one(django_assert_max_num_queries):
    def build():
        product = ProductFactory(governance=Governance.SHARED)
        MembershipFactory(product=product, role=Role.POLICY_OWNER)
        MembershipFactory(product=product, role=Role.PRODUCT_OWNER)
        return product

    one = [build()]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as single:
        evaluate(one, TODAY)
    many = one + [build() for _ in range(5)]
    domain.save_levels(
        many[1], {"rituels_comites": {Role.POLICY_OWNER: "responsable", Role.PRODUCT_OWNER: "participe"}}
    )
    with django_assert_max_num_queries(len(single.captured_queries) + 2):
        found = evaluate(many, TODAY)
    owners = {f.owner_id for f in found[many[1].pk] if f.code == "COACH_ABSENT"}
    assert owners == {many[1].memberships.get(role=Role.POLICY_OWNER).person_id}
