"""Pages that only show answer 405 to a method they do not handle, instead of showing themselves."""

import pytest
from django.forms import BaseForm

from tests.campaigns.factories import CampaignFactory
from tests.core.test_permission_matrix import MATRIX
from tests.factories import AdminFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

# Off unless ProConnect is configured (404 whatever the method).
SWITCHED_OFF = {"accounts:proconnect_login", "accounts:proconnect_callback"}
# Pages that read their POST without a Django form (so the check below cannot see it).
SUBMITTED_WITHOUT_A_FORM = {"governance:matrix"}


def get_page_routes():
    return sorted(
        name
        for name, (method, path, _expected) in MATRIX.items()
        if method == "get" and not path.startswith("/api/") and name not in SWITCHED_OFF
    )


def read_the_submission(response) -> bool:
    """The view bound a form to what was sent: a form page answering its own POST."""
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and value.is_bound:
                return True
    return False


def test_pages_that_only_show_answer_405_to_post_and_put_in_french(client):
    editor = UserFactory()
    product = ProductFactory(editors=[editor], is_public_service=True)
    membership = product.memberships.get()
    campaign = CampaignFactory()
    client.force_login(AdminFactory())
    shown_anyway, refused = [], 0
    for route in get_page_routes():
        path = MATRIX[route][1].format(
            slug=product.slug,
            organisation=product.sponsor_id,
            membership=membership.pk,
            person=membership.person_id,
            campaign=campaign.pk,
        )
        response = client.post(path, {"essai": "1"})
        if response.status_code == 200 and not read_the_submission(response) and route not in SUBMITTED_WITHOUT_A_FORM:
            shown_anyway.append(route)  # a page that only shows, shown again to a POST
        if response.status_code != 405:
            continue
        refused += 1
        assert "GET" in response["Allow"], route
        assert "Méthode non autorisée" in response.content.decode() or "méthode" in response.content.decode(), route
        assert client.put(path).status_code == 405, route
    assert refused > 30
    assert shown_anyway == [], "\n".join(shown_anyway)
