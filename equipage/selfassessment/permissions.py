"""Who may answer a self-assessment. Views and API routes both call these.

Every signed-in agent reads a product's self-assessments. Only someone who holds a role on the
product today answers that role's questions: a self-assessment speaks for its respondent, so
portfolio administrators do not answer in someone else's place. Archived products are read-only.
"""

from __future__ import annotations

from equipage.people.models import Person
from equipage.registry.models import Product
from equipage.teams.models import Membership

from .models import questions_for


def held_roles(user, product: Product) -> set[str]:
    """The roles with questions that the user's person holds on the product today (one query)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    roles = Membership.objects.current().filter(product=product, person__user=user).values_list("role", flat=True)
    return {role for role in roles if questions_for(role)}


def answerable_roles(user, product: Product) -> set[str]:
    """The roles whose self-assessment the user may answer on the product now."""
    if product.is_archived:
        return set()
    return held_roles(user, product)


def can_answer(user, product: Product, role: str) -> bool:
    return role in answerable_roles(user, product)


def respondent_for(user, product: Product, role: str) -> Person | None:
    """The person who answers for the user, when they hold the role on the product today."""
    if not user.is_authenticated or not user.is_active:
        return None
    membership = (
        Membership.objects.current()
        .filter(product=product, role=role, person__user=user)
        .select_related("person")
        .first()
    )
    return membership.person if membership else None
