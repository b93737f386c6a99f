import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from equipage.campaigns.models import Campaign
from equipage.campaigns.services import save_campaign
from equipage.campaigns.validation import CampaignData
from equipage.checks.models import StoredFinding
from equipage.checks.store import refresh_all
from equipage.core.vocabulary import Severity
from tests.factories import AdminFactory, OrganisationFactory, PersonFactory, ProductFactory

CODE = "MEMBRE_SURCHARGE"


def fail(product, owner=None, code=CODE):
    """The product fails the rule today (its stored finding, as the engine would write it)."""
    return StoredFinding.objects.create(
        product=product,
        code=code,
        severity=Severity.WATCH,
        rank=1,
        message="Constat",
        remedy="Remède",
        owner=owner,
        computed_on=timezone.localdate(),
    )


@dataclass
class World:
    north: object
    south: object
    products: list
    owners: list
    admin: object


@pytest.fixture
def world(db):
    """Four products: three of the northern directorate (two public services), one of the southern; the first
    two fail the campaign's rule, owned by two people."""
    north, south = OrganisationFactory(name="Direction du Nord"), OrganisationFactory(name="Direction du Sud")
    products = [
        ProductFactory(name="Alpha", sponsor=north, public_service=True),
        ProductFactory(name="Bêta", sponsor=north, public_service=True),
        ProductFactory(name="Gamma", sponsor=north),
        ProductFactory(name="Delta", sponsor=south),
    ]
    refresh_all()
    StoredFinding.objects.filter(code=CODE).delete()
    owners = [PersonFactory(first_name="Olga"), PersonFactory(first_name="Omar")]
    fail(products[0], owners[0])
    fail(products[1], owners[1])
    return World(north, south, products, owners, AdminFactory())


def open_campaign(world, **changes) -> Campaign:
    data = CampaignData(
        title="Surcharge résorbée",
        rule_codes=[CODE],
        directorate_ids=[world.north.pk],
        target=80,
        deadline=timezone.localdate() + datetime.timedelta(days=60),
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return save_campaign(world.admin, data, timezone.localdate())
