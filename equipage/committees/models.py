"""Committees and their sessions, the decisions taken (in a session, a ritual meeting or outside) and the
actions they open. Nothing is deleted: sessions, decisions and actions keep their history."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from equipage.core import french
from equipage.governance.models import RitualMeeting
from equipage.people.models import Person
from equipage.registry.models import Phase, Product


class Scope(models.TextChoices):
    PRODUCT = "produit", "Un produit"
    PORTFOLIO = "portefeuille", "Plusieurs produits"


class CommitteeKind(models.Model):
    """A kind of committee (comité de pilotage, d’investissement, de portefeuille…), managed by administrators."""

    name = models.CharField("nom", max_length=120, unique=True)
    code = models.SlugField("code", max_length=40, unique=True)
    scope = models.CharField("périmètre", max_length=20, choices=Scope.choices, default=Scope.PRODUCT)
    is_steering = models.BooleanField(
        "comité de pilotage",
        default=False,
        help_text="Compte pour la règle « pas de comité de pilotage depuis six mois ».",
    )
    description = models.TextField("description", blank=True)
    position = models.PositiveSmallIntegerField("position", default=0)
    is_active = models.BooleanField("actif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "type de comité"
        verbose_name_plural = "types de comité"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class SessionQuerySet(models.QuerySet["Session"]):
    def for_listing(self) -> SessionQuerySet:
        return self.select_related("kind").prefetch_related("products")

    def held(self) -> SessionQuerySet:
        return self.filter(is_held=True)


class Session(models.Model):
    """One sitting of a committee: its date, the products reviewed, agenda, attendees, minutes."""

    kind = models.ForeignKey(CommitteeKind, verbose_name="type de comité", on_delete=models.PROTECT)
    date = models.DateField("date")
    title = models.CharField("intitulé", max_length=200, blank=True, help_text="Facultatif : par exemple « COPIL T2 ».")
    products = models.ManyToManyField(Product, verbose_name="produits examinés", related_name="committee_sessions")
    minutes = models.TextField("compte rendu", blank=True)
    is_held = models.BooleanField("séance tenue", default=False, help_text="Cochez une fois la séance tenue.")
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[products])

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "séance de comité"
        verbose_name_plural = "séances de comité"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title or f"{self.kind} du {french.date(self.date)}"

    def get_absolute_url(self) -> str:
        return reverse("committees:session_detail", kwargs={"pk": self.pk})


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, verbose_name="séance", on_delete=models.CASCADE, related_name="agenda")
    topic = models.CharField("sujet", max_length=200)
    product = models.ForeignKey(
        Product, verbose_name="produit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expected_decision = models.CharField("décision attendue", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("position", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "point de l’ordre du jour"
        verbose_name_plural = "ordre du jour"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.topic


class Attendee(models.Model):
    session = models.ForeignKey(Session, verbose_name="séance", on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(Person, verbose_name="personne", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("rôle en séance", max_length=120, blank=True, help_text="Par exemple : président, DPO.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "participant"
        verbose_name_plural = "participants"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attendee_once_per_session")]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})" if self.role else str(self.person)


class DecisionQuerySet(models.QuerySet["Decision"]):
    def for_listing(self) -> DecisionQuerySet:
        return self.select_related(
            "product__sponsor", "session__kind", "ritual_meeting__ritual", "supersedes", "superseded_by"
        ).prefetch_related(models.Prefetch("actions", queryset=Action.objects.select_related("owner")))


class Decision(models.Model):
    """What was decided, why, when, where and by whom; it may supersede an earlier decision of the product."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="decisions")
    title = models.CharField("décision", max_length=300, help_text="Ce qui a été décidé, en une phrase.")
    rationale = models.TextField(
        "motifs", blank=True, help_text="Pourquoi : éléments pris en compte, options écartées."
    )
    date = models.DateField("date")
    session = models.ForeignKey(
        Session,
        verbose_name="séance de comité",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    ritual_meeting = models.ForeignKey(
        RitualMeeting,
        verbose_name="réunion de rituel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decided_by = models.CharField("décidé par", max_length=200, help_text="Qui a décidé : une personne, une instance.")
    supersedes = models.OneToOneField(
        "self",
        verbose_name="remplace la décision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    new_phase = models.CharField(
        "nouvelle phase du produit",
        max_length=20,
        choices=Phase.choices,
        blank=True,
        help_text="Seulement pour une décision de comité qui fait changer le produit de phase.",
    )
    previous_phase = models.CharField("phase précédente", max_length=20, choices=Phase.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="consignée par", on_delete=models.SET_NULL, null=True, editable=False
    )
    created_at = models.DateTimeField("consignée le", auto_now_add=True)

    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "décision"
        verbose_name_plural = "décisions"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("committees:decision_detail", kwargs={"slug": self.product.slug, "pk": self.pk})

    def clean(self) -> None:
        if self.supersedes_id and self.pk and supersede_chain_loops(self, self.supersedes):
            raise ValidationError({"supersedes": LOOP_MESSAGE})

    @property
    def where(self) -> str:
        if self.session_id:
            return str(self.session)
        if self.ritual_meeting_id:
            return str(self.ritual_meeting)
        return "Hors instance"

    @property
    def is_superseded(self) -> bool:
        try:
            return self.superseded_by is not None
        except Decision.DoesNotExist:
            return False


LOOP_MESSAGE = "Remplacement en boucle : la décision choisie remplace déjà, directement ou non, celle-ci."


def supersede_chain_loops(decision: Decision, supersedes: Decision | None) -> bool:
    """Whether making `decision` supersede `supersedes` would close a loop (A supersedes B supersedes A)."""
    seen = set()
    current = supersedes
    while current is not None:
        if current.pk == decision.pk or current.pk in seen:
            return True
        seen.add(current.pk)
        current = current.supersedes
    return False


class ActionStatus(models.TextChoices):
    TODO = "a_faire", "À faire"
    IN_PROGRESS = "en_cours", "En cours"
    DONE = "faite", "Faite"
    DROPPED = "abandonnee", "Abandonnée"


OPEN_STATUSES = (ActionStatus.TODO, ActionStatus.IN_PROGRESS)


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> ActionQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Action(models.Model):
    """Something a decision asks someone to do, by a date."""

    decision = models.ForeignKey(Decision, verbose_name="décision", on_delete=models.PROTECT, related_name="actions")
    title = models.CharField("action", max_length=300)
    owner = models.ForeignKey(Person, verbose_name="responsable", on_delete=models.PROTECT, related_name="actions")
    due_date = models.DateField("échéance")
    status = models.CharField("statut", max_length=20, choices=ActionStatus.choices, default=ActionStatus.TODO)

    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        verbose_name_plural = "actions"
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in ActionStatus]), name="action_status_known")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


def pack_upload_to(pack: SessionPack, filename: str) -> str:
    return f"comites/dossiers/{filename}"


class SessionPack(models.Model):
    """One edition of a session's committee pack, frozen as a PDF: what the committee saw, as it was."""

    session = models.ForeignKey(Session, verbose_name="séance", on_delete=models.PROTECT, related_name="packs")
    edition = models.PositiveSmallIntegerField("édition")
    generated_at = models.DateTimeField("généré le")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="généré par", on_delete=models.SET_NULL, null=True, blank=True
    )
    file = models.FileField("fichier PDF", upload_to=pack_upload_to, max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "dossier de séance"
        verbose_name_plural = "dossiers de séance"
        ordering = ["session", "-edition"]
        constraints = [models.UniqueConstraint(fields=["session", "edition"], name="session_pack_edition_unique")]

    def __str__(self) -> str:
        return f"Dossier de {self.session}, édition {self.edition}"
