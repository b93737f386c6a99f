"""People and their accounts, run by the portfolio's administrators from Équipage's pages.

Each write names its author in the history; nothing is deleted: an account is deactivated, a person's
roles end on the team pages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from equipage.people.models import Person

from . import invitations, tokens
from .models import User


def _email_taken(email: str, *, person: Person | None = None) -> bool:
    people = Person.objects.filter(email__iexact=email)
    accounts = User.objects.filter(email__iexact=email)
    if person is not None and person.pk:
        people = people.exclude(pk=person.pk)
        if person.user_id:
            accounts = accounts.exclude(pk=person.user_id)
    return people.exists() or accounts.exists()


def check_email_free(email: str, *, person: Person | None = None) -> None:
    if _email_taken(email, person=person):
        raise ValidationError(
            {"email": "Cette adresse électronique est déjà celle d’une autre personne ou d’un autre compte."}
        )


@transaction.atomic
def save_person(person: Person, *, by: User) -> Person:
    """Create or update a person; the account's name and address follow the person's."""
    check_email_free(person.email, person=person)
    person._history_user = by
    person.save()
    account = person.user
    if account is not None:
        account.first_name, account.last_name, account.email = person.first_name, person.last_name, person.email
        account._history_user = by
        account.save()
    return person


@transaction.atomic
def invite(person: Person, *, by: User, is_portfolio_admin: bool = False) -> User:
    """Create the person's account and e-mail the invitation to choose a password."""
    if person.user_id is not None:
        raise ValidationError(f"{person} a déjà un compte.")
    check_email_free(person.email, person=person)
    account = User(
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        is_portfolio_admin=is_portfolio_admin,
    )
    account.set_unusable_password()
    account._history_user = by
    account.save()
    person.user = account
    person._history_user = by
    person.save(update_fields=["user"])
    # Sent inside the transaction: an e-mail that cannot leave leaves no account behind.
    invitations.send_invitation(account, by=by, fresh=True)
    return account


def resend_invitation(account: User, *, by: User) -> None:
    if not account.is_active:
        raise ValidationError("Ce compte est désactivé : réactivez-le avant de renvoyer l’invitation.")
    if not invitations.is_pending(account):
        raise ValidationError("Ce compte a déjà choisi son mot de passe : il n’y a plus d’invitation à renvoyer.")
    invitations.send_invitation(account, by=by)


@transaction.atomic
def deactivate(account: User, *, by: User) -> None:
    """Sign-in refused, personal API tokens revoked; the account and its history stay."""
    if account.pk == by.pk:
        raise ValidationError("Vous ne pouvez pas désactiver votre propre compte.")
    if not account.is_active:
        raise ValidationError("Ce compte est déjà désactivé.")
    account.is_active = False
    account._history_user = by
    account.save(update_fields=["is_active"])
    tokens.revoke(account.api_tokens.all(), reason="compte désactivé", by=by)


@transaction.atomic
def reactivate(account: User, *, by: User) -> None:
    if account.is_active:
        raise ValidationError("Ce compte est déjà actif.")
    account.is_active = True
    account._history_user = by
    account.save(update_fields=["is_active"])


@transaction.atomic
def set_administrator(account: User, is_portfolio_admin: bool, *, by: User) -> None:
    if account.pk == by.pk and not is_portfolio_admin:
        raise ValidationError("Vous ne pouvez pas retirer vos propres droits d’administrateur.")
    account.is_portfolio_admin = is_portfolio_admin
    account._history_user = by
    account.save(update_fields=["is_portfolio_admin", "is_staff"])
