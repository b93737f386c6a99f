"""The campaigns' daily task: notices to the owners of failing findings (see `notices.py`)."""

from __future__ import annotations

import datetime

from equipage.core.french import plural
from equipage.core.jobs import daily_job

from .notices import send_notices


@daily_job("campaigns", "Avis des campagnes", order=40)
def campaign_notices(today: datetime.date) -> str:
    """After the findings are recomputed: the owners told are those of today's failing findings."""
    report = send_notices(today)
    text = f"{plural(report.sent, 'avis envoyé', 'avis envoyés')}"
    if report.without_owner:
        text += (
            f" ; {plural(report.without_owner, 'produit', 'produits')} sans responsable joignable "
            "(complétez leur matrice des responsabilités)"
        )
    if report.failed:
        raise RuntimeError(
            f"{text} ; {plural(report.failed, 'avis non envoyé', 'avis non envoyés')}, réessayés au prochain passage."
        )
    return text + "."
