"""Writes that go beyond a form: recording and correcting measurements, product tokens.

Measurements are never deleted: a wrong value is corrected (the history keeps the old one) or the
measurement is marked withdrawn. Every write names its author in the history.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from equipage.core.formats import format_number, long_date

from .models import Indicator, Measurement, Origin, ProductToken, hash_secret

ALREADY_RECORDED = (
    "Une mesure de « {indicator} » existe déjà au {date} ({value}) : corrigez-la plutôt que d’en ajouter une."
)


def record_measurement(
    indicator: Indicator,
    *,
    date: datetime.date,
    value: Decimal,
    comment: str = "",
    user=None,
    origin: str = Origin.MANUAL,
    reason: str = "",
) -> tuple[Measurement, bool]:
    """Record a new measurement. The same value again on the same date is accepted and changes nothing
    (a script may send twice); another value on a date already measured is refused: correct it instead.
    The date is the first day of the indicator's period (see `validation.MeasurementChecker`)."""
    date = indicator.period_start(date)
    existing = Measurement.objects.filter(indicator=indicator, date=date).first()
    if existing is not None:
        if existing.value == value and not existing.withdrawn:
            return existing, False
        raise ValidationError(
            {
                "date": ALREADY_RECORDED.format(
                    indicator=indicator, date=long_date(date), value=format_number(existing.value, 4)
                )
            }
        )
    measurement = Measurement(indicator=indicator, date=date, value=value, comment=comment, origin=origin)
    measurement._history_user = user
    measurement._change_reason = reason
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError as error:
        # Sent twice at the same moment: the other request won. The same value is the same success.
        winner = Measurement.objects.filter(indicator=indicator, date=date).first()
        if winner is not None and winner.value == value and not winner.withdrawn:
            return winner, False
        raise ValidationError(
            {"date": "Une mesure vient d’être enregistrée à cette date : rechargez la page."}
        ) from error
    return measurement, True


def correct_measurement(
    measurement: Measurement,
    *,
    value: Decimal | None = None,
    comment: str | None = None,
    withdrawn: bool | None = None,
    user=None,
    reason: str = "",
) -> Measurement:
    """Change a measurement's value, comment or withdrawal; the history keeps what it was, who and why."""
    if value is not None:
        measurement.value = value
    if comment is not None:
        measurement.comment = comment
    if withdrawn is not None:
        measurement.withdrawn = withdrawn
    measurement._history_user = user
    measurement._change_reason = reason or "Correction"
    with transaction.atomic():
        measurement.save()
    return measurement


def create_token(product, *, name: str, user) -> tuple[ProductToken, str]:
    """A new token for the product; its secret is returned once and only its hash is kept."""
    secret = ProductToken.new_secret()
    token = ProductToken(product=product, name=name, created_by=user)
    token.set_secret(secret)
    token._history_user = user
    token.save()
    return token, secret


def revoke_token(token: ProductToken, *, user) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = user
        token.save()


def suspension_reason(token: ProductToken, creator_may_edit: bool) -> str:
    """Why an unrevoked product token is suspended, or "" (shown on the token pages and in API refusals)."""
    creator = token.created_by
    name = creator.get_full_name() or creator.email
    if not creator.is_active:
        return f"le compte de la personne qui l’a créé ({name}) est désactivé"
    if not creator_may_edit:
        return (
            f"la personne qui l’a créé ({name}) ne peut plus modifier ce produit (elle a quitté l’équipe "
            "ou n’en tient plus de rôle de pilotage)"
        )
    return ""


def token_suspension(token: ProductToken) -> str:
    """Why a product token may not act now, or "": it acts only while its creator is active and an editor."""
    from equipage.registry.permissions import can_edit_product

    reason = suspension_reason(token, can_edit_product(token.created_by, token.product))
    if not reason:
        return ""
    return f"Jeton produit « {token.name} » suspendu : {reason}. Un éditeur actuel du produit doit en créer un nouveau."


def tokens_with_states(product) -> list[ProductToken]:
    """The product's tokens, each with its `state` (actif, suspendu, révoqué) and `suspension` reason, in
    two queries whatever their number."""
    from equipage.registry.permissions import editor_user_ids

    tokens = list(ProductToken.objects.filter(product=product).select_related("created_by"))
    editors = editor_user_ids(product)
    for token in tokens:
        creator = token.created_by
        token.suspension = (
            "" if not token.is_active else suspension_reason(token, creator.is_administrator or creator.pk in editors)
        )
        token.state = "revoque" if not token.is_active else ("suspendu" if token.suspension else "actif")
    return tokens


def authenticate_token(secret: str) -> ProductToken | None:
    token = ProductToken.objects.active().select_related("product", "created_by").filter(key_hash=hash_secret(secret))
    token = token.first()
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
            ProductToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token
