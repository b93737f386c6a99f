"""Objectives, indicators and a few years of measurements for the hand-written demo products.

Deterministic for a seed, and safe to run again: a product that already has objectives is left as it
is. Several public services publish their statistics; some indicators are stale (no update for months)
and some off track, for the pages and the vigilance checks to show.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from equipage.registry.models import Product

from .models import Direction, Frequency, Indicator, Measurement, Objective, Origin, Unit

YEARS = 3
# Products left without indicators: one just starting its investigation, one at its end of life.
WITHOUT_INDICATORS = {"juridique-avis", "ancien-extranet"}
# Public services that publish their statistics (all indicators but one).
PUBLISHING = {"mon-parcours-emploi", "aides-inclusion", "formation-competences", "observatoire-insertion"}
# Products whose indicators slip away from their target, and products whose updates stopped (days ago).
OFF_TRACK = {"registre-accords", "suivi-controles"}
STALE = {"registre-accords": 160, "sirh-mobilite": 75}


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    definition: str
    unit: str
    direction: str
    baseline: float
    target: float
    frequency: str
    source: str
    decimals: int = 0


SPECS = {
    "en-ligne": IndicatorSpec(
        "part-demarches-en-ligne",
        "Part des démarches faites en ligne",
        "Démarches déposées en ligne sur l’ensemble des démarches déposées dans le mois.",
        Unit.PERCENT,
        Direction.HIGHER,
        32,
        80,
        Frequency.MONTHLY,
        "Requête en base",
        1,
    ),
    "visiteurs": IndicatorSpec(
        "visiteurs-uniques",
        "Visiteurs uniques par semaine",
        "Visiteurs distincts du service sur la semaine.",
        Unit.COUNT,
        Direction.HIGHER,
        1200,
        5000,
        Frequency.WEEKLY,
        "Matomo",
    ),
    "delai": IndicatorSpec(
        "delai-instruction",
        "Délai moyen d’instruction",
        "Jours entre le dépôt d’une demande complète et la décision, en moyenne sur le mois.",
        Unit.DAYS,
        Direction.LOWER,
        45,
        15,
        Frequency.MONTHLY,
        "Requête en base",
        1,
    ),
    "incomplets": IndicatorSpec(
        "dossiers-incomplets",
        "Part des dossiers incomplets au dépôt",
        "Dossiers qu’il faut compléter après le dépôt, sur l’ensemble des dossiers déposés.",
        Unit.PERCENT,
        Direction.LOWER,
        41,
        10,
        Frequency.MONTHLY,
        "Requête en base",
        1,
    ),
    "satisfaction": IndicatorSpec(
        "satisfaction-usagers",
        "Satisfaction des usagers",
        "Note moyenne sur 10 donnée à la fin de la démarche.",
        Unit.SCORE,
        Direction.HIGHER,
        6.1,
        8,
        Frequency.QUARTERLY,
        "Enquête de satisfaction",
        1,
    ),
    "disponibilite": IndicatorSpec(
        "disponibilite",
        "Disponibilité du service",
        "Part du temps où le service répond, hors maintenances annoncées.",
        Unit.PERCENT,
        Direction.HIGHER,
        98.2,
        99.9,
        Frequency.MONTHLY,
        "Supervision",
        2,
    ),
    "support": IndicatorSpec(
        "demandes-support",
        "Demandes au support par semaine",
        "Tickets ouverts par les usagers auprès du support.",
        Unit.COUNT,
        Direction.LOWER,
        320,
        100,
        Frequency.WEEKLY,
        "Outil de support",
    ),
    "cout": IndicatorSpec(
        "cout-par-dossier",
        "Coût de traitement par dossier",
        "Coût complet (agents et système) rapporté au nombre de dossiers traités dans l’année.",
        Unit.EUROS,
        Direction.LOWER,
        42,
        25,
        Frequency.YEARLY,
        "Contrôle de gestion",
        2,
    ),
}

OBJECTIVES = [
    ("Plus d’usagers font leur démarche en ligne, sans aide", "Usagers du service", ["en-ligne", "visiteurs"]),
    ("Réduire le délai de traitement des demandes", "Usagers et agents instructeurs", ["delai", "incomplets", "cout"]),
    ("Des usagers satisfaits, moins souvent bloqués", "Usagers du service", ["satisfaction", "support"]),
    ("Un service fiable", "Usagers et équipes d’exploitation", ["disponibilite"]),
]


def _dates(frequency: str, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    dates = []
    if frequency == Frequency.WEEKLY:
        day = start - datetime.timedelta(days=start.weekday())
        while day <= end:
            dates.append(day)
            day += datetime.timedelta(days=7)
        return dates
    months = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}[frequency]
    year, month = start.year, 1 + (start.month - 1) // months * months
    while (day := datetime.date(year, month, 1)) <= end:
        dates.append(day)
        month += months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dates


def _measurements(
    rng: random.Random, indicator: Indicator, spec: IndicatorSpec, start: datetime.date, end: datetime.date, pace: float
) -> list[Measurement]:
    """A noisy path from the baseline toward the target, at `pace` times the straight line's speed."""
    span = (indicator.target_date - start).days
    rows = []
    for day in _dates(spec.frequency, start, end):
        share = min(1.1, pace * (day - start).days / span)
        value = spec.baseline + (spec.target - spec.baseline) * share
        value += abs(spec.target - spec.baseline) * rng.uniform(-0.06, 0.06)
        if spec.unit == Unit.PERCENT:
            value = min(100.0, max(0.0, value))
        measurement = Measurement(
            indicator=indicator,
            date=day,
            value=Decimal(str(round(value, spec.decimals))),
            origin=Origin.DEMO,
            created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
        )
        rows.append(measurement)
    return rows


def load_demo_indicators(seed: int, slugs: Iterable[str]) -> None:
    """Give most of these hand-written demo products 1–3 objectives, 2–5 indicators and years of measurements."""
    today = timezone.localdate()
    slugs = [slug for slug in slugs if slug not in WITHOUT_INDICATORS]
    products = list(Product.objects.filter(slug__in=slugs).exclude(objectives__isnull=False).order_by("slug"))
    if not products:
        return
    measurements: list[Measurement] = []
    with transaction.atomic():
        for product in products:
            rng = random.Random(f"{seed}-indicators-{product.slug}")  # noqa: S311
            start = today.replace(day=1) - datetime.timedelta(days=365 * YEARS)
            start = start.replace(day=1)
            end = today - datetime.timedelta(days=STALE.get(product.slug, 0))
            chosen = rng.sample(OBJECTIVES, rng.randint(1, 3))
            keys = [key for _title, _who, group in chosen for key in group]
            while len(keys) < 2:
                extra = rng.choice([key for key in SPECS if key not in keys])
                keys.append(extra)
                chosen[-1] = (chosen[-1][0], chosen[-1][1], [*chosen[-1][2], extra])
            budget = rng.randint(2, 5)
            publishing = product.slug in PUBLISHING and product.is_public_service
            for position, (title, beneficiaries, group) in enumerate(chosen, start=1):
                if budget <= 0:
                    break
                objective = Objective(
                    product=product,
                    title=title,
                    beneficiaries=beneficiaries,
                    due_date=start + datetime.timedelta(days=int(365 * (YEARS + 1))),
                    position=position,
                )
                objective.save()
                for key in group[:budget]:
                    spec = SPECS[key]
                    indicator = Indicator(
                        product=product,
                        objective=objective,
                        code=spec.code,
                        name=spec.name,
                        definition=spec.definition,
                        unit=spec.unit,
                        direction=spec.direction,
                        baseline=Decimal(str(spec.baseline)),
                        baseline_date=start,
                        target=Decimal(str(spec.target)),
                        target_date=objective.due_date,
                        frequency=spec.frequency,
                        source=spec.source,
                        is_published=publishing and key != "cout",
                    )
                    indicator.save()
                    pace = rng.uniform(0.2, 0.45) if product.slug in OFF_TRACK else rng.uniform(0.9, 1.2)
                    measurements += _measurements(rng, indicator, spec, start, end, pace)
                    budget -= 1
        bulk_create_with_history(measurements, Measurement, batch_size=1000, default_change_reason="Démonstration")
