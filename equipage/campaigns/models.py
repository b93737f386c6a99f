"""Campaigns: an administrator asks the portfolio to pass one or several rules by a deadline.

A campaign names its rules (vigilance rule codes), a scope (directorates, phases, public services
only: empty means every one), a target (the share of products in scope passing every rule, in %)
and a deadline. Its progress is read from the stored findings (today) and the daily snapshots
(the days before, `equipage/trends/`). Kept in history; closed, never deleted.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from equipage.checks.engine import RULES
from equipage.registry.models import Phase, Product, ProductQuerySet


def rule_title(code: str) -> str:
    """A rule's title; the code itself only for a rule no longer registered."""
    rule = RULES.get(code)
    return rule.title if rule else code


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def running(self, today: datetime.date) -> CampaignQuerySet:
        """Open campaigns whose period covers the day: the ones whose owners are told."""
        return self.filter(closed_on__isnull=True, opened_on__lte=today, deadline__gte=today)


class Campaign(models.Model):
    title = models.CharField("intitulé", max_length=160)
    description = models.TextField("objet", blank=True, help_text="Pourquoi cette campagne, ce qui est attendu.")
    rule_codes = models.JSONField("règles", default=list)
    directorates = models.ManyToManyField(
        "people.Organisation", verbose_name="directions", blank=True, related_name="+"
    )
    phases = models.JSONField("phases", default=list, blank=True)
    public_services_only = models.BooleanField("services publics numériques seulement", default=False)
    target = models.PositiveSmallIntegerField("cible (%)")
    opened_on = models.DateField("ouverte le")
    deadline = models.DateField("échéance")
    closed_on = models.DateField("clôturée le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ouverte par", null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords(m2m_fields=[directorates])
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "campagne"
        verbose_name_plural = "campagnes"
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def rule_titles(self) -> list[str]:
        """The rules by their titles, as users read them (codes stay in exports and the API)."""
        return [rule_title(code) for code in self.rule_codes]

    @property
    def phase_labels(self) -> list[str]:
        labels = dict(Phase.choices)
        return [labels.get(phase, phase) for phase in self.phases]

    @property
    def directorate_ids(self) -> list[int]:
        """The scope's directorates (read once, or from a prefetch); empty means every directorate."""
        return [organisation.pk for organisation in self.directorates.all()]

    def scope(self) -> ProductQuerySet:
        """The active products in scope today."""
        return Product.objects.active().filter(
            scope_filter(self.directorate_ids, self.phases, self.public_services_only)
        )


def scope_filter(directorate_ids, phases, public_services_only: bool) -> Q:
    """Products of these directorates and phases (none given: all), public services only if asked.

    A condition rather than a queryset, so that one aggregating query can count several scopes."""
    condition = Q()
    directorate_ids = list(directorate_ids)
    if directorate_ids:
        condition &= Q(sponsor_id__in=directorate_ids)
    if phases:
        condition &= Q(phase__in=list(phases))
    if public_services_only:
        condition &= Q(is_public_service=True)
    return condition


def scoped_products(directorate_ids, phases, public_services_only: bool) -> ProductQuerySet:
    """Active products of these directorates and phases (none given: all), public services only if asked."""
    return Product.objects.active().filter(scope_filter(directorate_ids, phases, public_services_only))


class CampaignNotice(models.Model):
    """One e-mail told to one person about one campaign: recorded so that it is never sent twice."""

    class Kind(models.TextChoices):
        OPENED = "ouverture", "ouverture de la campagne"
        DAYS_30 = "j-30", "30 jours avant l’échéance"
        DAYS_7 = "j-7", "7 jours avant l’échéance"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("avis", max_length=12, choices=Kind.choices)
    sent_on = models.DateField("envoyé le")

    class Meta:
        verbose_name = "avis de campagne"
        verbose_name_plural = "avis de campagne"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person", "kind"], name="campaign_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.person_id} {self.kind}"
