"""Governance's tabs on every product page: the responsibility matrix and the rituals."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import MatrixActivity, MatrixLevel, ResponsibilityMatrix, Ritual, RitualMeeting

register_tab("matrix", "Responsabilités", "governance:matrix", order=30)
register_tab("rituals", "Rituels", "governance:ritual_list", order=40)

register_history_kind("responsabilites", "Responsabilités", order=30)
register_history_kind("rituels", "Rituels", order=40)
register_history_source("responsabilites", ResponsibilityMatrix, "product_id")
register_history_source("responsabilites", MatrixActivity, "matrix__product_id", label_fields=("label",))
register_history_source(
    "responsabilites", MatrixLevel, "activity__matrix__product_id", label_fields=("activity", "role")
)
register_history_source("rituels", Ritual, "product_id", label_fields=("name",))
register_history_source("rituels", RitualMeeting, "ritual__product_id", label_fields=("ritual", "date"))
