import pytest

from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, PersonFactory, ProductFactory


@pytest.fixture
def shared_product(editor):
    """A co-responsabilité product: the editor is its responsable produit, Claire Métier its responsable métier."""
    product = ProductFactory(name="Suivi partagé", slug="suivi-partage", governance=Governance.SHARED, editors=[editor])
    MembershipFactory(
        product=product, role=Role.POLICY_OWNER, person=PersonFactory(first_name="Claire", last_name="Métier")
    )
    return product
