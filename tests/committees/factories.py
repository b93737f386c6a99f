"""Factories for committees, sessions, decisions and actions."""

import datetime

import factory
from factory.django import DjangoModelFactory

from equipage.committees.kinds import install_default_kinds
from equipage.committees.models import Action, CommitteeKind, Decision, Session
from tests.factories import PersonFactory, ProductFactory


def kind(code: str = "comite-pilotage") -> CommitteeKind:
    """One of the default kinds (installed by a migration; again here after a transactional test's flush)."""
    install_default_kinds(CommitteeKind)
    return CommitteeKind.objects.get(code=code)


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    kind = factory.LazyFunction(kind)
    date = datetime.date(2026, 3, 10)
    is_held = True

    @factory.post_generation
    def products(obj, create, extracted, **kwargs):
        if create:
            obj.products.set(extracted if extracted is not None else [ProductFactory()])


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    product = factory.SubFactory(ProductFactory)
    title = factory.Sequence(lambda n: f"Décision {n}")
    date = datetime.date(2026, 3, 10)
    decided_by = "Comité de pilotage"


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    decision = factory.SubFactory(DecisionFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(PersonFactory)
    due_date = datetime.date(2026, 4, 30)
