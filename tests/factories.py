"""Factories shared by every app's tests."""

import factory
from factory.django import DjangoModelFactory

from equipage.accounts.models import User
from equipage.people.models import Organisation, Person
from equipage.registry.models import Governance, Phase, Product

TEST_PASSWORD = "un-mot-de-passe-de-test"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@ministere.example")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AdminFactory(UserFactory):
    is_portfolio_admin = True


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Direction métier {n}")
    acronym = factory.Sequence(lambda n: f"DM{n}")
    kind = Organisation.Kind.POLICY_DIRECTORATE


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Personne{n}")
    email = factory.Sequence(lambda n: f"personne{n}@ministere.example")
    organisation = factory.SubFactory(OrganisationFactory)


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Produit {n}")
    slug = factory.Sequence(lambda n: f"produit-{n}")
    pitch = "Un service qui simplifie une démarche."
    sponsor = factory.SubFactory(OrganisationFactory)
    phase = Phase.CONSTRUCTION
    governance = Governance.DNUM_PM

    @factory.post_generation
    def editors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.editors.add(*extracted)
