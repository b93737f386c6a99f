from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from equipage.people.models import Person
from equipage.registry.models import Product

from .roles import PRODUCT_LEADING_ROLES, Role


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: datetime.date | None = None) -> MembershipQuerySet:
        """Memberships running on a day (today by default): started, and not yet ended."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))

    def past(self, on: datetime.date | None = None) -> MembershipQuerySet:
        on = on or timezone.localdate()
        return self.filter(end_date__lt=on)

    def leading(self) -> MembershipQuerySet:
        return self.filter(role__in=PRODUCT_LEADING_ROLES)


class Membership(models.Model):
    """A person holding a role on a product's team, for a share of their working time, over a period."""

    person = models.ForeignKey(Person, verbose_name="personne", on_delete=models.PROTECT, related_name="memberships")
    product = models.ForeignKey(Product, verbose_name="produit", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("rôle", max_length=40, choices=Role.choices)
    time_share = models.PositiveSmallIntegerField(
        "part du temps de travail (%)",
        validators=[
            MinValueValidator(0, "La part du temps doit être comprise entre 0 et 100 %%."),
            MaxValueValidator(100, "La part du temps doit être comprise entre 0 et 100 %%."),
        ],
        help_text="Entre 0 et 100 %.",
    )
    start_date = models.DateField("début", default=timezone.localdate)
    end_date = models.DateField("fin", null=True, blank=True, help_text="Laissez vide si le rôle est en cours.")

    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rôle dans une équipe"
        verbose_name_plural = "rôles dans les équipes"
        ordering = ["role", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_share__gte=0) & Q(time_share__lte=100), name="membership_time_share_0_100"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.product})"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La date de fin ne peut pas précéder la date de début."})

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    @property
    def is_leading(self) -> bool:
        return self.role in PRODUCT_LEADING_ROLES


def current_team(product: Product, on: datetime.date | None = None) -> list[Membership]:
    """The product's memberships running on a day, with their person, by name: loaded once per product instance,
    so that a page composed of several sections (the product sheet) reads them once."""
    on = on or timezone.localdate()
    loaded = product.__dict__.setdefault("_current_team", {})
    if on not in loaded:
        loaded[on] = list(
            Membership.objects.current(on)
            .filter(product=product)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
    return loaded[on]


def current_total_share(on: datetime.date | None = None):
    """An expression for a person queryset: the sum of the person's current time shares (0 without a role)."""
    shares = (
        Membership.objects.current(on)
        .filter(person_id=models.OuterRef("pk"))
        .values("person_id")
        .annotate(total=models.Sum("time_share"))
        .values("total")
    )
    return Coalesce(models.Subquery(shares, output_field=models.IntegerField()), 0)


def total_time_shares(person_ids, on: datetime.date | None = None) -> dict[int, int]:
    """Each person's total time share over all their current memberships, in one query."""
    rows = (
        Membership.objects.current(on)
        .filter(person_id__in=person_ids)
        .values("person_id")
        .annotate(total=Sum("time_share"))
        .order_by()
    )
    return {row["person_id"]: row["total"] for row in rows}
