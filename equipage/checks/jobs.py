"""The vigilance engine's daily task: rules also depend on the date alone (see `store.py`)."""

from __future__ import annotations

import datetime

from equipage.core.french import plural
from equipage.core.jobs import daily_job

from .store import refresh_all


@daily_job("findings", "Points de vigilance recalculés", order=10)
def recompute_findings(today: datetime.date) -> str:
    """First of the day: what follows (snapshots, campaigns, digests) reads the stored findings."""
    stored = refresh_all(today)
    return f"{plural(stored, 'point de vigilance enregistré', 'points de vigilance enregistrés')}."
