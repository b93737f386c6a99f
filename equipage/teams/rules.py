"""The team's vigilance rules: time and training of the responsable métier, the expert's time, overload.

Registered with the engine when the apps are ready (see `equipage/checks/engine.py`).
"""

from __future__ import annotations

from collections import defaultdict

from equipage.checks.engine import Batch, ProductFacts, fact, rule
from equipage.core.vocabulary import Area, Level, Severity
from equipage.people.models import Person
from equipage.registry.models import Governance

from .models import Membership, total_time_shares
from .roles import Role

MINIMUM_POLICY_OWNER_SHARE = 60
# Configurations in which the responsable métier carries the product, alone or with the DNUM.
POLICY_OWNER_LEADS = {Governance.POLICY_OWNER_IS_PM, Governance.SHARED}


def _products_of_person(person_id: int) -> set[int]:
    """Every product the person is or was a member of: their total time share spans them all."""
    return set(Membership.objects.filter(person_id=person_id).values_list("product_id", flat=True))


def _membership_products(membership: Membership) -> set[int]:
    return {membership.product_id} | _products_of_person(membership.person_id)


@fact(
    "memberships",
    default=list,
    watch={Membership: _membership_products, Person: lambda person: _products_of_person(person.pk)},
)
def current_memberships(batch: Batch) -> dict[int, list[Membership]]:
    """Each product's current memberships, with the person and their total time share over every product
    (`membership.person_total`): two queries whatever the number of products (none when there are no members)."""
    memberships: dict[int, list[Membership]] = defaultdict(list)
    queryset = Membership.objects.current(batch.today).filter(product_id__in=batch.scope).select_related("person")
    for membership in queryset:
        memberships[membership.product_id].append(membership)
    # The people of these teams, by the same conditions (a subquery, not a list of thousands of person ids).
    people = Membership.objects.current(batch.today).filter(product_id__in=batch.scope).values("person_id")
    totals = total_time_shares(people, batch.today) if memberships else {}
    for members in memberships.values():
        for membership in members:
            membership.person_total = totals.get(membership.person_id, 0)
    return memberships


def holders(facts: ProductFacts, role: str) -> list[Membership]:
    return [membership for membership in facts.memberships if membership.role == role]


def held_roles(facts: ProductFacts) -> set[str]:
    return {membership.role for membership in facts.memberships}


def policy_owner_leads(facts: ProductFacts) -> bool:
    return facts.product.governance in POLICY_OWNER_LEADS


@rule(
    "RM_TEMPS_INSUFFISANT",
    Severity.BLOCKING,
    "Responsable métier à moins de 60 %",
    Role.POLICY_OWNER,
    short="Temps du RM",
    area=Area.ORGANISATION,
    level=Level.FOUNDATION,
    activity="vision",
)
def policy_owner_time(facts: ProductFacts):
    if not policy_owner_leads(facts):
        return
    for holder in holders(facts, Role.POLICY_OWNER):
        if holder.time_share < MINIMUM_POLICY_OWNER_SHARE:
            yield (
                f"{holder.person} consacre {holder.time_share} % de son temps au produit comme responsable métier ; "
                f"la configuration « {facts.product.get_governance_display()} » en demande au moins "
                f"{MINIMUM_POLICY_OWNER_SHARE} %.",
                "Dégager du temps au responsable métier (au moins 60 %), ou revoir la configuration de gouvernance.",
                holder.person,
            )


@rule(
    "RM_NON_FORME",
    Severity.WATCH,
    "Responsable métier non formé aux méthodes produit",
    Role.POLICY_OWNER,
    short="Formation du RM",
    area=Area.ORGANISATION,
    level=Level.PRACTICES,
    activity="vision",
)
def policy_owner_training(facts: ProductFacts):
    if not policy_owner_leads(facts):
        return
    for holder in holders(facts, Role.POLICY_OWNER):
        if not holder.person.trained_in_product_methods:
            yield (
                f"{holder.person}, responsable métier, n’a pas suivi de formation aux méthodes produit.",
                "Inscrire le responsable métier à une formation : priorisation, indicateurs, agilité.",
                holder.person,
            )


@rule(
    "EXPERT_SANS_TEMPS",
    Severity.WATCH,
    "Expert métier sans temps dédié",
    Role.POLICY_EXPERT,
    short="Temps de l’expert",
    area=Area.ORGANISATION,
    level=Level.PRACTICES,
    activity="vision",
)
def expert_without_time(facts: ProductFacts):
    if facts.product.governance != Governance.DNUM_PM:
        return
    experts = holders(facts, Role.POLICY_EXPERT)
    if experts and all(expert.time_share == 0 for expert in experts):
        names = ", ".join(str(expert.person) for expert in experts)
        yield (
            f"L’expert métier ({names}) n’a aucun temps réservé au produit.",
            "Convenir avec la direction métier d’une part de temps pour l’expert (besoins, validation, tests).",
        )


@rule(
    "MEMBRE_SURCHARGE",
    Severity.WATCH,
    "Membre engagé à plus de 100 %",
    short="Surcharge",
    area=Area.ORGANISATION,
    level=Level.PRACTICES,
    activity="delivery",
)
def overloaded_member(facts: ProductFacts):
    seen = set()
    for membership in facts.memberships:
        total = membership.person_total
        if total > 100 and membership.person_id not in seen:
            seen.add(membership.person_id)
            yield (
                f"{membership.person} cumule {total} % de temps sur l’ensemble de ses rôles.",
                "Revoir la répartition de son temps avec les équipes concernées.",
                membership.person,
            )
