from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    """A directorate or body of the ministry: a policy directorate, the DNUM, an operator."""

    class Kind(models.TextChoices):
        POLICY_DIRECTORATE = "direction_metier", "Direction métier"
        DIGITAL_DIRECTORATE = "dnum", "Direction du numérique (DNUM)"
        OPERATOR = "operateur", "Opérateur"
        OTHER = "autre", "Autre"

    name = models.CharField("nom", max_length=200, unique=True)
    acronym = models.CharField("sigle", max_length=30, blank=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.POLICY_DIRECTORATE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class Person(models.Model):
    """Someone who works on products, with or without an account on Équipage."""

    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    email = models.EmailField("adresse électronique", unique=True)
    job_title = models.CharField("fonction", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.PROTECT, related_name="people"
    )
    trained_in_product_methods = models.BooleanField(
        "formé aux méthodes produit",
        default=False,
        help_text="Priorisation, indicateurs, agilité.",
    )
    product_training_date = models.DateField("date de la formation produit", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)
