"""Indicators' vigilance rule: an indicator still followed must be kept up to date.

Registered with the engine when the apps are ready (see `equipage/checks/engine.py`).
"""

from __future__ import annotations

from equipage.checks.engine import Batch, ProductFacts, fact, rule
from equipage.core import french
from equipage.core.vocabulary import Area, Level, Severity

from .models import Indicator, Measurement, Objective
from .selectors import stale_indicators


def _indicator_product(indicator_id: int) -> set[int]:
    return set(Indicator.objects.filter(pk=indicator_id).values_list("product_id", flat=True))


@fact(
    "stale_indicators",
    default=list,
    watch={
        Objective: lambda objective: {objective.product_id},
        Indicator: lambda indicator: {indicator.product_id},
        Measurement: lambda measurement: _indicator_product(measurement.indicator_id),
    },
)
def load_stale_indicators(batch: Batch) -> dict[int, list[Indicator]]:
    return stale_indicators(batch.scope, batch.today)


@rule(
    "INDICATEUR_PERIME",
    Severity.WATCH,
    "Indicateur non mis à jour",
    short="Indicateurs périmés",
    area=Area.VALUE,
    level=Level.PRACTICES,
    activity="objectifs",
)
def stale_indicator(facts: ProductFacts):
    for indicator in facts.stale_indicators:
        last = f"dernière mesure le {french.date(indicator.last_date)}" if indicator.last_date else "jamais renseigné"
        frequency = indicator.get_frequency_display().lower()
        yield (
            f"L’indicateur « {indicator.name} » (suivi {frequency}) n’est plus à jour : {last}.",
            "Saisir, importer ou pousser par l’API les dernières mesures, ou arrêter le suivi de l’indicateur.",
        )
