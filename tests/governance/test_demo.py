import datetime

import pytest

from equipage.governance import matrix as domain
from equipage.governance.demo import load_demo_governance
from equipage.governance.models import MatrixActivity, MatrixLevel, ResponsibilityMatrix, Ritual
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, ProductFactory

pytestmark = pytest.mark.django_db

TEAMS = {
    # slug: (configuration, roles held)
    "mon-parcours-emploi": (
        Governance.POLICY_OWNER_IS_PM,
        [Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.PRODUCT_COACH, Role.DEVELOPER, Role.DESIGNER],
    ),
    "aides-inclusion": (Governance.SHARED, [Role.POLICY_OWNER, Role.PRODUCT_OWNER]),
    "suivi-controles": (Governance.SHARED, [Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.PRODUCT_COACH]),
    "formation-competences": (Governance.SHARED, [Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.PRODUCT_COACH]),
    "registre-accords": (Governance.DNUM_PM, [Role.PRODUCT_MANAGER, Role.POLICY_EXPERT]),
}


@pytest.fixture
def products():
    products = {}
    for slug, (governance, roles) in TEAMS.items():
        products[slug] = ProductFactory(slug=slug, governance=governance)
        for role in roles:
            MembershipFactory(product=products[slug], role=role, start_date=datetime.date(2024, 1, 1))
    return products


def counts():
    return (
        Ritual.objects.count(),
        ResponsibilityMatrix.objects.count(),
        MatrixActivity.objects.count(),
        MatrixLevel.objects.count(),
        Ritual.history.count(),
        MatrixLevel.history.count(),
    )


def test_demo_governance_tells_its_stories(products):
    load_demo_governance(products)
    aligned = domain.has_active_alignment_ritual([p.pk for p in products.values()])
    assert aligned == {products["suivi-controles"].pk, products["formation-competences"].pk}
    assert Ritual.objects.filter(product=products["mon-parcours-emploi"], kind="demo", cadence="hebdomadaire").exists()

    formation = products["formation-competences"]
    problems = domain.validate_matrix(domain.effective_matrix(formation), domain.held_roles(formation))
    assert [(p.code, p.activity) for p in problems] == [("plusieurs_responsables", "vision")]

    parcours = products["mon-parcours-emploi"]
    matrix = domain.effective_matrix(parcours)
    assert matrix.basis == Governance.DNUM_PM
    assert matrix.is_outdated_for(parcours)
    assert domain.validate_matrix(matrix, domain.held_roles(parcours)) == []
    # The proposal can be adopted as is, and keeps the activity the team added.
    adopted = domain.adopt_configuration_default(parcours)
    assert adopted.activities[-1].label == "Animer la recherche utilisateur"


def test_running_it_again_creates_nothing(products):
    load_demo_governance(products)
    before = counts()
    load_demo_governance(products)
    assert counts() == before


def test_missing_products_are_skipped():
    load_demo_governance({})
    assert counts() == (0, 0, 0, 0, 0, 0)
