"""Changes to a team: validated as a whole, kept in history, never deleting a membership."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from equipage.core import french

from .models import Membership
from .roles import SINGLE_HOLDER_ROLES


def check_no_overlap(membership: Membership) -> None:
    """One person holds a given role on a product once at a time."""
    end = membership.end_date or datetime.date.max
    overlapping = (
        Membership.objects.filter(person=membership.person_id, product=membership.product_id, role=membership.role)
        .exclude(pk=membership.pk)
        .filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=membership.start_date))
    )
    if membership.person_id and membership.product_id and overlapping.exists():
        raise ValidationError(
            f"{membership.person} tient déjà le rôle « {membership.get_role_display()} » sur ce produit "
            "pendant cette période : modifiez ou terminez ce rôle plutôt que d’en créer un second."
        )


def validate_membership(membership: Membership) -> None:
    membership.full_clean()
    check_no_overlap(membership)


def _overlapping(queryset, membership: Membership):
    end = membership.end_date or datetime.date.max
    running = Q(end_date__isnull=True) | Q(end_date__gte=membership.start_date)
    return queryset.filter(start_date__lte=end).filter(running)


def membership_warnings(membership: Membership) -> list[str]:
    """What an editor should confirm before saving: a second holder of a role normally held by one person,
    a person's total time share above 100 %. Allowed, but never silently."""
    warnings = []
    if membership.role in SINGLE_HOLDER_ROLES:
        others = _overlapping(
            Membership.objects.filter(product=membership.product_id, role=membership.role)
            .exclude(pk=membership.pk)
            .exclude(person=membership.person_id)
            .select_related("person"),
            membership,
        )
        names = sorted({str(other.person) for other in others})
        if names:
            role = membership.get_role_display()
            holders = " et ".join(names)
            warnings.append(
                f"« {role} » est normalement tenu par une seule personne, et {holders} "
                f"{'le tient' if len(names) == 1 else 'le tiennent'} déjà sur ce produit pendant cette période : "
                f"{membership.person} en serait un second titulaire."
            )
    today = timezone.localdate()
    day = max(membership.start_date, today)
    if membership.end_date is None or membership.end_date >= day:
        others = (
            Membership.objects.current(day)
            .filter(person=membership.person_id)
            .exclude(pk=membership.pk)
            .values_list("time_share", flat=True)
        )
        total = sum(others) + (membership.time_share or 0)
        if total > 100:
            when = "aujourd’hui" if day == today else f"à partir du {french.date(day)}"
            warnings.append(
                f"{membership.person} aurait {total} % au total de son temps de travail sur les produits "
                f"{when}, au-delà de 100 % : vérifiez la répartition avec ses autres équipes."
            )
    return warnings


@transaction.atomic
def save_membership(membership: Membership, *, user) -> Membership:
    """Validate and save a membership; `user` (None for a script) is named in its history."""
    validate_membership(membership)
    if user is not None:
        membership._history_user = user
    membership.save()
    return membership


@transaction.atomic
def end_membership(membership: Membership, end_date: datetime.date | None = None, *, user) -> Membership:
    end_date = end_date or timezone.localdate()
    if membership.end_date and membership.end_date <= end_date:
        raise ValidationError("Ce rôle est déjà terminé.")
    if end_date < membership.start_date:
        raise ValidationError("La date de fin ne peut pas précéder la date de début.")
    membership.end_date = end_date
    if user is not None:
        membership._history_user = user
    membership.save(update_fields=["end_date"])
    return membership
