"""The responsibility matrix of a product: what applies, whether it holds, and how it changes.

Reads are pure functions over `EffectiveMatrix` values plus a few bounded queries: a product
without a saved matrix follows the default of its governance configuration, computed and never
written on a read. Writes (`save_levels`, `add_activity`, `reset_to_default`,
`adopt_configuration_default`) are atomic, check the whole resulting matrix, and raise a
`ValidationError` with French messages, keyed by activity, saving nothing, when it would not hold.

A matrix holds when every activity has exactly one responsable (co-responsables may join them)
or, without a responsable, at least two co-responsables; and when every level is given to a role
somebody currently holds on the product's team.
"""

from __future__ import annotations

import copy
import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from equipage.core.queries import in_filter
from equipage.registry.models import Governance, Product
from equipage.teams.models import Membership
from equipage.teams.roles import Role

from .defaults import ACTIVITIES, ACTIVITY_LABELS, REQUIRED_ROLES, Level, default_levels
from .models import MatrixActivity, MatrixLevel, ResponsibilityMatrix, Ritual, RitualKind

ROLE_ORDER = {role: index for index, role in enumerate(Role.values)}
LEVEL_LABELS: dict[str, str] = dict(Level.choices)
ROLE_LABELS: dict[str, str] = dict(Role.choices)
ACTIVITY_LABEL_MAX_LENGTH = MatrixActivity._meta.get_field("label").max_length

SANS_RESPONSABLE = "sans_responsable"
PLUSIEURS_RESPONSABLES = "plusieurs_responsables"
ROLE_VACANT = "role_vacant"


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def _by_role_order(roles: Iterable[str]) -> list[str]:
    return sorted(roles, key=lambda role: (ROLE_ORDER.get(role, len(ROLE_ORDER)), role))


@dataclass
class ActivityRow:
    """One activity and the level of each involved role ({role: level}; absent roles are not involved).

    `key` names the row in forms and in the API: the code of a standard activity, `perso-<id>` for
    one an editor added, empty for one not saved yet.
    """

    code: str
    label: str
    levels: dict[str, str] = field(default_factory=dict)
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            self.key = self.code

    @property
    def is_custom(self) -> bool:
        return not self.code

    def roles_at(self, level: str) -> list[str]:
        return _by_role_order(role for role, value in self.levels.items() if value == level)


@dataclass
class EffectiveMatrix:
    """The matrix that applies to a product: its saved one, or the default of its configuration.

    `basis` is the configuration the matrix starts from; `is_default` tells whether it is exactly
    the default of that configuration; `is_saved` whether the product has a saved matrix.
    """

    activities: list[ActivityRow]
    basis: Governance
    is_default: bool
    is_saved: bool = False

    def activity(self, key: str) -> ActivityRow | None:
        return next((row for row in self.activities if row.key == key), None)

    def roles(self) -> list[str]:
        """Every role that has a level somewhere, in the catalogue's order."""
        return _by_role_order({role for row in self.activities for role in row.levels})

    def as_levels(self) -> dict[str, dict[str, str]]:
        return {row.key: dict(row.levels) for row in self.activities}

    def is_outdated_for(self, product: Product) -> bool:
        """A saved matrix built on another configuration than the product's current one."""
        return self.is_saved and self.basis != product.governance


@dataclass
class MatrixProblem:
    code: str  # "sans_responsable" | "plusieurs_responsables" | "role_vacant"
    activity: str  # the activity's key
    role: str | None
    message: str


@dataclass
class LevelChange:
    """One cell that differs between two matrices (for the proposal shown when the configuration changed)."""

    activity: str
    role: str
    before: str
    after: str

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def before_label(self) -> str:
        return level_label(self.before) if self.before else "—"

    @property
    def after_label(self) -> str:
        return level_label(self.after) if self.after else "—"


# --- Reading ---


def default_matrix(governance: str) -> EffectiveMatrix:
    """The default matrix of a configuration, as a product without a saved matrix sees it."""
    levels = default_levels(governance)
    rows = [ActivityRow(code=code, label=label, levels=levels[code]) for code, label in ACTIVITIES]
    return EffectiveMatrix(activities=rows, basis=Governance(governance), is_default=True, is_saved=False)


def _same_rows(left: list[ActivityRow], right: list[ActivityRow]) -> bool:
    return [(row.code, row.label, row.levels) for row in left] == [(row.code, row.label, row.levels) for row in right]


def _from_saved(
    saved: ResponsibilityMatrix, activities: list[MatrixActivity], levels_of: Mapping[int, list[MatrixLevel]]
) -> EffectiveMatrix:
    """Build from a saved matrix, its activities in order and the levels of each activity (by activity id)."""
    rows = []
    for activity in activities:
        levels = {level.role: level.level for level in levels_of.get(activity.pk, ())}
        rows.append(
            ActivityRow(
                code=activity.code,
                label=ACTIVITY_LABELS.get(activity.code, activity.label),
                levels={role: levels[role] for role in _by_role_order(levels)},
                key=activity.key,
            )
        )
    basis = Governance(saved.governance_basis)
    return EffectiveMatrix(
        activities=rows,
        basis=basis,
        is_default=_same_rows(rows, default_matrix(basis).activities),
        is_saved=True,
    )


def saved_matrices(product_ids: Iterable[int] | QuerySet) -> dict[int, EffectiveMatrix]:
    """The saved matrices of these products (those without one are absent), in at most three queries.

    `product_ids` may be a queryset of ids: the activities and levels are then read by the same
    subquery, not by the (possibly thousands of) matrix and activity ids a prefetch would send."""
    scope = in_filter(product_ids)
    saved = list(ResponsibilityMatrix.objects.filter(product_id__in=scope))
    if not saved:
        return {}
    activities: dict[int, list[MatrixActivity]] = defaultdict(list)
    for activity in MatrixActivity.objects.filter(matrix__product_id__in=scope).order_by("position", "pk"):
        activities[activity.matrix_id].append(activity)
    levels: dict[int, list[MatrixLevel]] = defaultdict(list)
    for level in MatrixLevel.objects.filter(activity__matrix__product_id__in=scope).order_by("pk"):
        levels[level.activity_id].append(level)
    return {matrix.product_id: _from_saved(matrix, activities[matrix.pk], levels) for matrix in saved}


def effective_matrices(products: Iterable[Product]) -> dict[int, EffectiveMatrix]:
    """The effective matrix of each product, by product id, in at most three queries whatever their number."""
    products = list(products)
    if not products:
        return {}
    saved = saved_matrices(p.pk for p in products)
    return {product.pk: saved.get(product.pk) or default_matrix(product.governance) for product in products}


def effective_matrix(product: Product) -> EffectiveMatrix:
    return effective_matrices([product])[product.pk]


def activity_owners(
    products: Iterable[Product], codes: Iterable[str], on: datetime.date | None = None, facts: Any = None
) -> dict[int, dict[str, list]]:
    """For each product and activity code, the people currently holding the role its matrix makes
    responsable (the co-responsables when it has none): who answers for the activity's deadlines.
    At most four queries whatever the number of products; none when given the vigilance `facts` loaded
    for these products on that day, whose saved matrices and current teams it reads."""
    products = list(products)
    codes = list(codes)
    if not products:
        return {}
    if facts is not None:
        saved = facts.get("saved_matrices")
        defaults = {governance: default_matrix(governance) for governance in {p.governance for p in products}}
        matrices = {p.pk: saved.get(p.pk) or defaults[p.governance] for p in products}
    else:
        matrices = effective_matrices(products)
    answering: dict[int, dict[str, list[str]]] = {}
    for product in products:
        rows = {row.code: row for row in matrices[product.pk].activities if row.code in codes}
        answering[product.pk] = {
            code: (rows[code].roles_at(Level.RESPONSIBLE) or rows[code].roles_at(Level.CO_RESPONSIBLE))
            if code in rows
            else []
            for code in codes
        }
    wanted_roles = {role for by_code in answering.values() for roles in by_code.values() for role in roles}
    holders: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    if facts is not None:
        team = facts.get("memberships")
        memberships = sorted(
            (m for p in products for m in team.get(p.pk, ()) if m.role in wanted_roles),
            key=lambda m: (m.person.last_name, m.person.first_name, m.pk),
        )
    else:
        memberships = (
            Membership.objects.current(on)
            .filter(product_id__in=[p.pk for p in products], role__in=wanted_roles)  # only the roles that answer
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
    for membership in memberships:
        people = holders[membership.product_id][membership.role]
        if membership.person not in people:
            people.append(membership.person)
    owners: dict[int, dict[str, list]] = {}
    for product in products:
        by_code: dict[str, list] = {}
        for code, roles in answering[product.pk].items():
            people: list = []
            for role in roles:
                people += [person for person in holders[product.pk].get(role, []) if person not in people]
            by_code[code] = people
        owners[product.pk] = by_code
    return owners


def held_roles(product: Product) -> set[str]:
    """The roles somebody currently holds on the product's team (one query)."""
    return set(Membership.objects.current().filter(product=product).values_list("role", flat=True).distinct())


def role_holders(product: Product) -> dict[str, list[str]]:
    """The names of the people currently holding each role on the product's team (one query)."""
    holders: dict[str, list[str]] = defaultdict(list)
    memberships = (
        Membership.objects.current()
        .filter(product=product)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    for membership in memberships:
        name = str(membership.person)
        if name not in holders[membership.role]:
            holders[membership.role].append(name)
    return dict(holders)


def matrix_columns(matrix: EffectiveMatrix, held: Iterable[str]) -> list[str]:
    """The roles a matrix table shows: those its configuration requires, those held on the team, those used."""
    return _by_role_order(set(REQUIRED_ROLES[Governance(matrix.basis)]) | set(held) | set(matrix.roles()))


def has_active_alignment_ritual(product_ids: Iterable[int]) -> set[int]:
    """The products, among these, with an active alignment ritual that has started (one query).

    Every ritual recurs (it has a cadence), so an active, started métier–DNUM alignment ritual is
    what a co-responsabilité product needs.
    """
    return set(
        Ritual.objects.running()
        .filter(product_id__in=in_filter(product_ids), kind=RitualKind.ALIGNMENT)
        .values_list("product_id", flat=True)
        .distinct()
    )


# --- Checking ---


def validate_matrix(matrix: EffectiveMatrix, held_roles: set[str]) -> list[MatrixProblem]:
    """Every way the matrix does not hold, activity by activity, with a French explanation."""
    problems = []
    for row in matrix.activities:
        responsibles = row.roles_at(Level.RESPONSIBLE)
        co_responsibles = row.roles_at(Level.CO_RESPONSIBLE)
        if len(responsibles) > 1:
            names = ", ".join(role_label(role) for role in responsibles)
            problems.append(
                MatrixProblem(
                    PLUSIEURS_RESPONSABLES,
                    row.key,
                    None,
                    f"« {row.label} » a {len(responsibles)} responsables ({names}) : il n’en faut qu’un, "
                    "les autres peuvent être co-responsables.",
                )
            )
        elif not responsibles and len(co_responsibles) == 1:
            problems.append(
                MatrixProblem(
                    SANS_RESPONSABLE,
                    row.key,
                    None,
                    f"« {row.label} » n’a qu’un co-responsable ({role_label(co_responsibles[0])}) : "
                    "désignez un responsable, ou un second co-responsable.",
                )
            )
        elif not responsibles and not co_responsibles:
            problems.append(
                MatrixProblem(
                    SANS_RESPONSABLE,
                    row.key,
                    None,
                    f"« {row.label} » n’a pas de responsable : désignez un responsable, ou au moins deux "
                    "co-responsables.",
                )
            )
        for role in _by_role_order(row.levels):
            if role not in held_roles:
                problems.append(
                    MatrixProblem(
                        ROLE_VACANT,
                        row.key,
                        role,
                        f"« {row.label} » : le rôle {role_label(role)} ({level_label(row.levels[role]).lower()}) "
                        "n’est tenu par personne dans l’équipe actuelle ; retirez ce niveau ou pourvoyez le rôle.",
                    )
                )
    return problems


def problems_by_activity(problems: Iterable[MatrixProblem]) -> dict[str, list[MatrixProblem]]:
    grouped: dict[str, list[MatrixProblem]] = defaultdict(list)
    for problem in problems:
        grouped[problem.activity].append(problem)
    return dict(grouped)


def _refuse(problems: list[MatrixProblem]) -> None:
    if problems:
        raise ValidationError(
            {key: [problem.message for problem in found] for key, found in problems_by_activity(problems).items()}
        )


def adoption_proposal(current: EffectiveMatrix, governance: str) -> EffectiveMatrix:
    """What adopting a configuration's default makes of a matrix: the default's standard activities
    with their default levels, followed by the activities editors added, kept as they are."""
    proposal = default_matrix(governance)
    proposal.activities += [copy.deepcopy(row) for row in current.activities if row.is_custom]
    proposal.is_default = not any(row.is_custom for row in current.activities)
    proposal.is_saved = current.is_saved
    return proposal


def matrix_changes(before: EffectiveMatrix, after: EffectiveMatrix) -> list[LevelChange]:
    """The cells that differ from one matrix to another, activity by activity."""
    changes = []
    before_rows = {row.key: row for row in before.activities}
    after_rows = {row.key: row for row in after.activities}
    ordered = [row.key for row in after.activities]
    ordered += [row.key for row in before.activities if row.key not in after_rows]
    for key in ordered:
        old, new = before_rows.get(key), after_rows.get(key)
        old_levels, new_levels = (old.levels if old else {}), (new.levels if new else {})
        label = (new or old).label
        for role in _by_role_order(set(old_levels) | set(new_levels)):
            if old_levels.get(role, "") != new_levels.get(role, ""):
                changes.append(LevelChange(label, role, old_levels.get(role, ""), new_levels.get(role, "")))
    return changes


# --- Writing ---


def _lock_editable(product: Product) -> None:
    """Serialise writes to one product's matrix, and refuse them on an archived product."""
    locked = Product.objects.select_for_update().only("archived_at").get(pk=product.pk)
    if locked.archived_at is not None:
        raise ValidationError("Ce produit est archivé : restaurez-le avant de modifier sa matrice des responsabilités.")


def _write(product: Product, rows: list[ActivityRow], basis: str) -> None:
    """Make the saved matrix hold exactly these rows, touching only what differs (so history shows real changes).

    Rows are matched by key; rows without a key are created. Rows and levels no longer present are
    deleted one by one, so their history keeps them.
    """
    matrix, created = ResponsibilityMatrix.objects.get_or_create(product=product, defaults={"governance_basis": basis})
    if not created and matrix.governance_basis != basis:
        matrix.governance_basis = basis
        matrix.save()
    existing = {} if created else {activity.key: activity for activity in matrix.activities.prefetch_related("levels")}
    kept = set()
    for position, row in enumerate(rows):
        activity = existing.get(row.key) if row.key else None
        if activity is None:
            activity = MatrixActivity.objects.create(matrix=matrix, code=row.code, label=row.label, position=position)
            stored_levels = {}
        else:
            kept.add(row.key)
            if (activity.label, activity.position) != (row.label, position):
                activity.label, activity.position = row.label, position
                activity.save()
            stored_levels = {level.role: level for level in activity.levels.all()}
        for role, level in row.levels.items():
            stored = stored_levels.pop(role, None)
            if stored is None:
                MatrixLevel.objects.create(activity=activity, role=role, level=level)
            elif stored.level != level:
                stored.level = level
                stored.save()
        for stored in stored_levels.values():
            stored.delete()
    for key, activity in existing.items():
        if key not in kept:
            for stored in activity.levels.all():
                stored.delete()
            activity.delete()


@transaction.atomic
def save_levels(product: Product, levels: Mapping[str, Mapping[str, str]]) -> EffectiveMatrix:
    """Change levels: {activity key: {role: level, or "" to remove the role from the activity}}.

    Roles and activities not mentioned keep their levels. The first change saves the product's
    matrix, based on its current configuration; later ones keep the matrix's basis.
    """
    _lock_editable(product)
    current = effective_matrix(product)
    candidate = copy.deepcopy(current)
    errors: dict[str, list[str]] = defaultdict(list)
    for key, role_levels in levels.items():
        row = candidate.activity(key)
        if row is None:
            errors[key].append(f"L’activité « {key} » ne figure pas dans la matrice de ce produit.")
            continue
        for role, level in role_levels.items():
            if role not in ROLE_LABELS:
                errors[key].append(f"« {row.label} » : le rôle « {role} » n’existe pas.")
            elif not level:
                row.levels.pop(role, None)
            elif level not in LEVEL_LABELS:
                errors[key].append(
                    f"« {row.label} » : le niveau « {level} » n’existe pas pour le rôle {role_label(role)} "
                    f"(niveaux possibles : {', '.join(LEVEL_LABELS.values())})."
                )
            else:
                row.levels[role] = level
        row.levels = {role: row.levels[role] for role in _by_role_order(row.levels)}
    if errors:
        raise ValidationError(dict(errors))
    _refuse(validate_matrix(candidate, held_roles(product)))
    if candidate.as_levels() == current.as_levels():
        return current
    _write(product, candidate.activities, current.basis)
    return effective_matrix(product)


@transaction.atomic
def add_activity(product: Product, label: str, responsible_role: str | None = None) -> EffectiveMatrix:
    """Add an activity of the editors' own at the end of the matrix, optionally with its responsable.

    Only the new activity is checked: an activity added without a responsable is reported as a
    problem until its levels are set.
    """
    _lock_editable(product)
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": ["Indiquez le nom de l’activité à ajouter."]})
    if len(label) > ACTIVITY_LABEL_MAX_LENGTH:
        raise ValidationError(
            {"label": [f"Le nom de l’activité doit tenir en {ACTIVITY_LABEL_MAX_LENGTH} caractères au plus."]}
        )
    current = effective_matrix(product)
    if any(row.label.casefold() == label.casefold() for row in current.activities):
        raise ValidationError({"label": [f"L’activité « {label} » figure déjà dans la matrice."]})
    levels = {}
    if responsible_role:
        if responsible_role not in ROLE_LABELS:
            raise ValidationError({"responsible_role": [f"Le rôle « {responsible_role} » n’existe pas."]})
        if responsible_role not in held_roles(product):
            raise ValidationError(
                {
                    "responsible_role": [
                        f"Le rôle {role_label(responsible_role)} n’est tenu par personne dans l’équipe actuelle : "
                        "choisissez un rôle pourvu."
                    ]
                }
            )
        levels = {responsible_role: Level.RESPONSIBLE.value}
    _write(product, [*current.activities, ActivityRow(code="", label=label, levels=levels)], current.basis)
    return effective_matrix(product)


@transaction.atomic
def reset_to_default(product: Product) -> EffectiveMatrix:
    """Bring the matrix back to the default of the product's current configuration; added activities go
    (their history keeps them). Refused when the default gives levels to roles nobody holds."""
    _lock_editable(product)
    current = effective_matrix(product)
    if not current.is_saved:
        return current
    default = default_matrix(product.governance)
    _refuse(validate_matrix(default, held_roles(product)))
    _write(product, default.activities, product.governance)
    return effective_matrix(product)


@transaction.atomic
def adopt_configuration_default(product: Product) -> EffectiveMatrix:
    """After a change of configuration: take the new configuration's default levels, keeping the
    activities editors added (see `adoption_proposal`)."""
    _lock_editable(product)
    current = effective_matrix(product)
    if not current.is_outdated_for(product):
        raise ValidationError(
            "La matrice suit déjà la configuration actuelle du produit : il n’y a pas de nouvelle matrice à adopter."
        )
    proposal = adoption_proposal(current, product.governance)
    _refuse(validate_matrix(proposal, held_roles(product)))
    _write(product, proposal.activities, product.governance)
    return effective_matrix(product)
