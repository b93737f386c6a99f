"""The same accessibility facts give the same declared status on the internal compliance page, the
public statistics page, the product sheet summary and the API — this test fails if any disagrees."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine

from tests.compliance.factories import AccessibilityAuditFactory, AccessibilityRecordFactory

pytestmark = pytest.mark.django_db


def _statuses(client, slug: str) -> dict[str, str]:
    internal = client.get(f"/produits/{slug}/conformite/").content.decode()
    public = client.get(f"/produits/{slug}/statistiques/").content.decode()
    api = client.get(f"/api/v1/products/{slug}/compliance/").json()
    pattern = r'data-accessibility-status="([a-z_]+)"'
    return {
        "interne": re.findall(pattern, internal)[0],
        "public": re.findall(pattern, public)[0],
        "api": api["accessibility_status"],
    }


@pytest.mark.parametrize(
    ("audit_day", "rate", "expected"),
    [
        (datetime.date(2022, 5, 1), Decimal("100"), "non_conforme"),  # four years old: lapsed (the demo case)
        (datetime.date(2026, 1, 10), Decimal("100"), "totalement_conforme"),
        (datetime.date(2026, 1, 10), Decimal("62.5"), "partiellement_conforme"),
        (None, None, "non_conforme"),
    ],
)
def test_internal_public_and_api_give_the_same_status(agent_client, product, audit_day, rate, expected):
    product.is_public_service = True
    product.save()
    if audit_day:
        AccessibilityAuditFactory(product=product, audited_on=audit_day, conformity_rate=rate)
    AccessibilityRecordFactory(product=product, statement_date=datetime.date(2026, 2, 1))
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False):
        statuses = _statuses(agent_client, product.slug)
    assert set(statuses.values()) == {expected}, statuses
