"""Governance's vigilance rules: required roles, coach, responsibility matrix, alignment ritual.

Registered with the engine when the apps are ready (see `equipage/checks/engine.py`).
"""

from __future__ import annotations

import functools

from equipage.checks.engine import OWNERS_FACT, Batch, ProductFacts, ProductOwners, fact, rule
from equipage.core import french
from equipage.core.vocabulary import Area, Level, Severity
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from equipage.teams.rules import held_roles, holders, policy_owner_leads

from .defaults import ACTIVITY_LABELS, REQUIRED_ROLES
from .defaults import Level as MatrixLevelValue
from .matrix import (
    EffectiveMatrix,
    MatrixProblem,
    default_matrix,
    has_active_alignment_ritual,
    saved_matrices,
    validate_matrix,
)
from .models import MatrixActivity, MatrixLevel, ResponsibilityMatrix, Ritual, RitualMeeting
from .selectors import late_alignment_rituals


def _activity_product(activity_id: int) -> set[int]:
    return set(MatrixActivity.objects.filter(pk=activity_id).values_list("matrix__product_id", flat=True))


def _matrix_product(matrix_id: int) -> set[int]:
    return set(ResponsibilityMatrix.objects.filter(pk=matrix_id).values_list("product_id", flat=True))


@functools.lru_cache(maxsize=512)
def _default_matrix_problems(governance: str, held: frozenset[str]) -> tuple[MatrixProblem, ...]:
    """The default matrix of a configuration and its validation, computed once per set of held roles."""
    return tuple(validate_matrix(default_matrix(governance), set(held)))


_MATRIX_WATCH = {
    ResponsibilityMatrix: lambda matrix: {matrix.product_id},
    MatrixActivity: lambda activity: _matrix_product(activity.matrix_id),
    MatrixLevel: lambda level: _activity_product(level.activity_id),
}


@fact("saved_matrices", default=lambda: None, watch=_MATRIX_WATCH)
def saved_matrices_fact(batch: Batch) -> dict[int, EffectiveMatrix]:
    """Each product's saved matrix (absent when it follows its configuration's default): three queries."""
    return saved_matrices(batch.scope)


@fact("matrix_problems", default=list, watch=_MATRIX_WATCH)
def matrix_problems(batch: Batch) -> dict[int, list[MatrixProblem]]:
    """Where each product's effective matrix does not hold, given the roles held on its team.

    Most products follow their configuration's default matrix: it is built and validated once per
    configuration and set of held roles, not once per product."""
    memberships = batch.get("memberships")
    saved = batch.get("saved_matrices")
    problems = {}
    for product in batch.products:
        held = frozenset(membership.role for membership in memberships.get(product.pk, []))
        if product.pk in saved:
            problems[product.pk] = validate_matrix(saved[product.pk], set(held))
        else:
            problems[product.pk] = list(_default_matrix_problems(product.governance, held))
    return problems


# Who leads a product when no activity of its matrix settles a finding's owner, by configuration.
LEAD_ROLES: dict[str, tuple[Role, ...]] = {
    Governance.POLICY_OWNER_IS_PM: (Role.POLICY_OWNER, Role.PRODUCT_OWNER),
    Governance.DNUM_PM: (Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER, Role.POLICY_OWNER),
    Governance.SHARED: (Role.POLICY_OWNER, Role.PRODUCT_OWNER),
    Governance.DNUM_OWNED: (Role.PRODUCT_OWNER, Role.PRODUCT_MANAGER),
}


@functools.lru_cache(maxsize=8)
def _default_responsible_roles(governance: str) -> dict[str, tuple[str, ...]]:
    return _responsible_roles(default_matrix(governance))


def _responsible_roles(matrix: EffectiveMatrix) -> dict[str, tuple[str, ...]]:
    """For each standard activity, the roles answering for it: the responsable, else the co-responsables."""
    roles = {}
    for row in matrix.activities:
        if row.code:
            responsible = row.roles_at(MatrixLevelValue.RESPONSIBLE) or row.roles_at(MatrixLevelValue.CO_RESPONSIBLE)
            roles[row.code] = tuple(responsible)
    return roles


def _first_holder(by_role: dict[str, list[int]], roles) -> int | None:
    for role in roles:
        if by_role.get(role):
            return by_role[role][0]
    return None


@fact(OWNERS_FACT, default=ProductOwners, watch=_MATRIX_WATCH)
def finding_owners(batch: Batch) -> dict[int, ProductOwners]:
    """Who answers for each product's findings: the person holding the role its matrix (saved, or the
    default of its configuration) makes responsible for each activity, and its lead. No query of its own
    beyond the memberships and saved matrices other rules load anyway."""
    memberships = batch.get("memberships")
    saved = batch.get("saved_matrices")
    owners = {}
    for product in batch.products:
        by_role: dict[str, list[int]] = {}
        members = sorted(memberships.get(product.pk, []), key=lambda m: (m.start_date, m.pk))
        for membership in members:
            by_role.setdefault(membership.role, []).append(membership.person_id)
        if product.pk in saved:
            responsible = _responsible_roles(saved[product.pk])
        else:
            responsible = _default_responsible_roles(product.governance)
        by_activity = {}
        for code, roles in responsible.items():
            person_id = _first_holder(by_role, roles)
            if person_id is not None:
                by_activity[code] = person_id
        owners[product.pk] = ProductOwners(
            by_activity=by_activity, lead_id=_first_holder(by_role, LEAD_ROLES.get(product.governance, ()))
        )
    return owners


@fact("has_alignment_ritual", default=bool, watch={Ritual: lambda ritual: {ritual.product_id}})
def alignment_rituals(batch: Batch) -> dict[int, bool]:
    return dict.fromkeys(has_active_alignment_ritual(batch.scope), True)


def _ritual_product(ritual_id: int) -> set[int]:
    return set(Ritual.objects.filter(pk=ritual_id).values_list("product_id", flat=True))


@fact(
    "late_alignment_rituals",
    default=list,
    watch={
        Ritual: lambda ritual: {ritual.product_id},
        RitualMeeting: lambda meeting: _ritual_product(meeting.ritual_id),
    },
)
def late_alignment(batch: Batch):
    """The running alignment rituals of each product, when none of them is held within its cadence."""
    return late_alignment_rituals(batch.scope, batch.today)


@rule(
    "COACH_ABSENT",
    Severity.WATCH,
    "Pas de coach produit",
    Role.PRODUCT_COACH,
    short="Coach",
    area=Area.ORGANISATION,
    level=Level.PRACTICES,
    activity="rituels_comites",
)
def missing_coach(facts: ProductFacts):
    if policy_owner_leads(facts) and holders(facts, Role.POLICY_OWNER) and not holders(facts, Role.PRODUCT_COACH):
        yield (
            "Le responsable métier porte le produit sans coach produit de la DNUM dans l’équipe.",
            "Demander un coach produit à la DNUM et l’ajouter à l’équipe.",
        )


@rule(
    "ROLE_VACANT",
    Severity.BLOCKING,
    "Rôle requis non pourvu",
    short="Rôle vacant",
    area=Area.ORGANISATION,
    level=Level.FOUNDATION,
    activity="vision",
)
def vacant_required_role(facts: ProductFacts):
    held = held_roles(facts)
    for role in REQUIRED_ROLES[Governance(facts.product.governance)]:
        if role == Role.PRODUCT_COACH:
            continue  # reported by COACH_ABSENT, with its own remedy
        if role not in held:
            yield (
                f"La configuration « {facts.product.get_governance_display()} » demande un rôle "
                f"« {role.label} », que personne ne tient aujourd’hui.",
                f"Nommer quelqu’un au rôle « {role.label} » dans l’équipe, ou revoir la configuration.",
            )


@rule(
    "MATRICE_SANS_RESPONSABLE",
    Severity.BLOCKING,
    "Activité sans responsable unique",
    short="Matrice : responsable",
    area=Area.ORGANISATION,
    level=Level.FOUNDATION,
    activity="vision",
)
def matrix_without_responsible(facts: ProductFacts):
    for problem in facts.matrix_problems:
        if problem.code in {"sans_responsable", "plusieurs_responsables"}:
            yield (
                problem.message,
                "Dans la matrice des responsabilités, donner à chaque activité un seul responsable "
                "(ou au moins deux co-responsables).",
            )


@rule(
    "MATRICE_ROLE_NON_TENU",
    Severity.BLOCKING,
    "Responsabilité confiée à un rôle que personne ne tient",
    short="Matrice : rôle non tenu",
    area=Area.ORGANISATION,
    level=Level.FOUNDATION,
    activity="vision",
)
def matrix_role_not_held(facts: ProductFacts):
    already_reported = set(REQUIRED_ROLES[Governance(facts.product.governance)])
    for problem in facts.matrix_problems:
        if problem.code == "role_vacant" and problem.role not in already_reported:
            activity = ACTIVITY_LABELS.get(problem.activity, problem.activity)
            yield (
                problem.message,
                f"Nommer quelqu’un à ce rôle, ou confier « {activity} » à un rôle tenu dans l’équipe.",
            )


@rule(
    "MATRICE_CONFIGURATION_CHANGEE",
    Severity.WATCH,
    "Matrice établie pour une autre configuration",
    short="Matrice : configuration",
    area=Area.ORGANISATION,
    level=Level.FOUNDATION,
    activity="vision",
    action=("Voir la matrice proposée", "governance:matrix", "proposition"),
)
def matrix_for_another_configuration(facts: ProductFacts):
    """A saved matrix keeps the levels of the configuration it was built for: after a change of configuration
    (say, to « le métier est PM ») it no longer says who does what under the new one."""
    saved = facts.saved_matrices
    if saved is not None and saved.is_outdated_for(facts.product):
        yield (
            f"La matrice des responsabilités a été établie pour la configuration « {Governance(saved.basis).label} » ; "
            f"le produit est désormais en « {Governance(facts.product.governance).label} ».",
            "Adopter la matrice par défaut de la nouvelle configuration (les activités ajoutées par l’équipe sont "
            "gardées), ou la revoir avec l’équipe puis l’adopter.",
        )


@rule(
    "RITUEL_ALIGNEMENT_ABSENT",
    Severity.WATCH,
    "Co-responsabilité sans rituel d’alignement",
    short="Alignement",
    area=Area.ORGANISATION,
    level=Level.PRACTICES,
    activity="rituels_comites",
)
def shared_without_alignment_ritual(facts: ProductFacts):
    if facts.product.governance == Governance.SHARED and not facts.has_alignment_ritual:
        yield (
            "La responsabilité est partagée entre le métier et la DNUM sans rituel d’alignement régulier en cours.",
            "Instituer un point d’alignement métier–DNUM récurrent (par exemple mensuel) dans les rituels du produit.",
        )


@rule(
    "RITUEL_ALIGNEMENT_NON_TENU",
    Severity.WATCH,
    "Co-responsabilité : alignement non tenu à sa cadence",
    short="Alignement non tenu",
    area=Area.ORGANISATION,
    level=Level.EXEMPLARY,
    activity="rituels_comites",
)
def shared_alignment_not_held(facts: ProductFacts):
    if facts.product.governance != Governance.SHARED:
        return
    for ritual in facts.late_alignment_rituals:
        last = ritual.last_meeting_date
        held = f"sa dernière réunion date du {french.date(last)}" if last else "aucune réunion n’a été consignée"
        yield (
            f"Le rituel « {ritual.name} » ({ritual.get_cadence_display().lower()}) n’est pas tenu "
            f"à sa cadence : {held}.",
            "Tenir le point d’alignement métier–DNUM et consigner la réunion dans les rituels du produit.",
        )
