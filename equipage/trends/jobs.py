"""The daily snapshot, after the findings are recomputed (see `equipage/core/jobs.py`)."""

from __future__ import annotations

import datetime

from equipage.core.french import plural
from equipage.core.jobs import daily_job

from .snapshots import prune, take_snapshots


@daily_job("snapshots", "Instantanés des produits", order=30)
def snapshot_the_portfolio(today: datetime.date) -> str:
    written = take_snapshots(today)
    removed = prune(today)
    report = f"{plural(written, 'instantané enregistré', 'instantanés enregistrés')}"
    if removed:
        old = plural(removed, "instantané de plus de trois ans supprimé", "instantanés de plus de trois ans supprimés")
        report += f", {old}"
    return report + "."
