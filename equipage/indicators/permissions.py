"""Who may do what with objectives, indicators, measurements and product tokens.

Every signed-in agent reads them; a product's editors (`registry.permissions.can_edit_product`)
change them, import measurements and manage the product's tokens; an archived product is read-only.
The public reads the published indicators of public services on their statistics pages.
"""

from __future__ import annotations

from equipage.registry.models import Product
from equipage.registry.permissions import can_edit_product


def can_manage_indicators(user, product: Product) -> bool:
    return not product.is_archived and can_edit_product(user, product)
