"""Sign-in resists guessing: a growing delay after a few failures, then a temporary lock (django-axes).

Both count per account (the address typed) and per client address. Every success, failure, delayed
attempt and lock, by password, in the administration or through ProConnect, is written to the
sign-in journal (`SignInEvent`) that administrators read at /journal-des-connexions/.
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.dispatch import receiver
from django.utils import timezone

from equipage.core.http import client_ip

from .models import SignInEvent


def axes_client_ip(request) -> str | None:  # AXES_CLIENT_IP_CALLABLE
    return client_ip(request)


def _method(request, user=None) -> str:
    path = getattr(request, "path_info", "") or ""
    backend = getattr(user, "backend", "") or ""
    if path.startswith("/connexion/proconnect") or backend.endswith("ProConnectBackend"):
        return SignInEvent.Method.PROCONNECT
    if path.startswith("/admin/"):
        return SignInEvent.Method.ADMIN
    return SignInEvent.Method.PASSWORD


def record(kind: str, request, *, email: str = "", user=None) -> SignInEvent:
    meta = getattr(request, "META", {}) if request is not None else {}
    return SignInEvent.objects.create(
        kind=kind,
        method=_method(request, user),
        email=(email or getattr(user, "email", "") or "")[:254],
        user=user,
        ip_address=client_ip(request),
        user_agent=str(meta.get("HTTP_USER_AGENT", ""))[:255],
    )


def recent_failures(email: str, ip: str | None) -> tuple[int, datetime.datetime | None]:
    """Failures in the cool-off window for this address typed or this client, since their last success."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    worst, last = 0, None
    for condition in (Q(email__iexact=email) if email else None, Q(ip_address=ip) if ip else None):
        if condition is None:
            continue
        events = SignInEvent.objects.filter(condition, at__gte=since)
        last_success = events.filter(kind=SignInEvent.Kind.SUCCESS).aggregate(at=Max("at"))["at"]
        failures = events.filter(kind__in=[SignInEvent.Kind.FAILURE, SignInEvent.Kind.DELAYED])
        if last_success:
            failures = failures.filter(at__gt=last_success)
        summary = failures.aggregate(at=Max("at"))
        count = failures.count()
        if count > worst:
            worst = count
        if summary["at"] and (last is None or summary["at"] > last):
            last = summary["at"]
    return worst, last


def seconds_to_wait(email: str, ip: str | None) -> int:
    """After SIGNIN_DELAY_AFTER failures, each new attempt waits twice as long as the previous one."""
    failures, last = recent_failures(email, ip)
    if failures < settings.SIGNIN_DELAY_AFTER or last is None:
        return 0
    delay = min(
        settings.SIGNIN_DELAY_SECONDS * 2 ** (failures - settings.SIGNIN_DELAY_AFTER), settings.SIGNIN_DELAY_MAX
    )
    remaining = (last + datetime.timedelta(seconds=delay) - timezone.now()).total_seconds()
    return max(0, math.ceil(remaining))


class SignInDelayed(PermissionDenied):
    pass


class SignInDelayBackend:
    """After the lock check: refuses, without checking the password, an attempt made too soon.

    A plain class (no `get_user`), so that sessions and `force_login` keep using the model backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or username is None:
            return None
        wait = seconds_to_wait(str(username), client_ip(request))
        if wait:
            request.signin_wait = wait
            raise SignInDelayed(wait_message(wait))
        return None


def wait_message(seconds: int) -> str:
    return (
        f"Plusieurs tentatives ont échoué : patientez {seconds} seconde{'s' if seconds > 1 else ''} avant de "
        "réessayer. Après d’autres échecs, la connexion sera bloquée temporairement."
    )


def lock_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Trop de tentatives de connexion ont échoué : la connexion à ce compte ou depuis cette adresse est "
        f"bloquée pendant {minutes} minutes. Réessayez plus tard ; si vous avez oublié votre mot de passe, "
        "contactez un administrateur du portefeuille."
    )


def lockout_response(request, original_response=None, credentials=None):  # AXES_LOCKOUT_CALLABLE
    from equipage.core.errors import error_response

    return error_response(
        request,
        429,
        title="Connexion temporairement bloquée",
        message=lock_message(),
        advice="Ce blocage protège votre compte contre les tentatives de devinette du mot de passe.",
        headers={"Retry-After": str(int(settings.AXES_COOLOFF_TIME.total_seconds()))},
    )


@receiver(user_logged_in, dispatch_uid="equipage-signin-success")
def _on_success(sender, request, user, **kwargs):
    record(SignInEvent.Kind.SUCCESS, request, user=user)


@receiver(user_login_failed, dispatch_uid="equipage-signin-failure")
def _on_failure(sender, credentials, request=None, **kwargs):
    if request is None or getattr(request, "axes_locked_out", False):
        return  # A lock is journalled by its own signal.
    kind = SignInEvent.Kind.DELAYED if getattr(request, "signin_wait", 0) else SignInEvent.Kind.FAILURE
    record(kind, request, email=str(credentials.get("username") or ""))


def _on_lock(sender, request=None, username=None, ip_address=None, **kwargs):
    record(SignInEvent.Kind.LOCKED, request, email=str(username or ""))


def connect_lock_signal() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_lock, dispatch_uid="equipage-signin-locked")


def axes_username(request, credentials) -> str:  # AXES_USERNAME_CALLABLE: addresses are case-insensitive
    return str((credentials or {}).get("username") or request.POST.get("username", "")).strip().lower()
