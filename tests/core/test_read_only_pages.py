"""Pages that only show answer 405 to a method they do not handle, instead of showing themselves."""

import pytest

from tests.core.test_permission_matrix import MATRIX
from tests.factories import AdminFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

# GET routes that also take a form (POST): every other GET route of the matrix must refuse POST.
FORM_ROUTES = {
    "accounts:login",
    "accounts:password_change",
    "budget:import",
    "budget:line_create",
    "budget:line_update",
    "budget:spending",
    "committees:decision_create",
    "committees:decision_update",
    "committees:product_session_create",
    "committees:session_create",
    "committees:session_update",
    "compliance:accessibility_update",
    "compliance:audit_create",
    "compliance:audit_import",
    "compliance:ecodesign_update",
    "compliance:evidence_upload",
    "compliance:homologation_update",
    "compliance:processing_create",
    "compliance:processing_update",
    "delivery:demo_create",
    "delivery:feedback_create",
    "delivery:release_create",
    "delivery:release_update",
    "delivery:research_create",
    "delivery:research_detail",
    "delivery:roadmap_item_create",
    "delivery:roadmap_item_update",
    "delivery:story_create",
    "delivery:story_update",
    "governance:matrix",
    "governance:meeting_create",
    "governance:ritual_create",
    "governance:ritual_update",
    "indicators:import",
    "indicators:indicator_create",
    "indicators:indicator_update",
    "indicators:measurement_correct",
    "indicators:measurement_create",
    "indicators:objective_create",
    "indicators:objective_update",
    "indicators:tokens",
    "registry:product_archive",
    "registry:product_create",
    "registry:product_update",
    "selfassessment:create",
    "teams:membership_create",
    "teams:membership_end",
    "teams:membership_update",
    "teams:person_update",
}
# Off unless ProConnect is configured (404 whatever the method).
SWITCHED_OFF = {"accounts:proconnect_login", "accounts:proconnect_callback"}


def read_only_routes():
    return sorted(
        name
        for name, (method, path, _expected) in MATRIX.items()
        if method == "get" and not path.startswith("/api/") and name not in FORM_ROUTES | SWITCHED_OFF
    )


def test_read_only_pages_answer_405_to_post_and_put_in_french(client):
    editor = UserFactory()
    product = ProductFactory(editors=[editor], is_public_service=True)
    membership = product.memberships.get()
    client.force_login(AdminFactory())
    accepted = []
    for route in read_only_routes():
        path = MATRIX[route][1].format(
            slug=product.slug, organisation=product.sponsor_id, membership=membership.pk, person=membership.person_id
        )
        response = client.post(path, {"name": "x"})
        if response.status_code != 405:
            accepted.append((route, response.status_code))
            continue
        assert "GET" in response["Allow"]
        assert "Méthode non autorisée" in response.content.decode() or "méthode" in response.content.decode(), route
        assert client.put(path).status_code == 405
    assert accepted == [], "\n".join(map(str, accepted))
