"""Who may do what with compliance records. Views and API routes both call these.

Every signed-in agent reads a product's compliance record and its evidence (the platform is
internal: nothing of it is public but the accessibility status); the product's editors and
portfolio administrators change it, as long as the product is not archived.
"""

from __future__ import annotations

from equipage.registry.models import Product
from equipage.registry.permissions import can_edit_product


def can_read_compliance(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_edit_compliance(user, product: Product) -> bool:
    return can_edit_product(user, product)


def can_download_evidence(user, product: Product) -> bool:
    """Evidence is never public: only signed-in, active accounts get it, through the download view."""
    return can_read_compliance(user)
