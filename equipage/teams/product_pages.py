"""The team's tab on every product page, its history, and the portfolio grouped by coach."""

import datetime

from django.db.models import Q

from equipage.checks.portfolio import Grouping, register_grouping
from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import Membership
from .roles import Role

register_tab("team", "Équipe", "teams:team", order=20)

register_history_kind("equipe", "Équipe", order=20)
register_history_source("equipe", Membership, "product_id", label_fields=("person", "role"))


def _current_coach(today: datetime.date) -> Q:
    """The products' current memberships as coach produit (one join: the filter and the grouping share it)."""
    return Q(memberships__role=Role.PRODUCT_COACH, memberships__start_date__lte=today) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
    )


register_grouping(
    Grouping(
        key="coach",
        label="Coach produit",
        id_path="memberships__person_id",
        name_paths=("memberships__person__first_name", "memberships__person__last_name"),
        name=lambda row: f"{row['memberships__person__first_name']} {row['memberships__person__last_name']}",
        none_label="Sans coach produit",
        where=_current_coach,
    )
)
