import pytest
from rest_framework.test import APIClient

from equipage.teams.models import Membership
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, PersonFactory, ProductFactory, personal_token

pytestmark = pytest.mark.django_db


def authed(user) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {personal_token(user)}")


def test_roles_catalogue_lists_every_role_with_its_questions(agent):
    roles = authed(agent).get("/api/v1/roles/").json()
    assert {role["slug"] for role in roles} == set(Role.values)
    policy_owner = next(role for role in roles if role["slug"] == "responsable_metier")
    assert policy_owner["leads_product"] is True
    assert policy_owner["questions"]


def test_memberships_are_listed_per_product(agent, product):
    MembershipFactory(product=product, role=Role.DESIGNER)
    MembershipFactory()
    body = authed(agent).get(f"/api/v1/memberships/?product={product.slug}&current=true").json()
    assert {row["role"] for row in body["results"]} == {"responsable_produit", "designer"}


def test_editor_adds_a_member_through_the_api(editor, product):
    person = PersonFactory()
    response = authed(editor).post(
        "/api/v1/memberships/",
        {
            "product": product.slug,
            "person": person.pk,
            "role": "designer",
            "time_share": 30,
            "start_date": "2026-02-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Membership.objects.filter(person=person, role="designer").exists()


def test_bad_membership_payload_names_the_fields(editor, product):
    response = authed(editor).post(
        "/api/v1/memberships/",
        {"product": product.slug, "person": 999999, "role": "astronaute", "time_share": 150},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"person", "role", "time_share"}
    assert "Personne inconnue" in errors["person"][0]


def test_end_before_start_is_a_400_and_saves_nothing(editor, product):
    person = PersonFactory()
    response = authed(editor).post(
        "/api/v1/memberships/",
        {
            "product": product.slug,
            "person": person.pk,
            "role": "designer",
            "time_share": 30,
            "start_date": "2026-02-01",
            "end_date": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(person=person).exists()


def test_agent_cannot_change_a_team_through_the_api(agent, product):
    membership = MembershipFactory(product=product)
    client = authed(agent)
    assert client.patch(f"/api/v1/memberships/{membership.pk}/", {"time_share": 10}, format="json").status_code == 403
    assert client.post(f"/api/v1/memberships/{membership.pk}/end/").status_code == 403
    assert client.delete(f"/api/v1/memberships/{membership.pk}/").status_code == 405
    membership.refresh_from_db()
    assert (membership.time_share, membership.end_date, membership.history.count()) == (50, None, 1)


def test_editor_ends_a_membership_through_the_api(editor, product):
    membership = MembershipFactory(product=product)
    response = authed(editor).post(
        f"/api/v1/memberships/{membership.pk}/end/", {"end_date": "2026-03-01"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["end_date"] == "2026-03-01"


def test_an_editor_of_another_product_is_refused_before_the_body_is_validated(editor, product):
    other = ProductFactory()
    client = authed(editor)
    body = {"product": other.slug, "person": PersonFactory().pk, "role": "pas-un-role", "time_share": 300}
    response = client.post("/api/v1/memberships/", body, format="json")
    assert response.status_code == 403
    assert response.json()["message"].startswith("Seuls les responsables du produit")
    body |= {"role": "designer", "time_share": 30, "start_date": "2026-02-01"}
    assert client.post("/api/v1/memberships/", body, format="json").status_code == 403
    assert not other.memberships.exists()


def test_adding_a_member_to_an_archived_product_is_refused(editor):
    product = ProductFactory(editors=[editor], archived=True)
    body = {"product": product.slug, "person": PersonFactory().pk, "role": "designer", "time_share": 30}
    response = authed(editor).post("/api/v1/memberships/", body | {"start_date": "2026-02-01"}, format="json")
    assert (response.status_code, response.json()["message"]) == (
        403,
        "Ce produit est archivé : restaurez-le avant de modifier son équipe.",
    )
    assert product.memberships.count() == 1
