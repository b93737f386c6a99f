from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from equipage.people.models import Organisation


class Phase(models.TextChoices):
    """Life-cycle stages of a digital public service."""

    INVESTIGATION = "investigation", "Investigation"
    CONSTRUCTION = "construction", "Construction"
    ACCELERATION = "acceleration", "Accélération"
    PERENNISATION = "perennisation", "Pérennisation"
    END_OF_LIFE = "fin_de_vie", "Fin de vie"


class Governance(models.TextChoices):
    """Who holds the Product Manager role: the four configurations of the operating model."""

    POLICY_OWNER_IS_PM = "metier_pm", "Le métier est PM"
    DNUM_PM = "pm_dnum", "PM DNUM, le métier expert"
    SHARED = "co_responsabilite", "Co-responsabilité métier & DNUM"
    DNUM_OWNED = "porte_dnum", "Porté par la DNUM"


GOVERNANCE_DESCRIPTIONS = {
    Governance.POLICY_OWNER_IS_PM: (
        "Le responsable métier porte la vision, les priorités et la feuille de route. "
        "Il lui faut du temps, une formation aux méthodes produit et un coach."
    ),
    Governance.DNUM_PM: (
        "Un product manager de la DNUM pilote le produit ; le métier apporte besoins, enjeux et validation."
    ),
    Governance.SHARED: (
        "Le métier porte la vision fonctionnelle et stratégique, la DNUM la conduite opérationnelle et "
        "technique ; les décisions sont prises ensemble, avec des rituels d’alignement réguliers."
    ),
    Governance.DNUM_OWNED: "Produit conçu par et pour la DNUM, par exemple une plateforme d’hébergement.",
}


# Slugs that would clash with the registry's own pages (/produits/nouveau/ is the creation form).
RESERVED_SLUGS = frozenset({"nouveau"})
SLUG_MAX_LENGTH = 80
_SLUG = re.compile(r"^[-a-z0-9_]+$")


def normalise_product_slug(value: str | None, name: str | None = None) -> str:
    """The slug a product gets from what was typed, or from its name when nothing was: may be empty."""
    return slugify(value or name or "")[:SLUG_MAX_LENGTH].strip("-")


def validate_product_slug(slug: str) -> None:
    """The one rule for every way a product is written (page, API, admin): never empty, never reserved."""
    if not slug:
        raise ValidationError(
            "Indiquez un identifiant d’adresse fait de lettres, de chiffres et de tirets "
            "(le nom seul n’en contient aucun).",
            code="empty",
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            f"« {slug} » est réservé par Équipage : choisissez un autre identifiant.", code="reserved"
        )
    if not _SLUG.match(slug):
        raise ValidationError("Utilisez seulement des lettres minuscules, des chiffres et des tirets.", code="invalid")


def is_linkable_slug(slug: str) -> bool:
    try:
        validate_product_slug(slug)
    except ValidationError:
        return False
    return True


class ProductQuerySet(models.QuerySet["Product"]):
    def active(self) -> ProductQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ProductQuerySet:
        return self.filter(archived_at__isnull=False)

    def search(self, text: str) -> ProductQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(pitch__icontains=text) | Q(slug__icontains=text))

    def for_listing(self) -> ProductQuerySet:
        return self.select_related("sponsor")


class Product(models.Model):
    """The fiche produit: one digital public service and what the portfolio needs to know of it."""

    name = models.CharField("nom", max_length=120)
    slug = models.SlugField(
        "identifiant d’adresse",
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        validators=[validate_product_slug],
        help_text="Utilisé dans les adresses, par exemple /produits/mon-produit/. "
        "Lettres minuscules, chiffres et tirets.",
        error_messages={"unique": "Un produit utilise déjà cet identifiant d’adresse."},
    )
    pitch = models.CharField("pitch", max_length=280, help_text="Une phrase : ce que le service permet, à qui.")
    problem = models.TextField("problème adressé", blank=True)
    vision = models.TextField("vision", blank=True)
    target_users = models.TextField("usagers cibles", blank=True)
    sponsor = models.ForeignKey(
        Organisation,
        verbose_name="direction sponsor",
        on_delete=models.PROTECT,
        related_name="sponsored_products",
    )
    phase = models.CharField("phase", max_length=20, choices=Phase.choices, default=Phase.INVESTIGATION)
    governance = models.CharField(
        "configuration de gouvernance", max_length=20, choices=Governance.choices, default=Governance.DNUM_PM
    )
    is_public_service = models.BooleanField(
        "service public numérique",
        default=False,
        help_text="Ouvert aux usagers (public ou agents) : ses statistiques, son budget et son "
        "accessibilité sont publiés.",
    )
    service_url = models.URLField("adresse du service", blank=True)
    statistics_url = models.URLField("page de statistiques", blank=True)
    budget_url = models.URLField("page de budget", blank=True)
    source_code_url = models.URLField("code source", blank=True)
    accessibility_statement_url = models.URLField("déclaration d’accessibilité", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    archived_at = models.DateTimeField("archivé le", null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = "produit"
        verbose_name_plural = "produits"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The sheet's address; empty for a row whose slug no page can link to (it must not break a list)."""
        if not self.has_linkable_slug:
            return ""
        try:
            return reverse("registry:product_detail", kwargs={"slug": self.slug})
        except NoReverseMatch:
            return ""

    @property
    def has_linkable_slug(self) -> bool:
        return is_linkable_slug(self.slug)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def governance_description(self) -> str:
        return GOVERNANCE_DESCRIPTIONS[Governance(self.governance)]

    def links(self) -> list[tuple[str, str]]:
        """The product's outward links that are filled in, as (label, url)."""
        fields = ["service_url", "statistics_url", "budget_url", "source_code_url", "accessibility_statement_url"]
        return [
            (self._meta.get_field(name).verbose_name.capitalize(), getattr(self, name))
            for name in fields
            if getattr(self, name)
        ]
