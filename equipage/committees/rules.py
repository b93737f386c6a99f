"""Committees' vigilance rules: a product is steered (a steering committee at least every six months), and
what its decisions ask is done on time.

Registered with the engine when the apps are ready (see `equipage/checks/engine.py`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Max

from equipage.checks.engine import Batch, ProductFacts, fact, rule
from equipage.core import french
from equipage.core.vocabulary import Area, Level, Severity
from equipage.registry.models import Phase

from .models import Action, Decision, Session

STEERING_MAX_AGE = datetime.timedelta(days=183)
# Phases in which a product is steered: investigation is too early, end of life needs no more steering.
STEERED_PHASES = {Phase.CONSTRUCTION, Phase.ACCELERATION, Phase.PERENNISATION}


def _expects_steering(product, today: datetime.date) -> bool:
    """Products being built or run are steered; one younger than six months is not expected to have been yet."""
    if product.phase not in STEERED_PHASES:
        return False
    return not (product.created_at and today - product.created_at.date() < STEERING_MAX_AGE)


def _session_products(session: Session) -> set[int]:
    # A new session's products are set after it is saved: services.save_session marks them stale itself.
    if session.pk is None:
        return set()
    return set(session.products.values_list("pk", flat=True))


def _decision_product(decision_id: int) -> set[int]:
    return set(Decision.objects.filter(pk=decision_id).values_list("product_id", flat=True))


@fact("last_steering_committee", watch={Session: _session_products})
def last_steering_committee(batch: Batch) -> dict[int, datetime.date]:
    """The date of each product expected to be steered of its last steering committee held (one query, none when
    no product is concerned). The query filters on the batch's scope, not on the list of products expected to be
    steered, which may hold thousands of ids: the others are dropped here."""
    expected = {product.pk for product in batch.products if _expects_steering(product, batch.today)}
    if not expected:
        return {}
    rows = (
        Session.objects.held()
        .filter(kind__is_steering=True, products__in=batch.scope, date__lte=batch.today)
        .values("products")
        .annotate(last=Max("date"))
    )
    return {row["products"]: row["last"] for row in rows if row["products"] in expected}


@fact("overdue_actions", default=list, watch={Action: lambda action: _decision_product(action.decision_id)})
def overdue_actions(batch: Batch) -> dict[int, list[Action]]:
    found = defaultdict(list)
    for action in (
        Action.objects.overdue(batch.today)
        .filter(decision__product_id__in=batch.scope)
        .select_related("owner", "decision")
    ):
        found[action.decision.product_id].append(action)
    return found


@rule(
    "COMITE_PILOTAGE_ABSENT",
    Severity.WATCH,
    "Pas de comité de pilotage depuis six mois",
    short="Comité de pilotage",
    area=Area.VALUE,
    level=Level.PRACTICES,
    activity="preparation_comites",
)
def no_recent_steering_committee(facts: ProductFacts):
    if not _expects_steering(facts.product, facts.today):
        return
    last = facts.last_steering_committee
    if last is None:
        yield (
            "Aucun comité de pilotage tenu n’est enregistré pour ce produit.",
            "Réunir un comité de pilotage et l’enregistrer dans les comités du produit, avec ses décisions.",
        )
    elif facts.today - last > STEERING_MAX_AGE:
        yield (
            f"Le dernier comité de pilotage tenu date du {french.date(last)}, il y a plus de six mois.",
            "Réunir un comité de pilotage : avancement, objectifs, budget et arbitrages.",
        )


@rule(
    "ACTION_EN_RETARD",
    Severity.WATCH,
    "Action de décision en retard",
    short="Actions en retard",
    area=Area.VALUE,
    level=Level.EXEMPLARY,
    activity="preparation_comites",
)
def overdue_decision_action(facts: ProductFacts):
    for action in facts.overdue_actions:
        yield (
            f"L’action « {action.title} » confiée à {action.owner} devait être faite le {french.date(action.due_date)} "
            f"(décision du {french.date(action.decision.date)}).",
            "Faire l’action, ou mettre à jour son statut (abandonnée, avec une nouvelle décision si besoin).",
        )
