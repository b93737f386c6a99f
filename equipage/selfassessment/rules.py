"""Self-assessment's vigilance rule: a product should self-assess at least every six months.

Registered with the engine when the apps are ready (see `equipage/checks/engine.py`).
"""

from __future__ import annotations

import datetime

from equipage.checks.engine import Batch, ProductFacts, fact, rule
from equipage.core import french
from equipage.core.vocabulary import Area, Level, Severity

from .models import SelfAssessment
from .selectors import latest_assessment_dates

SELF_ASSESSMENT_MAX_AGE = datetime.timedelta(days=183)


@fact("last_self_assessment", watch={SelfAssessment: lambda assessment: {assessment.product_id}})
def last_self_assessment(batch: Batch) -> dict[int, datetime.date]:
    return latest_assessment_dates(batch.scope)


@rule(
    "AUTODIAGNOSTIC_ABSENT",
    Severity.INFO,
    "Pas d’autodiagnostic depuis six mois",
    short="Autodiagnostic",
    area=Area.ORGANISATION,
    level=Level.EXEMPLARY,
    activity="rituels_comites",
)
def stale_self_assessment(facts: ProductFacts):
    last = facts.last_self_assessment
    if last is None:
        yield (
            "Aucun autodiagnostic n’a été rempli pour ce produit.",
            "Les membres qui tiennent un rôle de pilotage remplissent l’autodiagnostic de leur rôle.",
        )
    elif facts.today - last > SELF_ASSESSMENT_MAX_AGE:
        yield (
            f"Le dernier autodiagnostic date du {french.date(last)}, il y a plus de six mois.",
            "Refaire l’autodiagnostic : c’est l’occasion de mesurer les progrès de l’équipe.",
        )
