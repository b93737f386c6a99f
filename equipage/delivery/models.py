"""Delivery: the roadmap, the backlog of user stories and their acceptance criteria.

Roadmap items say what the team builds next and which objectives it should move; user stories say
what a user needs, with testable acceptance criteria and a RICE score. Both are ordered by a manual
rank: sparse integers, so that moving one item swaps two rows whatever the size of the list.
Nothing is deleted: statuses end things (livré, abandonné, terminée), history keeps every change.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from equipage.core import french
from equipage.indicators.models import Indicator, Objective
from equipage.registry.models import Product

RANK_STEP = 1024
QUARTER_PATTERN = re.compile(r"^(\d{4})-T([1-4])$")


class Horizon(models.TextChoices):
    NOW = "maintenant", "Maintenant"
    NEXT = "ensuite", "Ensuite"
    LATER = "plus_tard", "Plus tard"


class RoadmapStatus(models.TextChoices):
    CONSIDERED = "envisage", "Envisagé"
    PLANNED = "planifie", "Planifié"
    IN_PROGRESS = "en_cours", "En cours"
    DELIVERED = "livre", "Livré"
    DROPPED = "abandonne", "Abandonné"


def quarter_label(quarter: str) -> str:
    """« 2026-T3 » reads « 3e trimestre 2026 » (« 1er trimestre » for the first)."""
    match = QUARTER_PATTERN.match(quarter or "")
    if not match:
        return quarter or ""
    year, number = match.groups()
    return f"{'1er' if number == '1' else number + 'e'} trimestre {year}"


class RoadmapItemQuerySet(models.QuerySet["RoadmapItem"]):
    def published(self) -> RoadmapItemQuerySet:
        return self.filter(is_published=True).exclude(status=RoadmapStatus.DROPPED)

    def for_listing(self) -> RoadmapItemQuerySet:
        return self.prefetch_related("objectives", "indicators").annotate(story_count=Count("stories", distinct=True))


class RoadmapItem(models.Model):
    """Something the team means to deliver, in a horizon, to move some objectives."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="roadmap_items")
    title = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True)
    horizon = models.CharField("horizon", max_length=12, choices=Horizon.choices, default=Horizon.NEXT)
    target_quarter = models.CharField(
        "trimestre visé",
        max_length=7,
        blank=True,
        validators=[RegexValidator(QUARTER_PATTERN, "Indiquez un trimestre sous la forme AAAA-T1 à AAAA-T4.")],
        help_text="Facultatif, au format AAAA-T1 à AAAA-T4, par exemple 2026-T3.",
    )
    status = models.CharField("statut", max_length=12, choices=RoadmapStatus.choices, default=RoadmapStatus.CONSIDERED)
    objectives = models.ManyToManyField(
        Objective, verbose_name="objectifs visés", blank=True, related_name="roadmap_items"
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name="indicateurs visés", blank=True, related_name="roadmap_items"
    )
    expected_effect = models.TextField(
        "effet attendu", blank=True, help_text="En quelques mots : ce qui doit changer pour les usagers."
    )
    is_published = models.BooleanField(
        "publié",
        default=False,
        help_text="Affiché sans compte sur la page publique du produit, s’il est un service public.",
    )
    rank = models.BigIntegerField("rang", default=0, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[objectives, indicators])

    objects = RoadmapItemQuerySet.as_manager()

    class Meta:
        verbose_name = "élément de feuille de route"
        verbose_name_plural = "éléments de feuille de route"
        ordering = ["rank", "pk"]
        indexes = [models.Index(fields=["product", "horizon", "rank"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delivery:roadmap", kwargs={"slug": self.product.slug}) + f"#element-{self.pk}"

    @property
    def spoken_label(self) -> str:
        return f"« {self.title} »"

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.target_quarter)


class StoryStatus(models.TextChoices):
    IDEA = "idee", "Idée"
    TO_REFINE = "a_affiner", "À affiner"
    READY = "prete", "Prête"
    IN_PROGRESS = "en_cours", "En cours"
    IN_ACCEPTANCE = "en_recette", "En recette"
    DONE = "terminee", "Terminée"
    DROPPED = "abandonnee", "Abandonnée"


OPEN_STORY_STATUSES = [
    StoryStatus.IDEA,
    StoryStatus.TO_REFINE,
    StoryStatus.READY,
    StoryStatus.IN_PROGRESS,
    StoryStatus.IN_ACCEPTANCE,
]
NOT_READY_WITHOUT_CRITERIA = "Une story ne peut pas être « prête » sans au moins un critère d’acceptation."


def readiness_error(status: str, criteria_count: int) -> str:
    """Why a story may not have this status with that many criteria; empty when it may."""
    if status == StoryStatus.READY and criteria_count < 1:
        return NOT_READY_WITHOUT_CRITERIA
    return ""


# RICE: reach (people or events per quarter), impact (0,25 minimal … 3 massive), confidence (%), effort
# (person-weeks). Score = reach × impact × confidence / effort.
IMPACT_CHOICES = [
    (Decimal("0.25"), "0,25 — minime"),
    (Decimal("0.50"), "0,5 — faible"),
    (Decimal("1.00"), "1 — moyen"),
    (Decimal("2.00"), "2 — fort"),
    (Decimal("3.00"), "3 — massif"),
]
RICE_FIELDS = ("reach", "impact", "confidence", "effort")
EFFORT_ZERO = "L’effort doit être strictement positif : le score RICE divise par l’effort."
NEGATIVE_FACTOR = "Un facteur RICE ne peut pas être négatif."
RICE_INCOMPLETE = "Renseignez les quatre facteurs RICE (portée, impact, confiance, effort), ou aucun."


def rice_score(reach, impact, confidence, effort) -> Decimal | None:
    """R × I × C / E, confidence in percent; None when a factor is missing. Raises on bad factors."""
    factors = (reach, impact, confidence, effort)
    if all(factor is None for factor in factors):
        return None
    if any(factor is None for factor in factors):
        raise ValidationError(RICE_INCOMPLETE)
    if any(Decimal(factor) < 0 for factor in factors):
        raise ValidationError(NEGATIVE_FACTOR)
    if Decimal(effort) == 0:
        raise ValidationError({"effort": EFFORT_ZERO})
    score = Decimal(reach) * Decimal(impact) * (Decimal(confidence) / 100) / Decimal(effort)
    return score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class StoryQuerySet(models.QuerySet["Story"]):
    def open(self) -> StoryQuerySet:
        return self.filter(status__in=OPEN_STORY_STATUSES)

    def with_criteria_count(self) -> StoryQuerySet:
        return self.annotate(criteria_count=Count("criteria", distinct=True))

    def with_evidence(self) -> StoryQuerySet:
        """How many research insights and field feedback items support each story: two subqueries, no join."""
        insights = (
            Insight.stories.through.objects.filter(story_id=OuterRef("pk"))
            .order_by()
            .values("story_id")
            .annotate(n=Count("*"))
            .values("n")
        )
        feedback = (
            Feedback.stories.through.objects.filter(story_id=OuterRef("pk"))
            .order_by()
            .values("story_id")
            .annotate(n=Count("*"))
            .values("n")
        )
        return self.annotate(
            insight_count=Coalesce(Subquery(insights), 0), feedback_count=Coalesce(Subquery(feedback), 0)
        )

    def without_criteria(self) -> StoryQuerySet:
        return self.filter(~Exists(AcceptanceCriterion.objects.filter(story=OuterRef("pk"))))

    def search(self, text: str) -> StoryQuerySet:
        text = text.strip()
        if not text:
            return self
        query = (
            Q(title__icontains=text)
            | Q(as_a__icontains=text)
            | Q(i_want__icontains=text)
            | Q(so_that__icontains=text)
            | Q(external_key__iexact=text)
        )
        if text.lstrip("#").isdigit():
            query |= Q(number=int(text.lstrip("#")))
        return self.filter(query)


class Story(models.Model):
    """A user story: who needs what and why, how we will know it is done, and how much it is worth."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="stories")
    number = models.PositiveIntegerField("numéro", editable=False)
    title = models.CharField(
        "titre",
        max_length=200,
        error_messages={"blank": "Donnez un titre à la story.", "required": "Donnez un titre à la story."},
    )
    as_a = models.CharField(
        "en tant que", max_length=200, blank=True, help_text="Qui a ce besoin : « agent instructeur »."
    )
    i_want = models.TextField("je veux", blank=True, help_text="Ce que la personne veut pouvoir faire.")
    so_that = models.TextField("afin de", blank=True, help_text="Pourquoi : le bénéfice attendu.")
    description = models.TextField("précisions", blank=True)
    estimate = models.PositiveSmallIntegerField(
        "estimation", null=True, blank=True, help_text="En points, selon l’échelle de l’équipe."
    )
    status = models.CharField("statut", max_length=12, choices=StoryStatus.choices, default=StoryStatus.IDEA)
    roadmap_item = models.ForeignKey(
        RoadmapItem,
        verbose_name="élément de feuille de route",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
    )
    release = models.ForeignKey(
        "Release",
        verbose_name="version",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        help_text="La version qui la livrera.",
    )
    reach = models.PositiveIntegerField(
        "portée (R)", null=True, blank=True, help_text="Personnes ou démarches touchées par trimestre."
    )
    impact = models.DecimalField(
        "impact (I)", max_digits=4, decimal_places=2, null=True, blank=True, choices=IMPACT_CHOICES
    )
    confidence = models.PositiveSmallIntegerField(
        "confiance (C, %)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100, "La confiance est un pourcentage, de 0 à 100.")],
        help_text="De 0 à 100 %.",
    )
    effort = models.DecimalField(
        "effort (E)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), NEGATIVE_FACTOR)],
        help_text="En semaines-personne ; strictement positif.",
    )
    rice = models.DecimalField("score RICE", max_digits=14, decimal_places=2, null=True, blank=True, editable=False)
    rank = models.BigIntegerField("rang", default=0, editable=False)
    external_key = models.CharField(
        "identifiant externe", max_length=60, blank=True, help_text="Clé dans l’outil d’origine (Jira : PROJ-123)."
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = "user story"
        verbose_name_plural = "user stories"
        ordering = ["rank", "pk"]
        indexes = [
            models.Index(fields=["product", "rank"]),
            models.Index(fields=["product", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="story_number_unique_in_product"),
            models.UniqueConstraint(
                fields=["product", "external_key"],
                condition=~Q(external_key=""),
                name="story_external_key_unique_in_product",
            ),
            models.CheckConstraint(condition=Q(effort__isnull=True) | Q(effort__gt=0), name="story_effort_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"

    def save(self, *args, **kwargs) -> None:
        try:
            self.rice = rice_score(self.reach, self.impact, self.confidence, self.effort)
        except ValidationError:
            self.rice = None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("delivery:story_detail", kwargs={"slug": self.product.slug, "number": self.number})

    def clean(self) -> None:
        if self.roadmap_item_id and self.product_id and self.roadmap_item.product_id != self.product_id:
            raise ValidationError({"roadmap_item": "Cet élément appartient à la feuille de route d’un autre produit."})
        if self.release_id and self.product_id and self.release.product_id != self.product_id:
            raise ValidationError({"release": "Cette version appartient à un autre produit."})
        self.rice = rice_score(self.reach, self.impact, self.confidence, self.effort)

    @property
    def spoken_label(self) -> str:
        return f"la story n° {self.number}"

    @property
    def sentence(self) -> str:
        parts = []
        if self.as_a:
            parts.append(f"En tant que {self.as_a}")
        if self.i_want:
            parts.append(f"je veux {self.i_want}")
        if self.so_that:
            parts.append(f"afin de {self.so_that}")
        return ", ".join(parts) + ("." if parts else "")


class AcceptanceCriterion(models.Model):
    """One short, testable sentence of a story's definition of done; « Étant donné / quand / alors » welcome."""

    story = models.ForeignKey(Story, verbose_name="story", on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("ordre")
    text = models.CharField("critère", max_length=500)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "critère d’acceptation"
        verbose_name_plural = "critères d’acceptation"
        ordering = ["story_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text


# --- Releases, acceptance testing (recette) and demos ------------------------------------------------------


class ReleaseQuerySet(models.QuerySet["Release"]):
    def in_production(self) -> ReleaseQuerySet:
        return self.filter(actual_date__isnull=False)

    def upcoming(self) -> ReleaseQuerySet:
        return self.filter(actual_date__isnull=True)

    def for_listing(self) -> ReleaseQuerySet:
        return self.select_related("campaign").annotate(
            story_count=Count("stories", distinct=True),
            blocking_count=Count("campaign__cases", filter=Q(campaign__cases__result="bloquant"), distinct=True),
        )


class Release(models.Model):
    """A version of the product: what it carries, when it is planned and when it went into production."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="releases")
    name = models.CharField(
        "nom",
        max_length=80,
        help_text="Par exemple : 2.3 ou « Printemps 2026 ».",
        error_messages={"required": "Donnez un nom à la version."},
    )
    description = models.TextField("description", blank=True)
    planned_date = models.DateField("mise en production prévue le", null=True, blank=True)
    actual_date = models.DateField(
        "mise en production le", null=True, blank=True, help_text="À remplir le jour où la version part en production."
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    history = HistoricalRecords()

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = "version"
        verbose_name_plural = "versions"
        ordering = ["-planned_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "name"],
                name="release_name_unique_in_product",
                violation_error_message="Ce produit a déjà une version de ce nom.",
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("delivery:release_detail", kwargs={"slug": self.product.slug, "pk": self.pk})

    @property
    def in_production(self) -> bool:
        return self.actual_date is not None


class CampaignState(models.TextChoices):
    NONE = "aucune", "Pas de recette"
    IN_PROGRESS = "en_cours", "Recette en cours"
    BLOCKED = "bloquee", "Recette bloquée"
    VALIDATED = "validee", "Recette validée"


class Campaign(models.Model):
    """The acceptance testing (recette) of one release, and its sign-off."""

    release = models.OneToOneField(Release, verbose_name="version", on_delete=models.PROTECT, related_name="campaign")
    created_at = models.DateTimeField("ouverte le", auto_now_add=True)
    signed_off_by = models.ForeignKey(
        "people.Person",
        verbose_name="validée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_campaigns",
    )
    signed_off_at = models.DateTimeField("validée le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "campagne de recette"
        verbose_name_plural = "campagnes de recette"

    def __str__(self) -> str:
        return f"Recette de la {self.release}"

    @property
    def is_signed(self) -> bool:
        return self.signed_off_at is not None


def campaign_state(campaign: Campaign | None, blocking_count: int) -> CampaignState:
    """The verdict: validated only when signed off with no blocking case left."""
    if campaign is None:
        return CampaignState.NONE
    if blocking_count:
        return CampaignState.BLOCKED
    if campaign.is_signed:
        return CampaignState.VALIDATED
    return CampaignState.IN_PROGRESS


class CaseResult(models.TextChoices):
    NOT_TESTED = "non_teste", "Non testé"
    PASSED = "conforme", "Conforme"
    FAILED = "non_conforme", "Non conforme"
    BLOCKING = "bloquant", "Bloquant"


class TestCase(models.Model):
    """One check of the recette: an acceptance criterion of a story of the release, or a case added by hand."""

    __test__ = False  # not a pytest test class

    campaign = models.ForeignKey(Campaign, verbose_name="recette", on_delete=models.PROTECT, related_name="cases")
    story = models.ForeignKey(
        Story, verbose_name="story", on_delete=models.PROTECT, null=True, blank=True, related_name="test_cases"
    )
    criterion = models.ForeignKey(
        AcceptanceCriterion,
        verbose_name="critère d’acceptation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="test_cases",
    )
    position = models.PositiveIntegerField("ordre", default=0)
    text = models.CharField("cas de test", max_length=500, error_messages={"blank": "Décrivez le cas de test."})
    result = models.CharField("résultat", max_length=12, choices=CaseResult.choices, default=CaseResult.NOT_TESTED)
    comment = models.TextField("commentaire", blank=True)
    tested_by = models.ForeignKey(
        "people.Person", verbose_name="testé par", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tested_on = models.DateField("testé le", null=True, blank=True)
    bug_story = models.ForeignKey(
        Story,
        verbose_name="anomalie ouverte",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bug_for_cases",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cas de test"
        verbose_name_plural = "cas de test"
        ordering = ["campaign_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "criterion"], condition=Q(criterion__isnull=False), name="one_case_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_failure(self) -> bool:
        return self.result in (CaseResult.FAILED, CaseResult.BLOCKING)


class Demo(models.Model):
    """A demo to users or the métier: the stories shown, who attended, what they said."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="demos")
    release = models.ForeignKey(
        Release, verbose_name="version", on_delete=models.PROTECT, null=True, blank=True, related_name="demos"
    )
    date = models.DateField("date")
    stories = models.ManyToManyField(Story, verbose_name="stories montrées", blank=True, related_name="demos")
    attendees = models.ManyToManyField(
        "people.Person", verbose_name="participants", blank=True, related_name="demos_attended"
    )
    feedback = models.TextField("retours", blank=True, help_text="Un retour par ligne : chacun peut devenir une story.")

    history = HistoricalRecords(m2m_fields=[stories, attendees])

    class Meta:
        verbose_name = "démo"
        verbose_name_plural = "démos"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Démo du {french.date(self.date)}"

    @property
    def feedback_lines(self) -> list[str]:
        return [line.strip() for line in self.feedback.splitlines() if line.strip()]


# --- User research and field feedback --------------------------------------------------------------------


class ResearchKind(models.TextChoices):
    INTERVIEW = "entretien", "Entretien"
    USABILITY = "test_utilisabilite", "Test d’utilisabilité"
    SURVEY = "questionnaire", "Questionnaire"
    USAGE = "analyse_usage", "Analyse d’usage"
    AB_TEST = "test_ab", "Test A/B"
    FIELD = "immersion", "Immersion terrain"


def split_tags(text: str) -> list[str]:
    """« accessibilité, Mobile ; délais » → ["accessibilité", "délais", "mobile"]: lower-cased, unique, sorted."""
    return sorted({tag.strip().lower() for tag in re.split(r"[,;]", text or "") if tag.strip()})


class ResearchActivity(models.Model):
    """Time spent with users: interviews, usability tests, surveys, usage analysis, A/B tests, field immersion."""

    product = models.ForeignKey(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="research_activities"
    )
    kind = models.CharField("type", max_length=20, choices=ResearchKind.choices)
    title = models.CharField("titre", max_length=200, error_messages={"blank": "Donnez un titre à l’activité."})
    date = models.DateField("date")
    participants = models.PositiveIntegerField(
        "nombre de participants", default=0, help_text="Usagers ou agents rencontrés ou interrogés."
    )
    team_members = models.ManyToManyField(
        "people.Person", verbose_name="membres de l’équipe présents", blank=True, related_name="research_activities"
    )
    summary = models.TextField("constats", blank=True, help_text="Ce que l’équipe a appris, en quelques phrases.")
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[team_members])

    class Meta:
        verbose_name = "activité de recherche utilisateur"
        verbose_name_plural = "activités de recherche utilisateur"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delivery:research_detail", kwargs={"slug": self.product.slug, "pk": self.pk})


class Insight(models.Model):
    """One finding of a research activity, tagged, and linked to the stories it supports."""

    activity = models.ForeignKey(
        ResearchActivity, verbose_name="activité", on_delete=models.PROTECT, related_name="insights"
    )
    text = models.TextField("enseignement", error_messages={"blank": "Écrivez l’enseignement."})
    tags = models.CharField("étiquettes", max_length=300, blank=True, help_text="Séparées par des virgules.")
    stories = models.ManyToManyField(Story, verbose_name="stories étayées", blank=True, related_name="insights")

    history = HistoricalRecords(m2m_fields=[stories])

    class Meta:
        verbose_name = "enseignement"
        verbose_name_plural = "enseignements"
        ordering = ["activity_id", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def tag_list(self) -> list[str]:
        return split_tags(self.tags)


class Channel(models.TextChoices):
    SUPPORT = "support", "Support"
    AGENTS = "reseau_agents", "Réseau d’agents"
    FORM = "formulaire", "Formulaire"
    EMAIL = "courriel", "Courriel"
    OTHER = "autre", "Autre"


class Triage(models.TextChoices):
    NEW = "nouveau", "Nouveau"
    QUALIFIED = "qualifie", "Qualifié"
    LINKED = "lie", "Lié à une story"
    DISMISSED = "ecarte", "Écarté"
    DUPLICATE = "doublon", "Doublon"


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def untriaged(self) -> FeedbackQuerySet:
        return self.filter(status=Triage.NEW)


class Feedback(models.Model):
    """A field feedback (retour terrain): what a user or agent said, through which channel, and its triage."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="feedback")
    channel = models.CharField("canal", max_length=20, choices=Channel.choices, default=Channel.SUPPORT)
    date = models.DateField("date")
    verbatim = models.TextField("verbatim", error_messages={"blank": "Recopiez le retour."})
    tags = models.CharField("étiquettes", max_length=300, blank=True, help_text="Séparées par des virgules.")
    status = models.CharField("tri", max_length=10, choices=Triage.choices, default=Triage.NEW)
    stories = models.ManyToManyField(Story, verbose_name="stories liées", blank=True, related_name="feedback_items")
    external_id = models.CharField(
        "identifiant externe", max_length=80, blank=True, help_text="Référence du ticket ou du message d’origine."
    )
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[stories])

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = "retour terrain"
        verbose_name_plural = "retours terrain"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["product", "status", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "external_id"],
                condition=~Q(external_id=""),
                name="feedback_external_id_unique_in_product",
            )
        ]

    def __str__(self) -> str:
        return self.verbatim[:80]

    @property
    def tag_list(self) -> list[str]:
        return split_tags(self.tags)
