"""Two demo campaigns: one on track (a rule most products already pass), one late (a rule many fail).

Opened in the past so that their progress reads the demo snapshots; created once (by title), through the
service and its validation, by the portfolio administrator."""

from __future__ import annotations

import datetime
import math
from collections import Counter

from django.utils import timezone

from equipage.accounts.models import User
from equipage.checks.engine import RULES
from equipage.checks.models import StoredFinding
from equipage.registry.models import Product
from equipage.trends.models import ProductSnapshot

from .models import Campaign
from .services import save_campaign
from .validation import CampaignData

WEEKS_OPEN = 8  # the campaign on track opened eight weeks ago: its progress reads the snapshots since


def _improved_code(today: datetime.date, now: Counter) -> str | None:
    """The rule whose failing products fell the most since the campaign on track opened (from the snapshots)."""
    opened = today - datetime.timedelta(weeks=WEEKS_OPEN)
    then = Counter(
        code
        for codes in ProductSnapshot.objects.filter(day=opened).values_list("codes", flat=True)
        for code in codes.split()
    )
    gains = {code: then[code] - now.get(code, 0) for code in then}
    best = max(sorted(gains), key=lambda code: gains[code], default=None)
    return best if best is not None and gains[best] > 0 else None


def load_demo_campaigns(admin_email: str, today: datetime.date | None = None) -> None:
    """Once: when no campaign exists yet."""
    today = today or timezone.localdate()
    admin = User.objects.filter(email=admin_email).first()
    if admin is None or Campaign.objects.exists():
        return
    failing = Counter(
        code
        for _pk, code in StoredFinding.objects.filter(product__archived_at__isnull=True)
        .values_list("product_id", "code")
        .distinct()
    )
    total = Product.objects.active().count()
    if not failing or not total:
        return
    hard = max(sorted(failing), key=lambda code: failing[code])
    plans = [(hard, 95, 120, 20, "Tous les produits respectent cette règle avant la fin du trimestre.")]
    improved = _improved_code(today, failing)
    if improved is not None:
        # On track: the target on the line its progress since opening draws towards the deadline.
        then = ProductSnapshot.objects.filter(day=today - datetime.timedelta(weeks=WEEKS_OPEN))
        start = 100 * (1 - then.filter(codes__contains=f" {improved} ").count() / max(then.count(), 1))
        share = 100 * (total - failing.get(improved, 0)) / total
        opened, left = 7 * WEEKS_OPEN, 120
        target = min(100, math.floor(start + (share - start) * (opened + left) / opened))
        plans.insert(0, (improved, max(1, target), opened, left, "Chaque produit tient ce point du modèle produit."))
    for code, target, opened_days_ago, days_left, description in plans:
        campaign = save_campaign(
            admin,
            CampaignData(
                title=f"Résorber « {RULES[code].title} »",
                description=description,
                rule_codes=[code],
                target=target,
                deadline=today + datetime.timedelta(days=days_left),
            ),
            today,
        )
        # Opened earlier: its progress reads the past weeks' snapshots.
        opened_on = today - datetime.timedelta(days=opened_days_ago)
        Campaign.objects.filter(pk=campaign.pk).update(opened_on=opened_on)
        campaign.history.filter(history_type="+").update(opened_on=opened_on)
