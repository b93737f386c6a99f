"""Deviations feed the vigilance engine: the accepted deviations in force on the day, per product.

A finding of a rule covered by one is stored with its end date (`StoredFinding.waived_until`), shown apart
and left out of the level; past the end date the fact no longer gives it, so the daily recompute brings
the finding back by itself.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from equipage.checks.engine import WAIVERS_FACT, Batch, fact

from .models import Deviation, State


@fact(WAIVERS_FACT, default=dict, watch={Deviation: lambda deviation: {deviation.product_id}})
def accepted_deviations(batch: Batch) -> dict[int, dict[str, datetime.date]]:
    """{product id: {rule code: end date}} of the deviations accepted and in force on the batch's day: one query."""
    waivers: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    rows = Deviation.objects.filter(
        product_id__in=batch.scope, state=State.ACCEPTED, end_date__gte=batch.today
    ).values_list("product_id", "code", "end_date")
    for product_id, code, end_date in rows:
        waivers[product_id][code] = max(end_date, waivers[product_id].get(code, end_date))
    return waivers
