"""Factories shared by every app's tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from equipage.accounts.models import User
from equipage.people.models import Organisation, Person
from equipage.registry.models import Governance, Phase, Product
from equipage.teams.models import Membership
from equipage.teams.roles import Role

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

    class Params:
        # ProductFactory(archived=True): archived, read-only.
        archived = factory.Trait(
            archived_at=factory.LazyFunction(lambda: datetime.datetime(2025, 6, 1, 9, 0, tzinfo=datetime.UTC))
        )
        # ProductFactory(public_service=True): a public digital service, with its address.
        public_service = factory.Trait(is_public_service=True, service_url="https://demarche.exemple.gouv.fr/")

    @factory.post_generation
    def editors(obj, create, extracted, **kwargs):
        """Make each given account an editor: a current product-leading role on the team."""
        for user in extracted or []:
            MembershipFactory(product=obj, person=person_for(user), role=Role.PRODUCT_OWNER)

    @factory.post_generation
    def fully_staffed(obj, create, extracted, **kwargs):
        """ProductFactory(fully_staffed=True): every role its governance configuration requires is held today."""
        if not extracted:
            return
        from equipage.governance.defaults import REQUIRED_ROLES

        held = set(Membership.objects.current().filter(product=obj).values_list("role", flat=True))
        for role in REQUIRED_ROLES[obj.governance]:
            if role not in held:
                MembershipFactory(product=obj, role=role)


def person_for(user: User) -> Person:
    """The person record of an account, created on first use."""
    person = Person.objects.filter(user=user).first()
    return person or PersonFactory(user=user, email=user.email, first_name=user.first_name, last_name=user.last_name)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    product = factory.SubFactory(ProductFactory)
    role = Role.DEVELOPER
    time_share = 50
    start_date = factory.LazyFunction(lambda: datetime.date(2025, 1, 1))


def personal_token(user: User, days: int = 90) -> str:
    """A personal API token's secret, for `Authorization: Token <secret>`."""
    from django.utils import timezone

    from equipage.accounts.tokens import issue_token

    token, secret = issue_token(user, name="Jeton de test", days=days)
    # As if just used: the last-used date is written at most once a minute, so query counts stay those of reads.
    type(token).objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return secret
