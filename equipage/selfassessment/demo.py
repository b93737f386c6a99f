"""Self-assessments of the demo portfolio: two years of answers by the leads of the hand-written products.

Deterministic for a seed, and safe to run again: a product that already has self-assessments is
left as it is. Some teams improve over time, others stagnate or slip; two products have not been
self-assessed for more than six months, for the vigilance checks to find.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from equipage.registry.models import Product
from equipage.teams.models import Membership
from equipage.teams.roles import Role

from .models import Answer, AnswerValue, SelfAssessment, questions_for

ASSESSED_ROLES = (Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.PRODUCT_MANAGER, Role.POLICY_EXPERT)
PERIOD_DAYS = 730
# Between two self-assessments of the same holder: four to six months.
CADENCE_DAYS = (120, 180)
# Products left without any self-assessment in the last six months (and a margin).
STALE = {"sirh-mobilite": 215, "prevention-risques": 215}
# How each team's answers move over the two years; products not listed stagnate.
TRENDS = {
    "mon-parcours-emploi": "improving",
    "aides-inclusion": "improving",
    "formation-competences": "improving",
    "suivi-controles": "improving",
    "observatoire-insertion": "improving",
    "registre-accords": "declining",
}

COMMENTS = {
    AnswerValue.YES: [
        "Acquis, et vérifié lors de la dernière démo.",
        "Rien à signaler sur ce point ce semestre.",
        "Nettement mieux depuis la mise en place des rituels.",
        "Confirmé par les retours des usagers.",
    ],
    AnswerValue.PARTLY: [
        "En progrès, mais pas encore tenu dans la durée.",
        "Dépend des périodes de charge de la direction.",
        "À reprendre avec le coach au prochain point.",
        "Fait pour les évolutions majeures seulement.",
    ],
    AnswerValue.NO: [
        "Pas de temps dégagé pour le moment.",
        "Point bloquant remonté au comité de pilotage.",
        "Aucune action engagée : à prioriser.",
        "Manque d’outillage pour le faire correctement.",
    ],
}


def _value(level: float) -> str:
    if level >= 0.66:
        return AnswerValue.YES
    if level >= 0.33:
        return AnswerValue.PARTLY
    return AnswerValue.NO


def _level(trend: str, start: float, target: float, progress: float, noise: float) -> float:
    """A question's standing at a point of the period (progress from 0 to 1), between 0 and 1."""
    if trend == "improving":
        level = start + (target - start) * progress
    elif trend == "declining":
        level = start - 0.45 * progress
    else:
        level = start
    return min(1.0, max(0.0, level + noise))


def _answer_dates(rng: random.Random, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    day = start + datetime.timedelta(days=rng.randint(0, 60))
    dates = []
    while day <= end:
        dates.append(day)
        day += datetime.timedelta(days=rng.randint(*CADENCE_DAYS))
    return dates


def _memberships(products: Iterable[Product], period_start: datetime.date) -> list[Membership]:
    return list(
        Membership.objects.filter(product__in=products, role__in=ASSESSED_ROLES)
        .exclude(end_date__lt=period_start)
        .select_related("person__user", "product")
        .order_by("product__slug", "role", "start_date", "pk")
    )


def load_demo_self_assessments(seed: int, slugs: Iterable[str]) -> None:
    """Give these hand-written demo products two years of self-assessments by their leads.

    Everyone who holds (or held, during the period) the responsable métier, responsable produit,
    product manager or expert métier role on the product answers every four to six months while
    in the role. Products that already have self-assessments are skipped.
    """
    today = timezone.localdate()
    period_start = today - datetime.timedelta(days=PERIOD_DAYS)
    products = list(
        Product.objects.filter(slug__in=list(slugs), archived_at__isnull=True)
        .exclude(self_assessments__isnull=False)
        .order_by("slug")
    )
    if not products:
        return

    planned: list[tuple[SelfAssessment, list[Answer]]] = []
    for membership in _memberships(products, period_start):
        product = membership.product
        rng = random.Random(f"{seed}-selfassessment-{product.slug}-{membership.role}-{membership.person_id}")  # noqa: S311
        trend = TRENDS.get(product.slug, "stagnating")
        start = max(membership.start_date, period_start)
        end = min(membership.end_date or today, today)
        if product.slug in STALE:
            end = min(end, today - datetime.timedelta(days=STALE[product.slug]))
        questions = questions_for(membership.role)
        start_levels = {
            question.key: rng.uniform(0.05, 0.45) if trend == "improving" else rng.uniform(0.35, 0.9)
            for question in questions
        }
        targets = {question.key: rng.uniform(0.55, 1.0) for question in questions}
        for day in _answer_dates(rng, start, end):
            progress = (day - period_start).days / PERIOD_DAYS
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, rng.randrange(60))))
            assessment = SelfAssessment(
                product=product, role=membership.role, respondent=membership.person, answered_on=day, created_at=moment
            )
            assessment._history_date = moment
            assessment._history_user = membership.person.user
            answers = []
            for question in questions:
                level = _level(
                    trend, start_levels[question.key], targets[question.key], progress, rng.uniform(-0.15, 0.15)
                )
                value = _value(level)
                comment = rng.choice(COMMENTS[value]) if rng.random() < 0.4 else ""
                answer = Answer(question_key=question.key, value=value, comment=comment)
                answer._history_date = moment
                answer._history_user = membership.person.user
                answers.append(answer)
            planned.append((assessment, answers))

    with transaction.atomic():
        assessments = bulk_create_with_history([assessment for assessment, _answers in planned], SelfAssessment)
        rows = []
        for assessment, (_planned, answers) in zip(assessments, planned, strict=True):
            for answer in answers:
                answer.assessment = assessment
                rows.append(answer)
        bulk_create_with_history(rows, Answer, batch_size=1000)
