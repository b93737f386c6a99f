"""Who may do what with deviations.

- ask to accept a finding: the product's editors (and portfolio administrators);
- approve or refuse: a current coach produit of the product, or a portfolio administrator — never the
  person who asked;
- revoke an accepted deviation or withdraw a request: the product's editors, its coaches and administrators.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from equipage.registry.models import Product
from equipage.registry.permissions import can_edit_product
from equipage.teams.models import Membership
from equipage.teams.roles import Role

from .models import Deviation

NOT_AN_EDITOR = "Seuls les éditeurs du produit demandent une dérogation."
NOT_AN_APPROVER = "Seuls un coach produit du produit ou un administrateur du portefeuille décident d’une dérogation."
OWN_REQUEST = "Vous avez demandé cette dérogation : une autre personne doit la décider."
NOT_A_REVOKER = "Seuls les éditeurs du produit, ses coachs et les administrateurs révoquent une dérogation."


def is_coach(user, product: Product) -> bool:
    if not user.is_authenticated:
        return False
    return (
        Membership.objects.current(timezone.localdate())
        .filter(product=product, role=Role.PRODUCT_COACH, person__user=user)
        .exists()
    )


def may_approve(user, product: Product | None, deviation: Deviation | None = None) -> bool:
    """A coach produit of the product or an administrator; never the person who asked (refused saying so)."""
    if product is None or not user.is_authenticated or not user.is_active:
        return False
    if not (user.is_administrator or is_coach(user, product)):
        return False
    if deviation is not None and deviation.requested_by_id == user.pk:
        raise PermissionDenied(OWN_REQUEST)
    return True


def may_revoke(user, product: Product | None, deviation: Deviation | None = None) -> bool:
    if product is None or not user.is_authenticated or not user.is_active:
        return False
    return can_edit_product(user, product) or is_coach(user, product)
