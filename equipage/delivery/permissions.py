"""Who may do what in delivery. Pages and API routes both call these.

- Every signed-in agent reads the roadmap, the backlog, the recette, research and feedback.
- Every current member of the team writes stories, research and feedback, and runs test cases.
- The product's leads (its editors: `registry.permissions.can_edit_product`) also edit the roadmap,
  the ranks and the releases.
- The recette is signed off by the responsable métier; in a product carried by the DNUM, by its
  product manager.
- An archived product is read-only; anonymous visitors see only a published roadmap.
"""

from __future__ import annotations

from equipage.people.models import Person
from equipage.registry.models import Governance, Product
from equipage.registry.permissions import can_edit_product
from equipage.teams.models import Membership
from equipage.teams.roles import Role

NOT_A_MEMBER = "Seuls les membres actuels de l’équipe du produit écrivent dans son backlog."
NOT_A_LEAD = "Seuls les responsables du produit modifient sa feuille de route, les rangs et les versions."
ARCHIVED = "Ce produit est archivé : sa livraison se consulte, mais ne se modifie plus."


def person_of(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def is_team_member(user, product: Product) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.current().filter(person__user=user, product=product).exists()


def team_writes(user, product: Product | None, obj=None) -> bool:
    """The product guard's write rule for stories, research, feedback and test results."""
    if product is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_administrator or is_team_member(user, product)


def leads_write(user, product: Product | None, obj=None) -> bool:
    """The product guard's write rule for the roadmap, ranks and releases."""
    return product is not None and can_edit_product(user, product)


def can_write_backlog(user, product: Product) -> bool:
    """Stories, research, feedback, test results: the current team, and administrators."""
    return not product.is_archived and team_writes(user, product)


def can_lead_delivery(user, product: Product) -> bool:
    """Roadmap, ranks, releases: the product's leads, and administrators."""
    return not product.is_archived and leads_write(user, product)


def sign_off_roles(product: Product) -> frozenset[str]:
    """Who validates a recette for the métier: the responsable métier; with a DNUM PM, the métier's expert
    may too (« le métier expert » brings validation); in a product carried by the DNUM, its product manager."""
    if product.governance == Governance.DNUM_OWNED:
        return frozenset({Role.PRODUCT_MANAGER})
    if product.governance == Governance.DNUM_PM:
        return frozenset({Role.POLICY_OWNER, Role.POLICY_EXPERT})
    return frozenset({Role.POLICY_OWNER})


def sign_off_label(product: Product) -> str:
    labels = {
        Role.PRODUCT_MANAGER: "product manager",
        Role.POLICY_OWNER: "responsable métier",
        Role.POLICY_EXPERT: "expert métier",
    }
    return " ou ".join(labels[role] for role in Role if role in sign_off_roles(product))


def can_sign_off(user, product: Product) -> bool:
    """Only the person who holds the sign-off role today: nobody signs on their behalf."""
    if product.is_archived or not user.is_authenticated or not user.is_active:
        return False
    signers = Membership.objects.current().filter(person__user=user, product=product)
    return signers.filter(role__in=sign_off_roles(product)).exists()
