import pytest

from equipage.teams.roles import Role
from tests.factories import MembershipFactory, UserFactory, person_for


@pytest.fixture
def member(product):
    """A developer on the product's team: writes stories, does not lead."""
    user = UserFactory(first_name="Dev", last_name="Membre")
    MembershipFactory(product=product, person=person_for(user), role=Role.DEVELOPER)
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def policy_owner(product):
    """The product's responsable métier: signs its recette off."""
    user = UserFactory(first_name="Rose", last_name="Métier")
    MembershipFactory(product=product, person=person_for(user), role=Role.POLICY_OWNER)
    return user
