"""The header's main navigation marks the section of the page shown, one entry at a time."""

import re

import pytest

from tests.factories import ProductFactory

NAV = re.compile(r'<nav class="fr-nav" id="fr-navigation".*?</nav>', re.S)
CURRENT = re.compile(r'<(?:a|button)[^>]*aria-current="(?:page|true)"[^>]*>([^<]+)</(?:a|button)>')


def current_entries(html: str) -> list[str]:
    """The labels of the main navigation's entries marked current, in the order of the menu."""
    return CURRENT.findall(NAV.search(html).group(0))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/produits/aides-en-ligne/statistiques/", ["Produits"]),
        ("/statistiques/", ["Statistiques"]),
        ("/portefeuille/derogations/", ["Portefeuille", "Points de vigilance"]),
        ("/documentation-api/", ["API"]),
        ("/api/v1/docs/", ["API"]),
    ],
)
def test_the_main_navigation_marks_the_section_of_the_page_shown(admin_client, path, expected):
    ProductFactory(name="Aides en ligne", slug="aides-en-ligne", is_public_service=True)
    response = admin_client.get(path)
    assert response.status_code == 200
    assert current_entries(response.content.decode()) == expected
