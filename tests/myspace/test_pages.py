"""`/mon-espace/`, the header's notifications and `/api/v1/me/todo/`: what each person sees of their own."""

import datetime

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from equipage.checks import store
from equipage.checks.models import FindingSummary, StoredFinding
from equipage.myspace.models import Notification
from equipage.teams.roles import Role
from tests.committees.factories import ActionFactory
from tests.delivery.factories import FeedbackFactory
from tests.factories import MembershipFactory, ProductFactory, UserFactory, person_for, personal_token

pytestmark = pytest.mark.django_db


def _roles_on(user, count: int) -> list:
    person = person_for(user)
    products = []
    for index in range(count):
        product = ProductFactory(name=f"Service {index:02d}")
        MembershipFactory(product=product, person=person, role=Role.PRODUCT_OWNER, time_share=3)
        if index % 2 == 0:
            MembershipFactory(product=product, person=person, role=Role.PRODUCT_COACH, time_share=1)
        FeedbackFactory(product=product, date=datetime.date(2026, 1, 5))
        ActionFactory(decision__product=product, owner=person)
        products.append(product)
    store.flush()
    return products


def test_my_space_lists_my_products_roles_time_shares_and_total(client):
    user = UserFactory(first_name="Claire", last_name="Dubois")
    person = person_for(user)
    atlas = ProductFactory(name="Atlas")
    MembershipFactory(product=atlas, person=person, role=Role.POLICY_OWNER, time_share=60)
    MembershipFactory(product=ProductFactory(name="Boussole"), person=person, role=Role.POLICY_EXPERT, time_share=20)
    MembershipFactory(product=ProductFactory(name="Ancien"), person=person, end_date=datetime.date(2025, 2, 1))
    ActionFactory(decision__product=atlas, owner=person, title="Écrire la note au comité")
    client.force_login(user)
    response = client.get("/mon-espace/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Responsable métier (60 %)" in html and "Expert métier (20 %)" in html
    assert "80 %" in html and "2 produits" in html
    assert "Ancien" not in html
    assert "Écrire la note au comité" in html and "En retard" in html
    assert 'href="/mon-espace/" aria-current="page"' in html  # reachable from the header navigation


def test_an_account_linked_to_nobody_is_told_why_the_page_is_empty(agent_client):
    html = agent_client.get("/mon-espace/").content.decode()
    assert "Votre compte n’est rattaché à aucune personne" in html


def test_the_product_office_sees_the_portfolio_and_a_member_their_directorate(client, admin_client):
    product = ProductFactory()
    StoredFinding.objects.create(
        product=product, code="X", severity="bloquant", message="m", remedy="", computed_on=datetime.date(2026, 1, 1)
    )
    FindingSummary.objects.update_or_create(product=product, defaults={"level": "pratiques", "level_rank": 2})
    html = admin_client.get("/mon-espace/").content.decode()
    assert "Le portefeuille" in html
    assert "produits par niveau atteint : exemplaire 0, pratiques 1, socle 0, non atteint 0." in html
    user = UserFactory()
    person = person_for(user)
    MembershipFactory(product=ProductFactory(sponsor=person.organisation), person=person, role=Role.DEVELOPER)
    client.force_login(user)
    html = client.get("/mon-espace/").content.decode()
    assert f"Les produits de votre direction ({person.organisation.short_name})" in html
    assert "1 produit actif" in html


def test_a_coach_sees_the_products_they_coach(client):
    user = UserFactory()
    products = _roles_on(user, 2)
    client.force_login(user)
    html = client.get("/mon-espace/").content.decode()
    assert "Les produits que j’accompagne" in html
    coached = FindingSummary.objects.get(product=products[0])  # coached: every other product, from the first
    row = html[html.index("Produits dont je suis coach produit") :]
    row = row[row.index(products[0].name) :]
    assert f"<td>{coached.get_level_display()}</td>" in row[: row.index("</tr>")]


def test_my_space_takes_as_many_queries_for_thirty_products_as_for_one(client, django_assert_num_queries):
    one, thirty = UserFactory(), UserFactory()
    _roles_on(one, 1)
    _roles_on(thirty, 30)
    client.force_login(one)
    client.get("/mon-espace/")  # notifications recorded once
    reset_queries()  # the log keeps 9,000 queries: the fixtures' writes must not fill it
    with CaptureQueriesContext(connection) as counted:
        assert client.get("/mon-espace/").status_code == 200
    expected = len(counted.captured_queries)
    # session, user, person, memberships, one per to-do source (the deadlines read as stored), coached
    # products' summaries, the steering figures, the notifications' findings and keys, the unread count
    assert expected <= 16, [query["sql"][:80] for query in counted.captured_queries]
    client.force_login(thirty)
    client.get("/mon-espace/")
    reset_queries()
    with django_assert_num_queries(expected):
        response = client.get("/mon-espace/")
    assert len(response.context["space"].products) == 30
    assert len(response.context["space"].todo) >= 60


def test_the_header_shows_the_unread_count_without_any_query_of_its_own(client, django_assert_num_queries):
    user = UserFactory()
    products = _roles_on(user, 3)
    StoredFinding.objects.create(
        product=products[0],
        code="METIER_ABSENT",
        severity="bloquant",
        message="Aucun responsable métier.",
        remedy="",
        computed_on=datetime.date(2026, 1, 1),
    )
    client.force_login(user)  # sign-in brings the notifications up to date
    user.refresh_from_db()
    assert user.unread_notifications == Notification.objects.filter(user=user).count() > 0
    html = client.get("/guide/roles/").content.decode()
    count = user.unread_notifications
    assert f'fr-ml-1v">{count}</span><span class="fr-sr-only"> non lues</span>' in html
    # The same page for an account without notifications takes exactly as many queries.
    other = UserFactory()
    client.force_login(other)
    client.get("/guide/roles/")
    reset_queries()  # the log keeps 9,000 queries: the fixtures' writes must not fill it
    with CaptureQueriesContext(connection) as without:
        client.get("/guide/roles/")
    expected = len(without.captured_queries)
    client.force_login(user)
    client.get("/guide/roles/")
    reset_queries()
    with django_assert_num_queries(expected):
        client.get("/guide/roles/")


def test_notifications_are_created_once_and_marked_as_read(client):
    user = UserFactory()
    products = _roles_on(user, 1)
    StoredFinding.objects.create(
        product=products[0],
        code="X",
        severity="bloquant",
        message="Bloquant.",
        remedy="",
        computed_on=datetime.date(2026, 1, 1),
    )
    client.force_login(user)
    client.get("/mon-espace/")
    client.get("/mon-espace/")
    blocking = Notification.objects.filter(user=user, kind="bloquant", key__startswith=f"constat:{products[0].pk}:X:")
    assert blocking.count() == 1
    page = client.get("/notifications/").content.decode()
    assert "Marquer comme lu" in page and "Bloquant." in page
    response = client.post(f"/notifications/{blocking.get().pk}/lu/")
    assert response.status_code == 302
    assert blocking.get().read_at is not None
    user.refresh_from_db()
    assert user.unread_notifications == Notification.objects.filter(user=user, read_at__isnull=True).count()
    client.post("/notifications/tout-lu/")
    user.refresh_from_db()
    assert user.unread_notifications == 0
    assert Notification.objects.filter(user=user).count() >= 1  # read ones are kept


def test_nobody_marks_another_accounts_notification(client):
    owner = UserFactory()
    notification = Notification.objects.create(user=owner, kind="echeance", key="k", title="Note réservée à Paul")
    client.force_login(UserFactory())
    assert client.post(f"/notifications/{notification.pk}/lu/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    assert "Note réservée à Paul" not in client.get("/notifications/").content.decode()


def test_the_api_gives_each_person_their_own_list_only():
    user, other = UserFactory(), UserFactory()
    _roles_on(user, 2)
    _roles_on(other, 1)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {personal_token(user)}")
    body = api.get("/api/v1/me/todo/").json()
    assert body["person"] == str(person_for(user))
    assert body["count"] == len(body["results"]) >= 4
    assert {item["product"]["name"] for item in body["results"]} == {"Service 00", "Service 01"}
    first = body["results"][0]
    assert set(first) >= {"kind", "kind_label", "title", "url", "due", "overdue", "blocking"}
    assert APIClient().get("/api/v1/me/todo/").status_code == 401


def test_a_failing_to_do_source_never_keeps_anyone_from_signing_in(client, monkeypatch):
    from tests.factories import TEST_PASSWORD

    user = UserFactory()
    _roles_on(user, 1)

    def broken(who, items=None):
        raise RuntimeError("source en panne")

    monkeypatch.setattr("equipage.myspace.notifications.sync_notifications", broken)
    response = client.post("/connexion/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and not response.url.startswith("/connexion/")
    assert client.get("/compte/").status_code == 200  # signed in


def test_a_blocking_finding_raised_by_a_write_shows_at_once_in_the_header_of_the_products_members(client):
    from equipage.registry.models import Governance

    colleague, former, outsider = UserFactory(), UserFactory(), UserFactory()
    product = ProductFactory(name="Atlas", governance=Governance.POLICY_OWNER_IS_PM)
    policy_owner = MembershipFactory(product=product, role=Role.POLICY_OWNER, time_share=80)
    MembershipFactory(product=product, person=person_for(colleague), role=Role.DEVELOPER, time_share=50)
    MembershipFactory(product=product, person=person_for(former), end_date=datetime.date(2025, 1, 1))
    MembershipFactory(person=person_for(outsider))
    store.flush()
    colleague.refresh_from_db()
    unread = colleague.unread_notifications
    about = Notification.objects.filter(title="Responsable métier à moins de 60 %")
    assert not about.exists()

    policy_owner.time_share = 40  # under 60 %: « Responsable métier à moins de 60 % », blocking
    policy_owner.save()
    store.flush()
    told = about.get(user=colleague)
    assert told.kind == "bloquant" and told.product_name == "Atlas" and told.read_at is None
    assert not about.filter(user__in=[former, outsider]).exists()  # only the current members of Atlas
    colleague.refresh_from_db()
    assert colleague.unread_notifications == unread + 1
    client.force_login(colleague)
    colleague.refresh_from_db()
    assert f'fr-ml-1v">{colleague.unread_notifications}</span>' in client.get("/produits/").content.decode()

    policy_owner.save()  # the same finding again: nobody is told twice, nor by the daily recompute
    store.flush()
    store.refresh_all()
    assert about.filter(user=colleague).count() == 1
