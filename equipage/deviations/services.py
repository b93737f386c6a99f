"""Writes of deviations: ask, decide (accept or refuse), revoke. Each checks everything first, raises a
`ValidationError` with French messages keyed by field and writes nothing when it refuses, and keeps who and
when in the history. The findings of the product are recomputed with the write (the `accepted_deviations`
fact watches `Deviation`)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from equipage.checks.engine import RULES
from equipage.checks.store import findings_by_product
from equipage.core.french import date as date_fr
from equipage.registry.models import Product

from .models import MAX_MONTHS, Deviation, State
from .permissions import OWN_REQUEST


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def latest_end_date(today: datetime.date | None = None) -> datetime.date:
    return add_months(today or timezone.localdate(), MAX_MONTHS)


def check_request(
    product: Product, code: str, justification: str, end_date: datetime.date | None, today: datetime.date | None = None
) -> dict[str, list[str]]:
    """What is wrong with a request, by field (empty when it may be saved)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if code not in RULES:
        errors["code"] = ["Choisissez la règle de vigilance dont le point est à accepter."]
    elif not any(finding.code == code for finding in findings_by_product([product.pk]).get(product.pk, [])):
        errors["code"] = [
            f"{product.name} n’a aucun point de vigilance « {RULES[code].title} » : il n’y a rien à accepter."
        ]
    elif Deviation.objects.filter(product=product, code=code).open(today).exists():
        errors["code"] = ["Une dérogation est déjà demandée ou en vigueur pour ce point : décidez-la ou révoquez-la."]
    if not (justification or "").strip():
        errors["justification"] = ["Indiquez pourquoi ce point est accepté : la justification est obligatoire."]
    if end_date is None:
        errors["end_date"] = ["Indiquez la date de fin de la dérogation."]
    elif end_date < today:
        errors["end_date"] = [f"La date de fin ne peut pas être passée (au plus tôt le {date_fr(today)})."]
    elif end_date > latest_end_date(today):
        errors["end_date"] = [
            f"Une dérogation dure au plus {MAX_MONTHS} mois : date de fin au plus tard le "
            f"{date_fr(latest_end_date(today))}."
        ]
    return errors


@transaction.atomic
def request_deviation(
    user, product: Product, code: str, justification: str, end_date: datetime.date | None, today=None
) -> Deviation:
    """Ask to accept a finding of the product (the guard checked the user is one of its editors)."""
    errors = check_request(product, code, justification, end_date, today)
    if errors:
        raise ValidationError(errors)
    deviation = Deviation(
        product=product, code=code, justification=justification.strip(), end_date=end_date, requested_by=user
    )
    deviation._history_user = user
    deviation.save()
    return deviation


@transaction.atomic
def decide(user, deviation: Deviation, accept: bool, comment: str = "") -> Deviation:
    """Accept or refuse a requested deviation (the guard checked the user is a coach or an administrator)."""
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    if deviation.requested_by_id == user.pk:
        raise PermissionDenied(OWN_REQUEST)
    if deviation.state != State.REQUESTED:
        raise ValidationError({"decision": [f"Cette dérogation est déjà {deviation.get_state_display().lower()}."]})
    if not accept and not (comment or "").strip():
        raise ValidationError({"comment": ["Indiquez le motif du refus."]})
    if accept and deviation.end_date < timezone.localdate():
        raise ValidationError({"decision": ["Sa date de fin est passée : elle ne peut plus être acceptée."]})
    deviation.state = State.ACCEPTED if accept else State.REFUSED
    deviation.decided_by = user
    deviation.decided_at = timezone.now()
    deviation.decision_comment = (comment or "").strip()
    deviation._history_user = user
    deviation.save()
    return deviation


@transaction.atomic
def revoke(user, deviation: Deviation, reason: str = "") -> Deviation:
    """End an accepted deviation now, or withdraw a request: the finding counts again at once."""
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    if deviation.status() not in (State.REQUESTED, State.ACCEPTED):
        raise ValidationError({"decision": ["Seule une dérogation demandée ou en vigueur peut être révoquée."]})
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Indiquez le motif de la révocation."]})
    deviation.state = State.REVOKED
    deviation.revoked_by = user
    deviation.revoked_at = timezone.now()
    deviation.revocation_reason = reason.strip()
    deviation._history_user = user
    deviation.save()
    return deviation
