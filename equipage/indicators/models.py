"""Objectives, their indicators and the indicators' measurements, and the product tokens that push them.

An objective says what impact a product seeks, for whom and by when; each indicator under it says how
that impact is measured (unit, direction, baseline, target, expected update frequency, source). A
measurement is one value of an indicator on a date (or for the period starting that day). Nothing is
deleted: measurements are corrected (history keeps the old value) or marked withdrawn.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from equipage.core import french
from equipage.registry.models import Product

VALUE_DIGITS = 18
VALUE_DECIMALS = 4
MAX_ABS_VALUE = Decimal(10) ** (VALUE_DIGITS - VALUE_DECIMALS)


class Unit(models.TextChoices):
    COUNT = "nombre", "Nombre"
    PERCENT = "pourcentage", "Pourcentage (%)"
    DAYS = "jours", "Durée en jours"
    HOURS = "heures", "Durée en heures"
    MINUTES = "minutes", "Durée en minutes"
    EUROS = "euros", "Euros (€)"
    SCORE = "note", "Note ou score"
    OTHER = "autre", "Autre (précisez le libellé)"


UNIT_SUFFIXES = {
    Unit.PERCENT: "%",
    Unit.DAYS: "j",
    Unit.HOURS: "h",
    Unit.MINUTES: "min",
    Unit.EUROS: "€",
}


class Direction(models.TextChoices):
    HIGHER = "hausse", "Plus c’est haut, mieux c’est"
    LOWER = "baisse", "Plus c’est bas, mieux c’est"


class Frequency(models.TextChoices):
    WEEKLY = "hebdomadaire", "Hebdomadaire"
    MONTHLY = "mensuelle", "Mensuelle"
    QUARTERLY = "trimestrielle", "Trimestrielle"
    YEARLY = "annuelle", "Annuelle"


# Days between two expected updates, and the grace period after which a missing update is flagged.
FREQUENCY_DAYS = {Frequency.WEEKLY: 7, Frequency.MONTHLY: 31, Frequency.QUARTERLY: 92, Frequency.YEARLY: 366}
GRACE_DAYS = {Frequency.WEEKLY: 7, Frequency.MONTHLY: 15, Frequency.QUARTERLY: 30, Frequency.YEARLY: 60}


PERIOD_START_HINTS = {
    Frequency.WEEKLY: "le lundi de la semaine",
    Frequency.MONTHLY: "le 1er du mois",
    Frequency.QUARTERLY: "le 1er jour du trimestre",
    Frequency.YEARLY: "le 1er janvier",
}


def period_start(frequency: str, day: datetime.date) -> datetime.date:
    """The first day of the period (week, month, quarter, year) that holds `day`: a measurement's date."""
    if frequency == Frequency.WEEKLY:
        return day - datetime.timedelta(days=day.weekday())
    if frequency == Frequency.MONTHLY:
        return day.replace(day=1)
    if frequency == Frequency.QUARTERLY:
        return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if frequency == Frequency.YEARLY:
        return datetime.date(day.year, 1, 1)
    return day


class Origin(models.TextChoices):
    MANUAL = "saisie", "Saisie"
    IMPORT = "import", "Import de fichier"
    API = "api", "API"
    DEMO = "demo", "Démonstration"


class Objective(models.Model):
    """What impact the product seeks, for whom, by when."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="objectives")
    title = models.CharField(
        "impact visé", max_length=200, help_text="Par exemple : « Réduire le délai d’instruction des demandes »."
    )
    description = models.TextField("description", blank=True)
    beneficiaries = models.CharField(
        "pour qui", max_length=200, blank=True, help_text="Les usagers ou agents concernés par cet impact."
    )
    due_date = models.DateField("échéance", null=True, blank=True, help_text="Au format JJ/MM/AAAA.")
    position = models.PositiveSmallIntegerField("ordre d’affichage", default=0)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def published(self) -> IndicatorQuerySet:
        return self.filter(is_published=True)

    def with_last_measurement(self) -> IndicatorQuerySet:
        """Annotate each indicator with its latest valid measurement's date and value: still one query."""
        latest = Measurement.objects.filter(indicator=models.OuterRef("pk"), withdrawn=False).order_by("-date")
        return self.annotate(
            last_date=models.Subquery(latest.values("date")[:1]),
            last_value=models.Subquery(latest.values("value")[:1]),
            last_recorded_at=models.Subquery(latest.values("updated_at")[:1]),
        )


class Indicator(models.Model):
    """How an objective's impact is measured."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="indicators")
    objective = models.ForeignKey(
        Objective, verbose_name="objectif", on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.SlugField(
        "code",
        max_length=60,
        help_text="Identifiant court, unique dans le produit, utilisé dans les imports et l’API "
        "(par exemple « delai-instruction »). Lettres minuscules, chiffres et tirets.",
    )
    name = models.CharField("nom", max_length=200)
    definition = models.TextField("définition", blank=True, help_text="Ce que l’on compte, et comment.")
    unit = models.CharField("unité", max_length=20, choices=Unit.choices, default=Unit.COUNT)
    unit_label = models.CharField(
        "libellé de l’unité", max_length=30, blank=True, help_text="Facultatif : « demandes », « secondes »…"
    )
    direction = models.CharField("sens", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    baseline = models.DecimalField(
        "valeur de référence", max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, null=True, blank=True
    )
    baseline_date = models.DateField(
        "date de la valeur de référence", null=True, blank=True, help_text="Au format JJ/MM/AAAA."
    )
    target = models.DecimalField("cible", max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, null=True, blank=True)
    target_date = models.DateField("date cible", null=True, blank=True, help_text="Au format JJ/MM/AAAA.")
    frequency = models.CharField(
        "fréquence de mise à jour attendue", max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    source = models.CharField(
        "source",
        max_length=200,
        blank=True,
        help_text="Par exemple : Matomo, requête en base, enquête de satisfaction.",
    )
    is_published = models.BooleanField(
        "publié",
        default=False,
        help_text="Affiché sans compte sur la page de statistiques publiques du produit, s’il est un service public.",
    )
    is_active = models.BooleanField(
        "suivi en cours",
        default=True,
        help_text="Décochez quand l’indicateur n’est plus mis à jour : il reste consultable.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"
        ordering = ["objective__position", "objective_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="indicator_code_unique_in_product"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.objective_id and not self.product_id:
            self.product_id = self.objective.product_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", kwargs={"slug": self.product.slug, "pk": self.pk})

    def clean(self) -> None:
        if self.objective_id and self.product_id and self.objective.product_id != self.product_id:
            raise ValidationError({"objective": "Cet objectif appartient à un autre produit."})
        if self.baseline_date and self.target_date and self.target_date <= self.baseline_date:
            raise ValidationError({"target_date": "La date cible doit suivre la date de la valeur de référence."})

    @property
    def unit_suffix(self) -> str:
        return self.unit_label or UNIT_SUFFIXES.get(self.unit, "")

    @property
    def period_days(self) -> int:
        return FREQUENCY_DAYS[Frequency(self.frequency)]

    @property
    def grace_days(self) -> int:
        return GRACE_DAYS[Frequency(self.frequency)]

    def period_start(self, day: datetime.date) -> datetime.date:
        """The date a measurement of `day` is recorded at: the first day of its period."""
        return period_start(self.frequency, day)

    @property
    def period_start_hint(self) -> str:
        return PERIOD_START_HINTS.get(self.frequency, "")


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def valid(self) -> MeasurementQuerySet:
        return self.filter(withdrawn=False)


class Measurement(models.Model):
    """One value of an indicator, on a date or for the period starting that day."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="indicateur", on_delete=models.PROTECT, related_name="measurements"
    )
    date = models.DateField("date ou début de période")
    value = models.DecimalField("valeur", max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS)
    comment = models.CharField("commentaire", max_length=500, blank=True)
    withdrawn = models.BooleanField(
        "retirée", default=False, help_text="Une mesure retirée reste dans l’historique mais n’est plus affichée."
    )
    origin = models.CharField("origine", max_length=10, choices=Origin.choices, default=Origin.MANUAL, editable=False)
    created_at = models.DateTimeField("enregistrée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure"
        verbose_name_plural = "mesures"
        ordering = ["indicator_id", "date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="measurement_one_per_indicator_and_date"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {french.date(self.date)} : {self.value}"


def hash_secret(secret: str) -> str:
    """Secrets are long random strings: a plain SHA-256 is enough to store them without keeping them."""
    return hashlib.sha256(secret.encode()).hexdigest()


TOKEN_PREFIX = "eqp_"  # noqa: S105 — a visible prefix, not a secret


class ProductTokenQuerySet(models.QuerySet["ProductToken"]):
    def active(self) -> ProductTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ProductToken(models.Model):
    """A secret with which a script pushes the measurements of one product, and nothing else."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="tokens")
    name = models.CharField("nom", max_length=100, help_text="À quoi sert ce jeton : « export Matomo nocturne »…")
    prefix = models.CharField("début du jeton", max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créé par", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["last_used_at", "key_hash"])

    objects = ProductTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton produit"
        verbose_name_plural = "jetons produit"
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(key_hash=""), name="product_token_has_hash")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def new_secret() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def set_secret(self, secret: str) -> None:
        self.key_hash = hash_secret(secret)
        self.prefix = secret[: len(TOKEN_PREFIX) + 6]
