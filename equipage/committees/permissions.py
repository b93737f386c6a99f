"""Who may do what with committees, decisions and actions. Views and API routes both call these.

A product's editors record its sessions, decisions and budget; sessions that review several products
are the portfolio administrators'; an action's owner updates its status; every agent reads.
"""

from __future__ import annotations

from equipage.registry.permissions import can_edit_product

from .models import Action, Scope, Session


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_administrator)


def can_manage_session(user, session: Session) -> bool:
    """Administrators, or the editors of the one product a product-scoped session reviews."""
    if is_admin(user):
        return True
    if session.kind.scope != Scope.PRODUCT:
        return False
    products = list(session.products.all())
    return len(products) == 1 and can_edit_product(user, products[0]) and not products[0].is_archived


def can_update_action(user, action: Action) -> bool:
    """The action's owner, the product's editors and administrators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if action.owner.user_id == user.pk:
        return True
    return can_edit_product(user, action.decision.product)
