"""Governance's tabs on every product page: the responsibility matrix and the rituals."""

from equipage.core.product_pages import register_tab

register_tab("matrix", "Responsabilités", "governance:matrix", order=30)
register_tab("rituals", "Rituels", "governance:ritual_list", order=40)
