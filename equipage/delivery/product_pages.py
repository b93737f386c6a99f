"""Delivery's tabs on every product page: the roadmap and the backlog."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import Release, RoadmapItem, Story

register_tab("roadmap", "Feuille de route", "delivery:roadmap", order=64)
register_tab("backlog", "Backlog", "delivery:backlog", order=66)
register_tab("recette", "Recette", "delivery:recette", order=67)
register_tab("research", "Recherche", "delivery:research", order=68)
register_tab("feedback", "Retours", "delivery:feedback", order=69)

register_history_kind("livraison", "Livraison", order=80)
register_history_source("livraison", RoadmapItem, "product_id", label_fields=("title",))
register_history_source("livraison", Story, "product_id", label_fields=("title",))
register_history_source("livraison", Release, "product_id", label_fields=("name",))
