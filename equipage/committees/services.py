"""Writes that span several records: sessions with agenda and attendees, decisions with their actions and the
phase change they decide. Each takes the acting user; each refuses bad input with French messages, saving nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from equipage.checks.store import mark_stale
from equipage.core import french
from equipage.people.models import Person
from equipage.registry.models import Phase, Product

from .models import LOOP_MESSAGE, Action, ActionStatus, AgendaItem, Attendee, Decision, Session, supersede_chain_loops

FAR_PAST = datetime.date(2000, 1, 1)


@dataclass
class AgendaEntry:
    topic: str
    product: Product | None = None
    expected_decision: str = ""


@dataclass
class AttendeeEntry:
    person: Person
    role: str = ""


@dataclass
class ActionEntry:
    title: str
    owner: Person | None
    due_date: datetime.date | None
    status: str = ActionStatus.TODO


def _check_session(session: Session, products: list[Product], agenda: list[AgendaEntry], attendees) -> None:
    errors: dict[str, list[str]] = {}
    if not products:
        errors.setdefault("products", []).append("Une séance examine au moins un produit.")
    if session.kind_id and session.kind.scope == "produit" and len(products) > 1:
        errors.setdefault("products", []).append(
            f"Un « {session.kind} » examine un seul produit : choisissez un comité de portefeuille pour plusieurs."
        )
    if session.date and session.date < FAR_PAST:
        errors.setdefault("date", []).append("Date impossible : une séance date de 2000 ou après.")
    if session.is_held and session.date and session.date > timezone.localdate():
        errors.setdefault("is_held", []).append("Une séance datée dans le futur ne peut pas être déjà tenue.")
    reviewed = {product.pk for product in products}
    for index, entry in enumerate(agenda, start=1):
        if entry.product is not None and entry.product.pk not in reviewed:
            errors.setdefault("agenda", []).append(
                f"Point {index} de l’ordre du jour : « {entry.product} » n’est pas parmi les produits examinés."
            )
    people = [entry.person.pk for entry in attendees]
    if len(people) != len(set(people)):
        errors.setdefault("attendees", []).append("Une même personne figure deux fois parmi les participants.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_session(
    user,
    session: Session,
    products: Iterable[Product],
    agenda: Iterable[AgendaEntry],
    attendees: Iterable[AttendeeEntry],
) -> Session:
    """Create or update a session with its products, agenda and attendees (which replace the previous ones)."""
    products, agenda, attendees = list(products), list(agenda), list(attendees)
    _check_session(session, products, agenda, attendees)
    session._history_user = user
    before = set(session.products.values_list("pk", flat=True)) if session.pk else set()
    session.save()
    session.products.set(products)
    mark_stale(before | {product.pk for product in products})  # the m2m change sends no post_save
    session.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            session=session,
            topic=entry.topic,
            product=entry.product,
            expected_decision=entry.expected_decision,
            position=index,
        )
        for index, entry in enumerate(agenda)
    )
    session.attendees.all().delete()
    Attendee.objects.bulk_create(Attendee(session=session, person=e.person, role=e.role) for e in attendees)
    return session


def check_decision(decision: Decision, actions: list[ActionEntry]) -> None:
    """Every way a decision (with the actions it opens) does not hold, as one ValidationError by field."""
    errors: dict[str, list[str]] = {}
    product = decision.product
    if decision.date and decision.date < FAR_PAST:
        errors.setdefault("date", []).append("Date impossible : une décision date de 2000 ou après.")
    if decision.date and decision.date > timezone.localdate():
        errors.setdefault("date", []).append("Une décision se consigne une fois prise : la date ne peut être future.")
    if decision.session_id and decision.ritual_meeting_id:
        errors.setdefault("session", []).append(
            "Une décision est prise en comité ou en réunion de rituel, pas les deux."
        )
    if decision.session_id and not decision.session.products.filter(pk=product.pk).exists():
        errors.setdefault("session", []).append(f"Cette séance n’examine pas « {product} ».")
    if decision.ritual_meeting_id and decision.ritual_meeting.ritual.product_id != product.pk:
        errors.setdefault("ritual_meeting", []).append(f"Cette réunion n’est pas un rituel de « {product} ».")
    if decision.supersedes_id:
        if decision.supersedes.product_id != product.pk:
            errors.setdefault("supersedes", []).append("Une décision ne remplace qu’une décision du même produit.")
        elif decision.pk and supersede_chain_loops(decision, decision.supersedes):
            errors.setdefault("supersedes", []).append(LOOP_MESSAGE)
        else:
            other = Decision.objects.filter(supersedes_id=decision.supersedes_id).exclude(pk=decision.pk).first()
            if other is not None:
                errors.setdefault("supersedes", []).append(
                    f"Cette décision est déjà remplacée par « {other} » : remplacez plutôt cette dernière."
                )
    if decision.new_phase:
        if not decision.session_id:
            errors.setdefault("new_phase", []).append("Seule une séance de comité décide d’un changement de phase.")
        elif decision.pk is None and decision.new_phase == product.phase:
            errors.setdefault("new_phase", []).append(
                f"Le produit est déjà en phase « {Phase(product.phase).label} » : choisissez une autre phase."
            )
    for index, action in enumerate(actions, start=1):
        if not action.title.strip():
            errors.setdefault("actions", []).append(f"Action {index} : décrivez l’action.")
        if action.owner is None:
            errors.setdefault("actions", []).append(f"Action {index} : une action a un responsable, une personne.")
        if action.due_date is None:
            errors.setdefault("actions", []).append(f"Action {index} : indiquez une échéance.")
        elif action.due_date < FAR_PAST:
            errors.setdefault("actions", []).append(f"Action {index} : échéance impossible.")
        if action.status not in ActionStatus.values:
            errors.setdefault("actions", []).append(f"Action {index} : statut inconnu.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_decision(user, decision: Decision, actions: Iterable[ActionEntry] = ()) -> Decision:
    """Save a new decision and its actions; a phase change decided in a session changes the product's phase,
    with the decision named in the product's history."""
    actions = list(actions)
    creating = decision.pk is None
    check_decision(decision, actions)
    decision.recorded_by = decision.recorded_by or user
    decision._history_user = user
    if creating and decision.new_phase:
        decision.previous_phase = decision.product.phase
    decision.save()
    for entry in actions:
        action = Action(
            decision=decision,
            title=entry.title.strip(),
            owner=entry.owner,
            due_date=entry.due_date,
            status=entry.status,
        )
        action._history_user = user
        action.save()
    if creating and decision.new_phase:
        product = Product.objects.select_for_update().get(pk=decision.product_id)
        product.phase = decision.new_phase
        product._history_user = user
        product._change_reason = f"Décision du {french.date(decision.date)} : {decision.title}"[:100]
        product.save()
        decision.product = product
    return decision


@transaction.atomic
def update_action_status(user, action: Action, status: str) -> Action:
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Statut inconnu : choisissez un statut de la liste."})
    action.status = status
    action._history_user = user
    action.save()
    return action
