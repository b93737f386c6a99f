"""Stored deadlines stay equal to what every app's source gives, after each kind of write."""

import datetime

import pytest
from django.utils import timezone

from equipage.checks.models import StoredDeadline
from equipage.checks.store import flush, refresh_all
from equipage.core.deadlines import collect_deadlines
from equipage.registry.models import Governance, Product
from equipage.teams.roles import Role
from tests.committees.factories import ActionFactory, DecisionFactory
from tests.compliance.factories import HomologationFactory
from tests.delivery.factories import ReleaseFactory
from tests.factories import MembershipFactory, PersonFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _fresh() -> set[tuple]:
    products = list(Product.objects.active().for_listing())
    return {
        (d.product.pk, d.kind, d.key, d.date, d.label, d.url, frozenset(p.pk for p in d.owners))
        for d in collect_deadlines(products, timezone.localdate())
    }


def _stored() -> set[tuple]:
    flush()
    return {
        (row.product_id, row.kind, row.key, row.date, row.label, row.url, frozenset(p.pk for p in row.owners.all()))
        for row in StoredDeadline.objects.prefetch_related("owners")
    }


def test_stored_deadlines_follow_every_write_and_the_daily_recompute():
    owner = PersonFactory()
    product = ProductFactory(name="Atlas", governance=Governance.DNUM_OWNED)
    other = ProductFactory(name="Boussole", governance=Governance.DNUM_OWNED)
    assert _stored() == _fresh()

    MembershipFactory(product=product, person=owner, role=Role.PRODUCT_OWNER)
    homologation = HomologationFactory(product=product, decision_date=_days(-700), valid_until=_days(60))
    assert _stored() == _fresh() and _stored()

    action = ActionFactory(decision=DecisionFactory(product=other), owner=owner, due_date=_days(-5))
    release = ReleaseFactory(product=product, name="2.0", planned_date=_days(200))
    assert _stored() == _fresh()

    homologation.valid_until = _days(20)
    homologation.save()
    release.planned_date = _days(10)
    release.save()
    action.delete()
    assert _stored() == _fresh()

    product.archived_at = timezone.now()
    product.save()
    assert _stored() == _fresh()
    assert not StoredDeadline.objects.filter(product=product).exists()

    StoredDeadline.objects.all().delete()
    refresh_all()
    assert _stored() == _fresh()
