"""Invitations: an administrator creates an account, the invitee chooses a password through a link.

The link carries a token from Django's password-reset machinery, salted for invitations. It is single
use because it is computed from the account's password hash (which changes when the password is set)
and its last sign-in, and it expires after `INVITATION_DAYS`. Resending an invitation gives the account
a new unusable password, so that every earlier link stops working.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from .models import User

INVITATION_DAYS = 7


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Password-reset tokens under their own salt, valid `INVITATION_DAYS` days, void once the account
    is deactivated."""

    key_salt = "equipage.accounts.invitations.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user, token) -> bool:
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - timestamp <= INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


def is_pending(user: User) -> bool:
    """Invited and not yet arrived: no password chosen, never signed in."""
    return not user.has_usable_password() and user.last_login is None


def invitation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:invitation", args=[uid, invitation_tokens.make_token(user)])
    return f"{settings.EQUIPAGE_BASE_URL.rstrip('/')}{path}"


def send_invitation(user: User, *, by: User | None, fresh: bool = False) -> None:
    """E-mail the invitation (French, text and HTML) with a link; earlier links stop working, unless the
    account is `fresh` (just created, with no earlier link)."""
    if not fresh:
        user.set_unusable_password()
        if by is not None:
            user._history_user = by
        user.save(update_fields=["password"])
    context = {
        "user": user,
        "url": invitation_url(user),
        "days": INVITATION_DAYS,
        "by": by,
        "login_url": f"{settings.EQUIPAGE_BASE_URL.rstrip('/')}{reverse('accounts:login')}",
    }
    message = EmailMultiAlternatives(
        subject="Votre compte sur Équipage : choisissez votre mot de passe",
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("accounts/email/invitation.html", context), "text/html")
    message.send()
