from types import SimpleNamespace

from django.conf import settings
from django.http import HttpRequest

# Static site configuration for django-dsfr's templates, kept in code (no database query per page).
SITE_CONFIG = SimpleNamespace(
    site_title="Équipage",
    site_tagline="Les produits numériques du ministère, en mode produit",
    header_brand_html="Ministère<br>de l’Exemple",
    footer_brand_html="Ministère<br>de l’Exemple",
    footer_brand="Ministère de l’Exemple",
    footer_description=(
        "Équipage aide la direction du numérique et les directions métier à piloter leurs "
        "services publics numériques en mode produit."
    ),
    beta_tag=True,
    mourning=False,
    notice_title="",
    notice_description="",
)


def site(request: HttpRequest) -> dict:
    return {"SITE_CONFIG": SITE_CONFIG, "PROCONNECT_ENABLED": settings.PROCONNECT_ENABLED}
