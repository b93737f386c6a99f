"""Deviations of the demo portfolio: accepted ones lifting a product to « pratiques » and to « exemplaire »,
a request waiting for its decision, a refusal, one past its end date and one revoked. Dates follow the day
the demo is loaded. Safe to run again: a (product, rule) pair that has a deviation is left alone."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from equipage.accounts.models import User
from equipage.people.models import Person
from equipage.registry.models import Product
from equipage.teams.models import Membership
from equipage.teams.roles import Role

from .models import Deviation, State
from .services import add_months

ADMIN = "admin@equipage.example"
CLAIRE = "claire.dubois@equipage.example"
JULIEN = "julien.laurent@equipage.example"
PRODUCT_MANAGER = "product_manager"  # the requester is the product's product manager (an account without password)

# (product, rule, requester, state, months from today to the end date, justification, decision or revocation)
DEVIATIONS = [
    (
        "mon-parcours-emploi",
        "BUDGET_DEPASSE",
        CLAIRE,
        State.ACCEPTED,
        6,
        "Le comité d’investissement a voté l’extension du périmètre aux rendez-vous en agence ; le budget rectificatif "
        "sera présenté au prochain comité.",
        "Accepté jusqu’au vote du budget rectificatif.",
    ),
    (
        "mon-parcours-emploi",
        "MATRICE_CONFIGURATION_CHANGEE",
        CLAIRE,
        State.ACCEPTED,
        2,
        "La matrice proposée pour la nouvelle configuration est soumise au comité de pilotage de janvier.",
        "Accepté jusqu’au comité de pilotage.",
    ),
    (
        "observatoire-insertion",
        "DECLARATION_ACCESSIBILITE_ANCIENNE",
        PRODUCT_MANAGER,
        State.ACCEPTED,
        3,
        "Le contre-audit RGAA est commandé et la nouvelle déclaration sera publiée à sa remise.",
        "Accepté le temps du contre-audit.",
    ),
    (
        "atlas-hebergement",
        "HOMOLOGATION_A_RENOUVELER",
        JULIEN,
        State.REQUESTED,
        4,
        "La migration de l’hébergement sera homologuée avec le nouveau socle, dont le dossier est en cours.",
        "",
    ),
    (
        "aides-inclusion",
        "RM_TEMPS_INSUFFISANT",
        JULIEN,
        State.REFUSED,
        12,
        "La responsable métier est aussi cheffe de bureau : 40 % est ce que sa direction peut dégager.",
        "Refusé : 60 % est le minimum du modèle pour porter le produit ; revoir la configuration plutôt.",
    ),
    (
        "aides-inclusion",
        "RITUEL_ALIGNEMENT_ABSENT",
        JULIEN,
        State.ACCEPTED,
        -1,
        "Le point d’alignement est suspendu pendant la réorganisation de la direction.",
        "Accepté pendant la réorganisation.",
    ),
    (
        "juridique-avis",
        "RECHERCHE_ABSENTE",
        CLAIRE,
        State.REVOKED,
        5,
        "Les entretiens utilisateurs reprendront après la mise en production.",
        "Les entretiens ont repris plus tôt que prévu.",
    ),
]


def _product_manager_account(product: Product) -> User | None:
    """The account of the product's current product manager, created without password (sign-in by ProConnect)."""
    membership = (
        Membership.objects.current().filter(product=product, role=Role.PRODUCT_MANAGER).select_related("person").first()
    )
    if membership is None:
        return None
    person: Person = membership.person
    if person.user_id:
        return person.user
    user = User.objects.filter(email=person.email).first()
    if user is None:
        user = User.objects.create_user(person.email, None, first_name=person.first_name, last_name=person.last_name)
    person.user = user
    person.save(update_fields=["user"])
    return user


def _save(deviation: Deviation, user: User) -> None:
    deviation._history_user = user
    deviation.save()


@transaction.atomic
def load_demo_deviations(today: datetime.date | None = None) -> int:
    """Create the demo's deviations that do not exist yet; returns how many were created."""
    today = today or timezone.localdate()
    now = timezone.now()
    admin = User.objects.filter(email=ADMIN).first()
    products = {product.slug: product for product in Product.objects.filter(slug__in={row[0] for row in DEVIATIONS})}
    created = 0
    for slug, code, requester_email, state, months, justification, outcome in DEVIATIONS:
        product = products.get(slug)
        if product is None or admin is None or Deviation.objects.filter(product=product, code=code).exists():
            continue
        if requester_email == PRODUCT_MANAGER:
            requester = _product_manager_account(product)
        else:
            requester = User.objects.filter(email=requester_email).first()
        if requester is None:
            continue
        end_date = add_months(today, months) if months > 0 else today - datetime.timedelta(days=15)
        requested_at = now - datetime.timedelta(days=140 if months < 0 else 20)
        deviation = Deviation(
            product=product,
            code=code,
            justification=justification,
            end_date=end_date,
            requested_by=requester,
            requested_at=requested_at,
        )
        _save(deviation, requester)
        if state in (State.ACCEPTED, State.REFUSED, State.REVOKED):
            deviation.state = State.REFUSED if state == State.REFUSED else State.ACCEPTED
            deviation.decided_by = admin
            deviation.decided_at = requested_at + datetime.timedelta(days=2)
            deviation.decision_comment = outcome if state != State.REVOKED else "Accepté."
            _save(deviation, admin)
        if state == State.REVOKED:
            deviation.state = State.REVOKED
            deviation.revoked_by = requester
            deviation.revoked_at = requested_at + datetime.timedelta(days=10)
            deviation.revocation_reason = outcome
            _save(deviation, requester)
        created += 1
    return created
