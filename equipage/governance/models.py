"""A product's responsibility matrix, once adapted, and its rituals.

A product without a saved matrix follows the default of its governance configuration (see
defaults.py and matrix.py): nothing is stored until an editor changes it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from equipage.core import french
from equipage.core.french import de
from equipage.people.models import Person
from equipage.registry.models import Governance, Product
from equipage.teams.roles import Role

from .defaults import Level


class ResponsibilityMatrix(models.Model):
    """The saved matrix of a product, and the configuration whose default it started from."""

    product = models.OneToOneField(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="responsibility_matrix"
    )
    governance_basis = models.CharField(
        "configuration de référence",
        max_length=20,
        choices=Governance.choices,
        help_text="La configuration de gouvernance dont la matrice a repris les niveaux par défaut.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "matrice des responsabilités"
        verbose_name_plural = "matrices des responsabilités"

    def __str__(self) -> str:
        return f"Matrice des responsabilités {de(self.product)}"

    def get_absolute_url(self) -> str:
        return reverse("governance:matrix", kwargs={"slug": self.product.slug})


class MatrixActivity(models.Model):
    """One row of a saved matrix: a standard activity (with its code) or one an editor added."""

    matrix = models.ForeignKey(
        ResponsibilityMatrix, verbose_name="matrice", on_delete=models.CASCADE, related_name="activities"
    )
    code = models.CharField(
        "code", max_length=40, blank=True, help_text="Code des activités standard ; vide pour une activité ajoutée."
    )
    label = models.CharField("activité", max_length=200)
    position = models.PositiveSmallIntegerField("position", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "activité de la matrice"
        verbose_name_plural = "activités de la matrice"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["matrix", "code"], condition=~models.Q(code=""), name="matrix_activity_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        """How forms and the API name the row: its code, or a key derived from its id for added ones."""
        return self.code or f"perso-{self.pk}"


class MatrixLevel(models.Model):
    """The level of one role in one activity."""

    activity = models.ForeignKey(
        MatrixActivity, verbose_name="activité", on_delete=models.CASCADE, related_name="levels"
    )
    role = models.CharField("rôle", max_length=40, choices=Role.choices)
    level = models.CharField("niveau", max_length=20, choices=Level.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "niveau de responsabilité"
        verbose_name_plural = "niveaux de responsabilité"
        constraints = [models.UniqueConstraint(fields=["activity", "role"], name="matrix_level_one_per_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} : {self.get_level_display()} ({self.activity})"


class RitualKind(models.TextChoices):
    ALIGNMENT = "alignement", "Alignement métier–DNUM"
    DEMO = "demo", "Démo"
    RETROSPECTIVE = "retrospective", "Rétrospective"
    STEERING_COMMITTEE = "comite_pilotage", "Comité de pilotage"
    INVESTMENT_COMMITTEE = "comite_investissement", "Comité d’investissement"
    OTHER = "autre", "Autre"


class Cadence(models.TextChoices):
    WEEKLY = "hebdomadaire", "Hebdomadaire"
    FORTNIGHTLY = "deux_semaines", "Toutes les deux semaines"
    MONTHLY = "mensuelle", "Mensuelle"
    QUARTERLY = "trimestrielle", "Trimestrielle"
    HALF_YEARLY = "semestrielle", "Semestrielle"


# How many days a cadence stands for, and the grace period after which a ritual not held is late.
CADENCE_DAYS = {
    Cadence.WEEKLY: 7,
    Cadence.FORTNIGHTLY: 14,
    Cadence.MONTHLY: 31,
    Cadence.QUARTERLY: 92,
    Cadence.HALF_YEARLY: 183,
}


def grace_days(cadence: str) -> int:
    """Half a period, at least a week: a monthly ritual held 45 days ago is late, one held 40 days ago is not."""
    return max(7, CADENCE_DAYS[Cadence(cadence)] // 2)


def lateness_limit(cadence: str) -> int:
    """The age, in days, past which a ritual's last meeting makes it late."""
    return CADENCE_DAYS[Cadence(cadence)] + grace_days(cadence)


class RitualQuerySet(models.QuerySet["Ritual"]):
    def with_last_meeting(self) -> RitualQuerySet:
        """Annotate each ritual with the date of its last meeting held (or None), in the same query."""
        return self.annotate(last_meeting_date=Max("meetings__date"))

    def active(self) -> RitualQuerySet:
        return self.filter(is_active=True)

    def running(self, on=None) -> RitualQuerySet:
        """Active rituals that have started (on a day, today by default)."""
        return self.active().filter(start_date__lte=on or timezone.localdate())


class Ritual(models.Model):
    """A recurring meeting of the product: alignment, demo, retrospective, committee. Deactivated, never deleted."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="rituals")
    name = models.CharField("nom", max_length=120)
    kind = models.CharField("type", max_length=30, choices=RitualKind.choices, default=RitualKind.OTHER)
    cadence = models.CharField("cadence", max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY)
    is_active = models.BooleanField("actif", default=True)
    start_date = models.DateField("date de début", default=timezone.localdate)

    history = HistoricalRecords()

    objects = RitualQuerySet.as_manager()

    class Meta:
        verbose_name = "rituel"
        verbose_name_plural = "rituels"
        ordering = ["-is_active", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.product})"

    def get_absolute_url(self) -> str:
        return reverse("governance:ritual_detail", kwargs={"slug": self.product.slug, "pk": self.pk})

    def is_late(self, today: datetime.date | None = None, last_meeting: datetime.date | None = None) -> bool:
        """An active ritual is late when its last meeting (or, never held, its start) is older than its
        cadence plus the grace period. Pass `last_meeting`, or annotate with `with_last_meeting()`."""
        if not self.is_active:
            return False
        today = today or timezone.localdate()
        if last_meeting is None:
            last_meeting = getattr(self, "last_meeting_date", None)
        reference = last_meeting or self.start_date
        return (today - reference).days > lateness_limit(self.cadence)

    @property
    def late(self) -> bool:
        return self.is_late()


class RitualMeeting(models.Model):
    """One occurrence of a ritual that was actually held: its date, who came, short notes."""

    ritual = models.ForeignKey(Ritual, verbose_name="rituel", on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField("date")
    attendees = models.ManyToManyField(Person, verbose_name="participants", blank=True, related_name="ritual_meetings")
    notes = models.TextField("notes", blank=True, help_text="Quelques lignes : ce qui a été vu, ce qui a été décidé.")
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = "réunion de rituel"
        verbose_name_plural = "réunions de rituel"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.ritual.name} du {french.date(self.date)}"

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "Une réunion se consigne une fois tenue : la date ne peut pas être future."})
        if self.date and self.ritual_id and self.date < self.ritual.start_date:
            raise ValidationError(
                {
                    "date": f"Le rituel a commencé le {french.date(self.ritual.start_date)} : "
                    "la réunion ne peut pas précéder."
                }
            )
