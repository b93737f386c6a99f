"""Accepted deviations (dérogations): a finding a product's editors ask to accept, for a stated reason, until
a date; a coach produit of the product or a portfolio administrator approves or refuses it.

An accepted deviation, until its end date, keeps the finding apart: it shows on the sheet as such and does not
count against the product's level (the `accepted_deviations` fact, `rules.py`). After its end date it is
« échue » and the finding counts again, by itself: the daily recompute of the findings sees the date.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from equipage.checks.engine import RULES
from equipage.registry.models import Product

# How far an end date may be, counted from the request.
MAX_MONTHS = 12


class State(models.TextChoices):
    REQUESTED = "demandee", "Demandée"
    ACCEPTED = "acceptee", "Acceptée"
    REFUSED = "refusee", "Refusée"
    REVOKED = "revoquee", "Révoquée"


# What the lists show: an accepted deviation past its end date is « échue ».
EXPIRED = "echue"
STATUS_LABELS = {**dict(State.choices), EXPIRED: "Échue"}
STATUS_TONES = {
    State.REQUESTED: "new",
    State.ACCEPTED: "success",
    State.REFUSED: "error",
    State.REVOKED: "neutral",
    EXPIRED: "warning",
}


class DeviationQuerySet(models.QuerySet["Deviation"]):
    def in_force(self, on: datetime.date | None = None) -> DeviationQuerySet:
        """Accepted and not past their end date on that day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(state=State.ACCEPTED, end_date__gte=on)

    def open(self, on: datetime.date | None = None) -> DeviationQuerySet:
        """Requested, or accepted and in force: what a new request on the same finding would duplicate."""
        on = on or timezone.localdate()
        return self.filter(models.Q(state=State.REQUESTED) | models.Q(state=State.ACCEPTED, end_date__gte=on))

    def with_status(self, status: str, on: datetime.date | None = None) -> DeviationQuerySet:
        on = on or timezone.localdate()
        if status == EXPIRED:
            return self.filter(state=State.ACCEPTED, end_date__lt=on)
        if status == State.ACCEPTED:
            return self.in_force(on)
        return self.filter(state=status)


class Deviation(models.Model):
    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="deviations")
    code = models.CharField("règle", max_length=64)
    justification = models.TextField("justification")
    end_date = models.DateField("date de fin")
    state = models.CharField("état", max_length=20, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandée par", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("demandée le", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decision_comment = models.TextField("motif de la décision", blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="révoquée par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)
    revocation_reason = models.TextField("motif de la révocation", blank=True)

    history = HistoricalRecords()
    objects = DeviationQuerySet.as_manager()

    class Meta:
        verbose_name = "dérogation"
        verbose_name_plural = "dérogations"
        ordering = ["end_date", "pk"]
        indexes = [
            models.Index(fields=["product", "state", "end_date"], name="deviation_product_state"),
            models.Index(fields=["state", "end_date"], name="deviation_state_end"),
        ]

    def __str__(self) -> str:
        return f"Dérogation {self.code} ({self.product})"

    def get_absolute_url(self) -> str:
        return reverse("deviations:product_list", args=[self.product.slug]) + f"#derogation-{self.pk}"

    def status(self, on: datetime.date | None = None) -> str:
        """The state, « échue » for an accepted deviation past its end date."""
        on = on or timezone.localdate()
        if self.state == State.ACCEPTED and self.end_date < on:
            return EXPIRED
        return self.state

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status()]

    @property
    def status_tone(self) -> str:
        return STATUS_TONES[self.status()]

    @property
    def rule_title(self) -> str:
        registered = RULES.get(self.code)
        return registered.title if registered else self.code
