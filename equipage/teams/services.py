"""Changes to a team: validated as a whole, kept in history, never deleting a membership."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Membership


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


@transaction.atomic
def save_membership(membership: Membership, *, user) -> Membership:
    """Validate and save a membership; `user` (None for a script) is named in its history."""
    membership.full_clean()
    check_no_overlap(membership)
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
