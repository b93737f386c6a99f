import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equipage.registry import services as registry_services
from equipage.teams.models import Membership
from equipage.teams.roles import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProductFactory,
    UserFactory,
    person_for,
)

pytestmark = pytest.mark.django_db


def team_url(product):
    return reverse("teams:team", args=[product.slug])


def test_team_page_lists_current_members_by_role_with_time_share(agent_client, product):
    designer = MembershipFactory(product=product, role=Role.DESIGNER, time_share=30)
    MembershipFactory(product=product, role=Role.DEVELOPER, end_date=datetime.date(2025, 6, 30))
    response = agent_client.get(team_url(product))
    html = response.content.decode()
    assert str(designer.person) in html
    assert "30 %" in html
    assert "Anciens membres" in html
    assert "Ajouter un membre" not in html


def test_team_page_flags_members_over_100_percent(agent_client, product):
    busy = PersonFactory()
    MembershipFactory(product=product, person=busy, time_share=80)
    MembershipFactory(person=busy, time_share=40)
    assert "120 % — surchargé" in agent_client.get(team_url(product)).content.decode()


def test_team_page_query_count_does_not_grow_with_members(agent_client, product, django_assert_max_num_queries):
    MembershipFactory.create_batch(2, product=product)
    with django_assert_max_num_queries(8) as few:
        agent_client.get(team_url(product))
    added = MembershipFactory.create_batch(15, product=product)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = agent_client.get(team_url(product))
    html = response.content.decode()
    assert all(str(membership.person) in html for membership in added)  # every member shown, not fewer rows


def test_editor_adds_a_member(editor_client, product):
    person = PersonFactory()
    response = editor_client.post(
        reverse("teams:membership_create", args=[product.slug]),
        {"person": person.pk, "role": Role.DESIGNER, "time_share": 40, "start_date": "2026-01-05"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    assert membership.history.first().history_user is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"time_share": 120}, "entre 0 et 100"),
        ({"time_share": -5}, "entre 0 et 100"),
        ({"end_date": "2025-01-01"}, "ne peut pas précéder la date de début"),
        ({"person": 999999}, "Personne inconnue"),
        ({"role": "astronaute"}, "Rôle inconnu"),
    ],
)
def test_bad_membership_input_is_refused_and_nothing_saved(editor_client, product, data, message):
    before = Membership.objects.count()
    payload = {
        "person": PersonFactory().pk,
        "role": Role.DESIGNER,
        "time_share": 40,
        "start_date": "2026-01-05",
        **data,
    }
    response = editor_client.post(reverse("teams:membership_create", args=[product.slug]), payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Membership.objects.count() == before


def test_editor_changes_then_ends_a_membership(editor_client, product):
    membership = MembershipFactory(product=product, role=Role.DEVELOPER, start_date=datetime.date(2026, 1, 1))
    editor_client.post(
        reverse("teams:membership_update", args=[product.slug, membership.pk]),
        {"role": Role.DEVELOPER, "time_share": 70, "start_date": "2026-01-01"},
    )
    membership.refresh_from_db()
    assert membership.time_share == 70
    editor_client.post(reverse("teams:membership_end", args=[product.slug, membership.pk]), {"end_date": "2026-02-01"})
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2026, 2, 1)


def test_a_developer_on_the_team_cannot_change_it(client, product):
    developer = UserFactory()
    MembershipFactory(product=product, person=person_for(developer), role=Role.DEVELOPER)
    client.force_login(developer)
    assert client.get(reverse("teams:membership_create", args=[product.slug])).status_code == 403
    body = {"person": PersonFactory().pk, "role": "designer", "time_share": 30, "start_date": "2026-02-01"}
    assert client.post(reverse("teams:membership_create", args=[product.slug]), body).status_code == 403
    assert product.memberships.count() == 2


def test_archived_product_team_is_read_only(editor_client, product):
    registry_services.archive_product(product, user=None)
    assert editor_client.get(reverse("teams:membership_create", args=[product.slug])).status_code == 403
    body = {"person": PersonFactory().pk, "role": "designer", "time_share": 30, "start_date": "2026-02-01"}
    response = editor_client.post(reverse("teams:membership_create", args=[product.slug]), body)
    assert response.status_code == 403
    assert "restaurez-le avant de modifier son équipe" in response.content.decode()
    assert product.memberships.count() == 1


def test_person_page_lists_roles_across_products_and_flags_overload(agent_client):
    person = PersonFactory()
    first = MembershipFactory(person=person, time_share=70, role=Role.POLICY_OWNER)
    MembershipFactory(person=person, time_share=50)
    MembershipFactory(person=person, time_share=50, end_date=datetime.date(2025, 3, 1))
    html = agent_client.get(reverse("teams:person_detail", args=[person.pk])).content.decode()
    assert first.product.name in html
    assert "Plus de 100 % de temps engagé" in html
    assert "120 %" in html


def test_a_person_records_their_own_product_training(client, agent):
    person = person_for(agent)
    client.force_login(agent)
    response = client.post(
        reverse("teams:person_update", args=[person.pk]),
        {"job_title": "Cheffe de bureau", "trained_in_product_methods": "on", "product_training_date": "2026-03-02"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.trained_in_product_methods
    assert person.product_training_date == datetime.date(2026, 3, 2)


def test_an_editor_records_the_training_of_a_member_of_their_team(editor_client, product):
    developer = MembershipFactory(product=product, role=Role.DEVELOPER).person
    outsider = MembershipFactory(product=ProductFactory(), role=Role.DEVELOPER).person
    data = {"job_title": "Développeuse", "trained_in_product_methods": "on", "product_training_date": "2026-03-02"}

    assert editor_client.post(reverse("teams:person_update", args=[developer.pk]), data).status_code == 302
    developer.refresh_from_db()
    assert developer.trained_in_product_methods and developer.product_training_date == datetime.date(2026, 3, 2)

    assert editor_client.post(reverse("teams:person_update", args=[outsider.pk]), data).status_code == 403
    outsider.refresh_from_db()
    assert not outsider.trained_in_product_methods and outsider.product_training_date is None


def test_someone_else_cannot_change_a_persons_sheet(agent_client):
    person = PersonFactory()
    assert agent_client.get(reverse("teams:person_update", args=[person.pk])).status_code == 403


def test_people_list_searches_and_counts_in_bounded_queries(agent_client, django_assert_max_num_queries):
    PersonFactory.create_batch(20)
    wanted = PersonFactory(last_name="Zanzibar")
    with django_assert_max_num_queries(6):
        response = agent_client.get(reverse("teams:person_list"), {"q": "zanzi"})
    assert list(response.context["people"]) == [wanted]


def test_every_role_has_a_guide_page(agent_client):
    for role in Role:
        slug = role.value.replace("_", "-")
        response = agent_client.get(reverse("teams:role_guide", args=[slug]))
        assert response.status_code == 200
        assert role.label in response.content.decode()
    assert agent_client.get("/guide/roles/astronaute/").status_code == 404


def test_product_sheet_names_its_leads(agent_client):
    product = ProductFactory()
    lead = MembershipFactory(product=product, role=Role.POLICY_OWNER)
    assert str(lead.person) in agent_client.get(product.get_absolute_url()).content.decode()


def test_people_list_filters_by_organisation_and_load_and_sorts_by_total_time_share(
    agent_client, django_assert_max_num_queries
):
    busy = PersonFactory(last_name="Aubert")
    MembershipFactory(person=busy, time_share=80)
    MembershipFactory(person=busy, time_share=40)
    light = PersonFactory(last_name="Bernard", organisation=busy.organisation)
    MembershipFactory(person=light, time_share=20)
    idle = PersonFactory(last_name="Colin")
    url = reverse("teams:person_list")

    with django_assert_max_num_queries(8):
        response = agent_client.get(url, {"tri": "temps_desc"})
    people = list(response.context["people"])
    assert people[:2] == [busy, light] and people[-1] == idle
    assert [p.total_share for p in people[:2]] == [120, 20]
    assert "120\u00a0% — au-delà de 100\u00a0%" in response.content.decode()

    response = agent_client.get(url, {"organisation": busy.organisation_id, "tri": "temps_asc"})
    assert list(response.context["people"]) == [light, busy]
    assert list(agent_client.get(url, {"charge": "surcharge"}).context["people"]) == [busy]
    assert list(agent_client.get(url, {"charge": "sans"}).context["people"]) == [idle]


def test_people_list_refuses_an_unknown_sort_in_french_and_keeps_the_default_order(agent_client):
    PersonFactory(last_name="Zola")
    PersonFactory(last_name="Abel")
    response = agent_client.get(reverse("teams:person_list"), {"tri": "n-importe-quoi"})
    assert response.status_code == 200
    assert [p.last_name for p in response.context["people"]][:2] == ["Abel", "Zola"]


def test_people_are_offered_by_name_and_organisation_in_a_fixed_number_of_queries(
    editor_client, product, django_assert_num_queries
):
    """The add-member list names each person with their organisation's acronym (or name), read as plain
    values: the page costs the same queries with two people or forty."""
    from equipage.people.models import Organisation

    sans_sigle = Organisation.objects.create(name="Cabinet sans sigle", kind=Organisation.Kind.POLICY_DIRECTORATE)
    PersonFactory(first_name="Émilie", last_name="Colin", organisation=OrganisationFactory(acronym="DGEFP"))
    PersonFactory(first_name="Hugo", last_name="Roux", organisation=sans_sigle)
    url = reverse("teams:membership_create", args=[product.slug])
    html = editor_client.get(url).content.decode()
    assert ">Émilie Colin — DGEFP</option>" in html
    assert ">Hugo Roux — Cabinet sans sigle</option>" in html
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    PersonFactory.create_batch(38)
    with django_assert_num_queries(len(few.captured_queries)):
        html = editor_client.get(url).content.decode()
    assert html.count("</option>") >= 40
