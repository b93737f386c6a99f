"""Delivery's tabs on every product page: the roadmap and the backlog."""

from equipage.core.product_pages import register_tab

register_tab("roadmap", "Feuille de route", "delivery:roadmap", order=64)
register_tab("backlog", "Backlog", "delivery:backlog", order=66)
register_tab("recette", "Recette", "delivery:recette", order=67)
register_tab("research", "Recherche", "delivery:research", order=68)
register_tab("feedback", "Retours", "delivery:feedback", order=69)
