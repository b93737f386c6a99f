import pytest

from equipage.checks.store import flush
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, PersonFactory, ProductFactory, UserFactory, person_for


@pytest.fixture
def coach_user(db):
    return UserFactory(first_name="Camille", last_name="Coach")


@pytest.fixture
def coached(editor, coach_user):
    """A co-responsabilité product whose responsable métier gives 50 % (a socle finding), its editor being the
    responsable produit and Camille its coach produit."""
    product = ProductFactory(name="Suivi partagé", slug="suivi-partage", governance=Governance.SHARED, editors=[editor])
    MembershipFactory(product=product, role=Role.POLICY_OWNER, person=PersonFactory(trained_in_product_methods=True))
    MembershipFactory(product=product, role=Role.PRODUCT_COACH, person=person_for(coach_user))
    flush()
    return product


RULE = "RM_TEMPS_INSUFFISANT"  # the product's only socle finding: the responsable métier at 50 %
