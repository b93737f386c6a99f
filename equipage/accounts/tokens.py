"""Personal API tokens: issued with an expiry (1 year at most), stored hashed, revoked with the password."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework import authentication, exceptions

from equipage.core import french

from .models import CalendarToken, PersonalToken, User

PREFIX = "eqp_"
CALENDAR_PREFIX = "cal_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user: User, *, name: str, days: int) -> tuple[PersonalToken, str]:
    """A new token for the user, valid `days` days (at most a year); the secret is returned once."""
    days = max(1, min(int(days), PersonalToken.MAX_DAYS))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = PersonalToken(
        user=user,
        name=name.strip()[:100] or "Jeton d’API",
        prefix=secret[: len(PREFIX) + 6],
        key_hash=hash_secret(secret),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    token._history_user = user
    token.save()
    return token, secret


def revoke(tokens, *, reason: str, by=None) -> int:
    """Revoke the still-active tokens of the queryset, each with its history entry."""
    now, count = timezone.now(), 0
    for token in tokens.filter(revoked_at__isnull=True):
        token.revoked_at, token.revoked_reason = now, reason[:100]
        token._history_user = by
        token.save(update_fields=["revoked_at", "revoked_reason"])
        count += 1
    return count


def issue_calendar_token(user: User) -> tuple[CalendarToken, str]:
    """A new private calendar address for the user, revoking the previous one; the secret is returned once."""
    revoke(user.calendar_tokens.all(), reason="adresse régénérée", by=user)
    secret = CALENDAR_PREFIX + secrets.token_urlsafe(32)
    token = CalendarToken(user=user, prefix=secret[: len(CALENDAR_PREFIX) + 6], key_hash=hash_secret(secret))
    token._history_user = user
    token.save()
    return token, secret


def calendar_token_user(secret: str) -> User | None:
    """The active account whose usable calendar address this is, or None (unknown, revoked, inactive)."""
    if not secret.startswith(CALENDAR_PREFIX):
        return None
    token = (
        CalendarToken.objects.select_related("user")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        CalendarToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class PersonalTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <secret>`, checked against the stored hash, its expiry and its revocation."""

    def authenticate_credentials(self, key: str):
        token = PersonalToken.objects.select_related("user").filter(key_hash=hash_secret(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Token non valide.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                f"Ce jeton a été révoqué le {french.date(token.revoked_at)}"
                f"{f' ({token.revoked_reason})' if token.revoked_reason else ''} : créez-en un nouveau sur /compte/."
            )
        if token.is_expired:
            raise exceptions.AuthenticationFailed(
                f"Ce jeton a expiré le {french.date(token.expires_at)} : créez-en un nouveau sur /compte/."
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("Le compte de ce jeton est désactivé.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
            PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token


@receiver(post_save, sender=User, dispatch_uid="equipage-revoke-tokens-on-password-change")
def _revoke_tokens_when_the_password_changes(sender, instance: User, created: bool, **kwargs):
    # AbstractBaseUser keeps the new raw password in `_password` until the save completes.
    if not created and getattr(instance, "_password", None) is not None:
        revoke(instance.api_tokens.all(), reason="mot de passe changé", by=instance)
        revoke(instance.calendar_tokens.all(), reason="mot de passe changé", by=instance)
