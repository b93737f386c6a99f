"""Factories and helpers for the governance tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from equipage.governance.defaults import REQUIRED_ROLES
from equipage.governance.models import Cadence, Ritual, RitualKind
from equipage.registry.models import Product
from equipage.teams.models import Membership
from tests.factories import MembershipFactory, PersonFactory, ProductFactory


class RitualFactory(DjangoModelFactory):
    class Meta:
        model = Ritual

    product = factory.SubFactory(ProductFactory)
    name = factory.Sequence(lambda n: f"Rituel {n}")
    kind = RitualKind.DEMO
    cadence = Cadence.WEEKLY
    is_active = True
    start_date = factory.LazyFunction(lambda: datetime.date(2025, 1, 6))


def staff(product: Product, *roles: str, **person_kwargs) -> list[Membership]:
    """Give each role to a new person, currently, on the product's team."""
    return [MembershipFactory(product=product, role=role, person=PersonFactory(**person_kwargs)) for role in roles]


def staffed_product(governance: str, **kwargs) -> Product:
    """A product of that configuration whose required roles are all currently held."""
    product = ProductFactory(governance=governance, **kwargs)
    held = set(Membership.objects.current().filter(product=product).values_list("role", flat=True))
    staff(product, *[role for role in REQUIRED_ROLES[governance] if role not in held])
    return product
