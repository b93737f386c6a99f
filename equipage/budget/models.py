"""A product's budget by year: lines (planned, committed, forecast) and the spending entered per month or
quarter; the daily costs administrators set to estimate staff costs from the team's time shares."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from equipage.core.french import de
from equipage.people.models import Organisation
from equipage.registry.models import Product
from equipage.teams.roles import Role

ZERO = Decimal("0")
NOT_NEGATIVE = [MinValueValidator(ZERO, "Un montant ne peut pas être négatif.")]
AMOUNT = {"max_digits": 14, "decimal_places": 2, "validators": NOT_NEGATIVE}
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_VALIDATORS = [
    MinValueValidator(FIRST_YEAR, "Année impossible : entre 2000 et 2100."),
    MaxValueValidator(LAST_YEAR, "Année impossible : entre 2000 et 2100."),
]


class Nature(models.TextChoices):
    BUILD = "build", "Construction (build)"
    RUN = "run", "Fonctionnement (run)"


class Category(models.TextChoices):
    STAFF = "personnel_interne", "Personnel interne"
    EXTERNAL = "prestation_externe", "Prestation externe"
    HOSTING = "hebergement", "Hébergement"
    LICENCES = "licences", "Licences"
    OTHER = "autre", "Autre"


FUNDING_SUGGESTIONS = [
    "Programme budgétaire",
    "Fonds de transformation de l’action publique",
    "Plan de relance",
    "Crédits de la direction métier",
    "Crédits de la DNUM",
]


class BudgetYear(models.Model):
    """A product's budget for one year; published years appear on the public budget page."""

    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="budget_years")
    year = models.PositiveSmallIntegerField("année", validators=YEAR_VALIDATORS)
    is_published = models.BooleanField("publié", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "budget annuel"
        verbose_name_plural = "budgets annuels"
        ordering = ["product", "-year"]
        constraints = [models.UniqueConstraint(fields=["product", "year"], name="budget_year_once_per_product")]

    def __str__(self) -> str:
        return f"Budget {self.year} {de(self.product)}"


class BudgetLineQuerySet(models.QuerySet["BudgetLine"]):
    def with_spent(self) -> BudgetLineQuerySet:
        return self.annotate(spent=Coalesce(Sum("spending__amount"), ZERO, output_field=models.DecimalField()))


class BudgetLine(models.Model):
    budget_year = models.ForeignKey(
        BudgetYear, verbose_name="budget annuel", on_delete=models.PROTECT, related_name="lines"
    )
    label = models.CharField("intitulé", max_length=200)
    nature = models.CharField("nature", max_length=10, choices=Nature.choices, default=Nature.BUILD)
    category = models.CharField("catégorie", max_length=30, choices=Category.choices, default=Category.EXTERNAL)
    funding_source = models.CharField(
        "source de financement",
        max_length=200,
        blank=True,
        help_text="Par exemple : programme budgétaire, plan de relance.",
    )
    planned = models.DecimalField("prévu (€)", **AMOUNT)
    committed = models.DecimalField("engagé (€)", default=ZERO, **AMOUNT)
    forecast = models.DecimalField(
        "prévision de fin d’année (€)",
        null=True,
        blank=True,
        help_text="Ce que la ligne coûtera sur l’année, selon vous.",
        **AMOUNT,
    )

    history = HistoricalRecords()

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = "ligne budgétaire"
        verbose_name_plural = "lignes budgétaires"
        ordering = ["nature", "category", "label", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget_year", "label"],
                name="budget_line_label_unique_in_year",
                violation_error_message="Une ligne porte déjà cet intitulé dans le budget de cette année.",
            ),
            models.CheckConstraint(condition=Q(planned__gte=0) & Q(committed__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        return self.label


class SpendingEntry(models.Model):
    """What a line spent in one month, or in one quarter (never both for the same months)."""

    line = models.ForeignKey(BudgetLine, verbose_name="ligne", on_delete=models.CASCADE, related_name="spending")
    month = models.PositiveSmallIntegerField(
        "mois", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    quarter = models.PositiveSmallIntegerField(
        "trimestre", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    amount = models.DecimalField("dépensé (€)", **AMOUNT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "dépense"
        verbose_name_plural = "dépenses"
        ordering = ["line", "quarter", "month"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(month__isnull=False) & Q(quarter__isnull=True))
                | (Q(month__isnull=True) & Q(quarter__isnull=False)),
                name="spending_month_or_quarter",
            ),
            models.UniqueConstraint(
                fields=["line", "month"], condition=Q(month__isnull=False), name="spending_month_once"
            ),
            models.UniqueConstraint(
                fields=["line", "quarter"], condition=Q(quarter__isnull=False), name="spending_quarter_once"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spending_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line} — {'T' + str(self.quarter) if self.quarter else self.month}"

    @property
    def covered_quarter(self) -> int:
        return self.quarter or (self.month - 1) // 3 + 1


class DailyCost(models.Model):
    """A daily cost for estimating staff costs: per role, per organisation, or per role within an organisation."""

    role = models.CharField("rôle", max_length=40, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = models.DecimalField("coût journalier (€)", **AMOUNT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "coût journalier"
        verbose_name_plural = "coûts journaliers"
        constraints = [
            models.UniqueConstraint(fields=["role", "organisation"], name="daily_cost_once"),
            models.CheckConstraint(
                condition=~Q(role="") | Q(organisation__isnull=False), name="daily_cost_has_a_scope"
            ),
        ]

    def __str__(self) -> str:
        scope = " — ".join(part for part in [self.get_role_display(), str(self.organisation or "")] if part)
        return f"{scope} : {self.amount} €"
