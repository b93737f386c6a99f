"""Recording a self-assessment: every question of the role answered once, all saved or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from equipage.people.models import Person
from equipage.registry.models import Product
from equipage.teams.roles import Role

from .models import Answer, AnswerValue, SelfAssessment, question_texts

MISSING = "Répondez à cette question."
VALUE_CHOICES = ", ".join(f"« {value} »" for value in AnswerValue.values)


def answer_errors(role: str, answers: Iterable[Mapping]) -> dict[str, list[str]]:
    """What is wrong with a set of answers for a role, keyed by question key (empty when all is well).

    Each answer is a mapping with `question_key`, `value` and an optional `comment`. Every question
    of the role must be answered exactly once, with one of the possible values, and no other.
    """
    texts = question_texts(role)
    label = Role(role).label if role in Role.values else role
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for answer in answers:
        key = str(answer.get("question_key") or "")
        value = answer.get("value")
        if key not in texts:
            errors.setdefault(key or "question_key", []).append(
                f"La question « {key} » n’appartient pas à l’autodiagnostic du rôle « {label} »."
                if key
                else "Indiquez la question à laquelle cette réponse se rapporte."
            )
            continue
        if key in seen:
            errors.setdefault(key, []).append("Cette question a reçu plusieurs réponses : n’en donnez qu’une.")
            continue
        seen.add(key)
        if value in (None, ""):
            errors.setdefault(key, []).append(MISSING)
        elif value not in AnswerValue.values:
            errors.setdefault(key, []).append(
                f"« {value} » n’est pas une réponse possible : choisissez parmi {VALUE_CHOICES}."
            )
    for key in texts:
        if key not in seen:
            errors.setdefault(key, []).append(MISSING)
    return errors


def submit_self_assessment(
    *,
    product: Product,
    role: str,
    respondent: Person,
    answers: Iterable[Mapping],
    answered_on: datetime.date | None = None,
    user,
) -> SelfAssessment:
    """Record a self-assessment and its answers atomically, with `user` as the author in history.

    Checks the answers, not who answers: callers check that first with `permissions.can_answer`.
    Raises ValidationError, saving nothing, when the product is archived or an answer is wrong.
    """
    answers = list(answers)
    if product.is_archived:
        raise ValidationError("Ce produit est archivé : ses autodiagnostics ne peuvent plus être complétés.")
    if not question_texts(role):
        raise ValidationError({"role": "Ce rôle n’a pas de questions d’autodiagnostic."})
    answered_on = answered_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if answered_on > timezone.localdate():
        errors["answered_on"] = ["La date de l’autodiagnostic ne peut pas être dans le futur."]
    problems = answer_errors(role, answers)
    if problems:
        errors["answers"] = [f"{key} : {message}" for key, messages in problems.items() for message in messages]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        assessment = SelfAssessment(product=product, role=role, respondent=respondent, answered_on=answered_on)
        if user is not None:
            assessment._history_user = user
        assessment.save()
        rows = []
        for answer in answers:
            row = Answer(
                assessment=assessment,
                question_key=answer["question_key"],
                value=answer["value"],
                comment=(answer.get("comment") or "").strip(),
            )
            if user is not None:
                row._history_user = user
            rows.append(row)
        bulk_create_with_history(rows, Answer)
    return assessment
