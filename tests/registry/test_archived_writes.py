"""An archived product is read-only on every write route, pages and API alike: 403 saying so, nothing written.

Each route of the permission matrix's `WRITES` is probed with its valid payload by a visitor it lets write, once
the product is archived (tests/core/test_permission_matrix.py proves the same calls write when it is not).
It fails on 106 routes when `registry.guards.require_write` stops refusing archived products.
"""

import pytest
from django.utils import timezone

from equipage.registry.models import Product
from tests.core.permission_world import Visitor, build_world
from tests.core.test_permission_matrix import FORBIDDEN, WRITES, _expected_write, _path

# Routes an archived product does not refuse, and why.
NOT_REFUSED = {
    "registry:product_restore": "restoring is what an archived product is for",
    "api:product-restore": "restoring is what an archived product is for",
    "registry:product_archive": "already archived: the page says so and writes nothing",
    "api:product-archive": "already archived: the API answers 400 and writes nothing",
    "indicators:token_revoke": "revoking a product token stays possible on an archived product",
}
# Routes about no product, or about people rather than products.
NOT_ABOUT_A_PRODUCT = {
    "accounts:person_account",
    "accounts:person_create",
    "accounts:person_edit",
    "teams:person_update",
    "core:calendar_create",
    "campaigns:create",
    "campaigns:update",
    "campaigns:close",
    "api:campaigns",
    "api:campaign-detail",
    "registry:product_create",
    "api:product-list",
}


def writer_of(route: str) -> str | None:
    return next((role for role in ("editor", "admin") if _expected_write(route, role) != FORBIDDEN), None)


@pytest.mark.django_db
def test_every_write_route_refuses_an_archived_product_and_writes_nothing():
    world = build_world()
    Product.objects.filter(pk=world.product.pk).update(archived_at=timezone.now())
    world.product.refresh_from_db()
    visitors = {role: Visitor(role, world) for role in ("editor", "admin")}
    failures, probed = [], 0
    for route in sorted(set(WRITES) - set(NOT_REFUSED) - NOT_ABOUT_A_PRODUCT):
        method, path, data, _done = WRITES[route]
        role = writer_of(route)
        path = _path(path, world, world.product.slug)
        body = data(world) if callable(data) else data
        response, written = visitors[role].send(method, path, body, multipart=not route.startswith("api:"))
        probed += 1
        if response.status_code != FORBIDDEN or written:
            failures.append(f"{route} ({role}): {method.upper()} {path} → {response.status_code}, wrote {written}")
        elif "archivé" not in response.content.decode():
            failures.append(f"{route} ({role}): refused without saying the product is archived")
    assert probed > 100
    assert failures == []
