"""Daily snapshots: what each product's vigilance looked like on a day, kept three years for trends.

A snapshot is compact — counts per severity, the level's rank and the open rule codes — not a copy of
the findings: 2,000 products over three years stay a couple of million short rows. The codes are kept
as one space-delimited text (`" CODE_A CODE_B "`) rather than a JSON list so that the database itself
counts the snapshots holding a code (`codes__contains=" CODE "`, a LIKE on SQLite and PostgreSQL alike):
a campaign's progress over months is one aggregating query. What changed since the product's previous
snapshot (findings opened and closed, the level's move) is computed when the snapshot is written, so
trends over weeks and months are sums, never a query per day.

Each snapshot also keeps the product's scope facts that day — its sponsoring directorate, phase and
public-service flag, named as on the product — so that a campaign's past figures are filtered on what
the product was then: a product that changes phase or directorate does not carry its history with it.
"""

from __future__ import annotations

from django.db import models


class ProductSnapshot(models.Model):
    """One product's vigilance on one day, written by the daily job (derived data: no history)."""

    product = models.ForeignKey("registry.Product", on_delete=models.CASCADE, related_name="snapshots")
    day = models.DateField("jour")
    level_rank = models.PositiveSmallIntegerField("rang du niveau", default=0)
    blocking = models.PositiveSmallIntegerField("bloquants", default=0)
    watch = models.PositiveSmallIntegerField("à surveiller", default=0)
    info = models.PositiveSmallIntegerField("informations", default=0)
    codes = models.TextField("règles non respectées", blank=True, default="")
    opened = models.PositiveSmallIntegerField("règles apparues", default=0)
    closed = models.PositiveSmallIntegerField("règles résolues", default=0)
    level_delta = models.SmallIntegerField("évolution du niveau", default=0)
    # The scope facts campaigns filter on, as they were that day (same names as on the product, so that a
    # campaign's scope condition applies to both). No index of their own: they only narrow the rows of the
    # sampled days, which the day index finds.
    sponsor = models.ForeignKey(
        "people.Organisation",
        verbose_name="direction sponsor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    phase = models.CharField("phase", max_length=20, blank=True, default="")
    is_public_service = models.BooleanField("service public numérique", default=False)

    class Meta:
        verbose_name = "instantané d’un produit"
        verbose_name_plural = "instantanés des produits"
        ordering = ["product_id", "day"]
        constraints = [models.UniqueConstraint(fields=["product", "day"], name="snapshot_once_per_day")]
        indexes = [models.Index(fields=["day"], name="snapshot_day")]

    def __str__(self) -> str:
        return f"{self.product_id} {self.day.isoformat()}"

    @property
    def code_set(self) -> frozenset[str]:
        return frozenset(self.codes.split())


class PortfolioDay(models.Model):
    """The whole portfolio on one day, summed from its snapshots when they are written: portfolio
    trends read a row per day instead of a row per product and day."""

    day = models.DateField("jour", unique=True)
    products = models.PositiveIntegerField("produits", default=0)
    blocking = models.PositiveIntegerField("bloquants", default=0)
    watch = models.PositiveIntegerField("à surveiller", default=0)
    info = models.PositiveIntegerField("informations", default=0)
    opened = models.PositiveIntegerField("règles apparues", default=0)
    closed = models.PositiveIntegerField("règles résolues", default=0)
    level_up = models.PositiveIntegerField("niveaux gagnés", default=0)
    level_down = models.PositiveIntegerField("niveaux perdus", default=0)
    levels = models.JSONField("produits par rang de niveau", default=dict, blank=True)

    class Meta:
        verbose_name = "journée du portefeuille"
        verbose_name_plural = "journées du portefeuille"
        ordering = ["day"]

    def __str__(self) -> str:
        return self.day.isoformat()
