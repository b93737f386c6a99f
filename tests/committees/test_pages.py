"""Committee sessions, decisions and actions through the pages: who may do what, and what each page shows."""

import datetime

import pytest
from django.urls import reverse

from equipage.committees.models import ActionStatus, Decision, Session
from equipage.registry.models import Phase
from tests.factories import OrganisationFactory, PersonFactory, ProductFactory, UserFactory, person_for

from .factories import ActionFactory, DecisionFactory, SessionFactory, kind

pytestmark = pytest.mark.django_db


def formset(prefix, rows, extra=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows) + extra), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def session_data(**overrides):
    data = {"kind": kind().pk, "date": "2026-03-10", "title": "COPIL T1", "is_held": "on", "minutes": "Tout va bien."}
    data.update(
        formset("agenda", [{"topic": "Bilan du trimestre", "expected_decision": "Valider la feuille de route"}])
    )
    data.update(formset("participants", [{"person": PersonFactory().pk, "role": "Présidente"}]))
    data.update(overrides)
    return data


def test_editor_records_a_product_session_with_agenda_and_attendees(editor_client, product, editor):
    response = editor_client.post(reverse("committees:product_session_create", args=[product.slug]), session_data())
    session = Session.objects.get()
    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    assert list(session.products.all()) == [product]
    assert [item.topic for item in session.agenda.all()] == ["Bilan du trimestre"]
    assert session.attendees.get().role == "Présidente"
    assert session.history.first().history_user == editor
    page = editor_client.get(session.get_absolute_url()).content.decode()
    assert "Valider la feuille de route" in page
    assert "Présidente" in page
    assert "Tout va bien." in page


def test_an_agent_cannot_record_a_session(agent_client, product):
    response = agent_client.post(reverse("committees:product_session_create", args=[product.slug]), session_data())
    assert response.status_code == 403
    assert not Session.objects.exists()


def test_only_administrators_create_sessions_of_several_products(client, editor, admin_user, product):
    other = ProductFactory()
    data = session_data(kind=kind("comite-portefeuille").pk, products=[product.pk, other.pk])
    client.force_login(editor)
    assert client.post(reverse("committees:session_create"), data).status_code == 403
    assert not Session.objects.exists()
    client.force_login(admin_user)
    response = client.post(reverse("committees:session_create"), data)
    assert response.status_code == 302
    assert set(Session.objects.get().products.all()) == {product, other}


def test_a_product_committee_cannot_review_several_products(admin_client, product):
    data = session_data(products=[product.pk, ProductFactory().pk])
    response = admin_client.post(reverse("committees:session_create"), data)
    assert response.status_code == 200
    assert "examine un seul produit" in response.content.decode()
    assert not Session.objects.exists()


def test_a_held_session_cannot_be_dated_in_the_future(editor_client, product):
    response = editor_client.post(
        reverse("committees:product_session_create", args=[product.slug]), session_data(date="2099-01-01")
    )
    assert "ne peut pas être déjà tenue" in response.content.decode()
    assert not Session.objects.exists()


def test_editor_records_a_decision_with_an_action_and_a_phase_change(editor_client, product):
    session = SessionFactory(products=[product], kind=kind("revue-passage-phase"))
    owner = PersonFactory(first_name="Léa", last_name="Porteuse")
    url = reverse("committees:decision_create", args=[product.slug])
    assert editor_client.get(f"{url}?seance={session.pk}").context["form"].initial["session"] == session.pk
    data = {
        "title": "Passer en accélération",
        "rationale": "Les objectifs sont atteints.",
        "date": "2026-03-10",
        "decided_by": "Revue DNUM",
        "session": session.pk,
        "new_phase": Phase.ACCELERATION,
        **formset("actions", [{"title": "Ouvrir à trois régions", "owner": owner.pk, "due_date": "2026-06-30"}], 1),
    }
    response = editor_client.post(url, data)
    decision = Decision.objects.get()
    assert response.url == decision.get_absolute_url()
    product.refresh_from_db()
    assert product.phase == Phase.ACCELERATION
    action = decision.actions.get()
    assert (action.owner, action.due_date, action.status) == (owner, datetime.date(2026, 6, 30), ActionStatus.TODO)
    page = editor_client.get(decision.get_absolute_url()).content.decode()
    assert "Construction → Accélération" in page
    assert "Ouvrir à trois régions" in page


def test_an_action_without_owner_refuses_the_decision_from_the_page(editor_client, product):
    data = {
        "title": "Décision",
        "date": "2026-03-10",
        "decided_by": "Moi",
        **formset("actions", [{"title": "Sans responsable", "due_date": "2026-06-30"}]),
    }
    response = editor_client.post(reverse("committees:decision_create", args=[product.slug]), data)
    assert response.status_code == 200
    assert "une action a un responsable" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_action_owner_updates_its_status_and_others_cannot(client, product):
    owner_account = UserFactory()
    action = ActionFactory(decision=DecisionFactory(product=product), owner=person_for(owner_account))
    url = reverse("committees:action_status", args=[action.pk])
    client.force_login(UserFactory())
    assert client.post(url, {"status": ActionStatus.DONE}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.TODO
    client.force_login(owner_account)
    response = client.post(url, {"status": ActionStatus.DONE, "retour": "https://ailleurs.example/"})
    assert response.url == action.decision.get_absolute_url()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.history.first().history_user == owner_account


def test_overdue_actions_show_on_the_product_sheet_and_the_owner_page(agent_client, product):
    owner = PersonFactory(first_name="Paul", last_name="Retard")
    ActionFactory(
        decision=DecisionFactory(product=product),
        owner=owner,
        title="Rédiger la note",
        due_date=datetime.date(2025, 1, 10),
    )
    sheet = agent_client.get(product.get_absolute_url()).content.decode()
    assert "L’action « Rédiger la note » confiée à Paul Retard devait être faite le 10 janvier 2025" in sheet
    person_page = agent_client.get(reverse("teams:person_detail", args=[owner.pk])).content.decode()
    assert "Rédiger la note" in person_page
    assert "En retard" in person_page


def test_the_decision_log_filters_by_directorate_and_overdue_actions_and_exports_csv(agent_client):
    today = datetime.date.today()
    direction = OrganisationFactory(name="Direction des usagers", acronym="DU")
    mine = DecisionFactory(product=ProductFactory(sponsor=direction), title="Décision en retard")
    ActionFactory(decision=mine, due_date=today - datetime.timedelta(days=3))
    done = DecisionFactory(product=ProductFactory(sponsor=direction), title="Décision soldée")
    ActionFactory(decision=done, due_date=today - datetime.timedelta(days=3), status=ActionStatus.DONE)
    DecisionFactory(title="Ailleurs")
    response = agent_client.get(reverse("committees:decision_log"), {"direction": direction.pk, "actions": "en_retard"})
    assert [d.title for d in response.context["page"]] == ["Décision en retard"]
    csv = b"".join(
        agent_client.get(
            reverse("committees:decision_log_csv", args=["csv"]), {"direction": direction.pk}
        ).streaming_content
    )
    text = csv.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Date;Produit;Direction;Décision")
    assert "Décision en retard" in text and "Décision soldée" in text and "Ailleurs" not in text


def test_superseded_decisions_stay_visible_and_linked(agent_client, product):
    old = DecisionFactory(product=product, title="Héberger chez un prestataire")
    new = DecisionFactory(product=product, title="Héberger à la DNUM", supersedes=old)
    page = agent_client.get(reverse("committees:decision_detail", args=[product.slug, old.pk])).content.decode()
    assert "Décision remplacée" in page
    assert new.get_absolute_url() in page


@pytest.mark.parametrize("name", ["committees:session_list", "committees:decision_log"])
def test_portfolio_lists_run_in_a_fixed_number_of_queries(agent_client, django_assert_max_num_queries, name):
    for _ in range(8):
        decision = DecisionFactory(session=SessionFactory())
        decision.session.products.add(decision.product)
        ActionFactory(decision=decision)
    with django_assert_max_num_queries(14):
        assert agent_client.get(reverse(name)).status_code == 200


def test_product_lists_run_in_a_fixed_number_of_queries(agent_client, product, django_assert_max_num_queries):
    for _ in range(8):
        ActionFactory(decision=DecisionFactory(product=product, session=SessionFactory(products=[product])))
    for name in ("committees:product_sessions", "committees:product_decisions"):
        with django_assert_max_num_queries(16):
            assert agent_client.get(reverse(name, args=[product.slug])).status_code == 200


def test_a_refused_decision_links_each_action_error_to_its_field_and_titles_the_page_as_an_error(
    editor_client, product
):
    data = {
        "title": "Décision",
        "date": "2026-03-10",
        "decided_by": "Moi",
        **formset("actions", [{"title": "Relancer", "due_date": "pas une date"}]),
    }
    response = editor_client.post(reverse("committees:decision_create", args=[product.slug]), data)
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_actions-0-due_date"' in html
    assert "<title>Erreur : " in html
    assert not Decision.objects.exists()


def test_the_session_list_filters_by_kind_and_names_an_unknown_kind_in_french(agent_client):
    SessionFactory(kind=kind("comite-pilotage"), title="Pilotage de mars")
    SessionFactory(kind=kind("revue-passage-phase"), title="Revue de passage")
    url = reverse("committees:session_list")
    page = agent_client.get(url, {"type": "revue-passage-phase"})
    assert [session.title for session in page.context["page"]] == ["Revue de passage"]
    refused = agent_client.get(url, {"type": "conseil-secret"})
    assert refused.status_code == 200
    assert "Type de comité inconnu : choisissez l’un de ceux de la liste." in refused.content.decode()
