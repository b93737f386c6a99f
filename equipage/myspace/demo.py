"""Demo data: every demo account finds something of its own on `/mon-espace/`.

The responsables métier and produit hold roles (findings, deadlines, feedback come with them); the agent
and the administrator hold none, so each is given an open action of a committee decision. Idempotent:
an action already there is left alone.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from equipage.committees.models import Action, Decision
from equipage.people.models import Person

# (account, action, days from today to its due date: negative is overdue)
DEMO_ACTIONS = [
    ("agent@equipage.example", "Diffuser le compte rendu du comité aux bureaux de la direction", 6),
    ("admin@equipage.example", "Consolider les indicateurs du portefeuille pour le comité stratégique", -3),
]


def load_demo_myspace() -> int:
    """Create the demo accounts' own actions (on the earliest decision of a product their organisation
    sponsors, else the earliest decision); returns how many were created."""
    today = timezone.localdate()
    created = 0
    for email, title, days in DEMO_ACTIONS:
        person = Person.objects.select_related("organisation").filter(user__email=email).first()
        if person is None or Action.objects.filter(owner=person, title=title).exists():
            continue
        decisions = Decision.objects.filter(product__archived_at__isnull=True).order_by("date", "pk")
        decision = decisions.filter(product__sponsor=person.organisation).first() or decisions.first()
        if decision is None:
            continue
        Action.objects.create(
            decision=decision, title=title, owner=person, due_date=today + datetime.timedelta(days=days)
        )
        created += 1
    return created
