"""Who may do what with compliance records. Views and API routes both call these.

Every signed-in agent reads a product's compliance record and its evidence (the platform is
internal: nothing of it is public but the accessibility status); the product's editors and
portfolio administrators change it, as long as the product is not archived. Besides them, the
product's RSSI (a current team role) changes the homologation, its measures and opinions, and its
DPO the processing register and the AIPD. These plug into the product guard as `may_write` rules.
"""

from __future__ import annotations

from equipage.registry.models import Product
from equipage.registry.permissions import can_edit_product


def can_read_compliance(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_edit_compliance(user, product: Product) -> bool:
    return can_edit_product(user, product)


def _holds(user, product: Product | None, role: str) -> bool:
    if product is None or not user.is_authenticated or not user.is_active:
        return False
    from equipage.teams.models import Membership

    return Membership.objects.current().filter(person__user=user, product=product, role=role).exists()


def can_edit_security(user, product: Product | None, obj=None) -> bool:
    """The homologation, its measures and opinions: the product's editors and its RSSI."""
    from equipage.teams.roles import Role

    return product is not None and (can_edit_product(user, product) or _holds(user, product, Role.SECURITY_OFFICER))


def can_edit_data_protection(user, product: Product | None, obj=None) -> bool:
    """The processing register and the AIPD: the product's editors and its DPO."""
    from equipage.teams.roles import Role

    return product is not None and (
        can_edit_product(user, product) or _holds(user, product, Role.DATA_PROTECTION_OFFICER)
    )


def can_download_evidence(user, product: Product) -> bool:
    """Evidence is never public: only signed-in, active accounts get it, through the download view."""
    return can_read_compliance(user)
