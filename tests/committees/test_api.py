"""The committees and budget API: same validation and rights as the pages."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from equipage.budget.models import BudgetLine, SpendingEntry
from equipage.committees.models import Action, ActionStatus, Decision, Session
from equipage.registry.models import Phase
from tests.budget.factories import BudgetLineFactory, SpendingFactory
from tests.factories import PersonFactory, UserFactory, person_for

from .factories import ActionFactory, DecisionFactory, SessionFactory, kind

pytestmark = pytest.mark.django_db


def client_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_editor_records_a_session_with_agenda_and_attendees(editor, agent, product):
    kind()
    url = f"/api/v1/products/{product.slug}/sessions/"
    body = {
        "kind": "comite-pilotage",
        "date": "2026-03-10",
        "is_held": True,
        "agenda": [{"topic": "Bilan", "product": product.slug}],
        "attendees": [{"person": PersonFactory().pk, "role": "Présidente"}],
    }
    assert client_for(agent).post(url, body, format="json").status_code == 403
    assert not Session.objects.exists()
    response = client_for(editor).post(url, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["products"] == [product.slug]
    assert response.json()["agenda"][0]["topic"] == "Bilan"
    assert client_for(agent).get(url).json()["count"] == 1


def test_a_portfolio_committee_is_refused_on_a_product_route(editor, product):
    kind()
    response = client_for(editor).post(
        f"/api/v1/products/{product.slug}/sessions/",
        {"kind": "comite-portefeuille", "date": "2026-03-10"},
        format="json",
    )
    assert response.status_code == 400
    assert not Session.objects.exists()


def test_a_decision_with_actions_and_a_phase_change_through_the_api(editor, product):
    session = SessionFactory(products=[product])
    owner = PersonFactory()
    url = f"/api/v1/products/{product.slug}/decisions/"
    body = {
        "title": "Passer en accélération",
        "date": "2026-03-10",
        "decided_by": "Revue DNUM",
        "session": session.pk,
        "new_phase": Phase.ACCELERATION,
        "actions": [{"title": "Ouvrir", "owner": owner.pk, "due_date": "2026-06-30"}],
    }
    response = client_for(editor).post(url, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["previous_phase"] == Phase.CONSTRUCTION
    product.refresh_from_db()
    assert product.phase == Phase.ACCELERATION
    assert Action.objects.get().owner == owner


def test_an_action_without_owner_or_a_superseding_loop_is_refused(editor, product):
    url = f"/api/v1/products/{product.slug}/decisions/"
    response = client_for(editor).post(
        url,
        {
            "title": "X",
            "date": "2026-03-10",
            "decided_by": "X",
            "actions": [{"title": "A", "owner": None, "due_date": "2026-06-30"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()
    a = DecisionFactory(product=product)
    b = DecisionFactory(product=product, supersedes=a)
    response = client_for(editor).patch(f"{url}{a.pk}/", {"supersedes": b.pk}, format="json")
    assert response.status_code == 400
    assert "boucle" in str(response.json())
    a.refresh_from_db()
    assert a.supersedes_id is None


def test_the_action_owner_updates_its_status(product):
    owner = UserFactory()
    action = ActionFactory(decision=DecisionFactory(product=product), owner=person_for(owner))
    url = f"/api/v1/actions/{action.pk}/"
    assert client_for(UserFactory()).patch(url, {"status": "faite"}, format="json").status_code == 403
    action.refresh_from_db()
    assert (action.status, action.history.count()) == (ActionStatus.TODO, 1)
    assert client_for(owner).patch(url, {"status": "inconnu"}, format="json").status_code == 400
    assert client_for(owner).patch(url, {"status": "faite"}, format="json").status_code == 200
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_session_pack_downloads_as_pdf(agent):
    session = SessionFactory()
    response = client_for(agent).get(f"/api/v1/sessions/{session.pk}/pack.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_budget_lines_and_spending_through_the_api(editor, agent, product):
    url = f"/api/v1/products/{product.slug}/budget-lines/"
    body = {"year": 2026, "label": "Hébergement", "nature": "run", "category": "hebergement", "planned": "1000.00"}
    assert client_for(agent).post(url, body, format="json").status_code == 403
    refused = client_for(editor).post(url, {**body, "planned": "-1"}, format="json")
    assert refused.status_code == 400 and "négatif" in str(refused.json())
    assert not BudgetLine.objects.exists()
    created = client_for(editor).post(url, body, format="json")
    assert created.status_code == 201, created.json()
    line_id = created.json()["id"]
    spending = f"{url}{line_id}/spending/"
    assert client_for(editor).post(spending, {"month": 1, "amount": "250.50"}, format="json").status_code == 201
    assert client_for(editor).post(spending, {"quarter": 1, "amount": "10"}, format="json").status_code == 400
    assert (
        client_for(editor).post(spending, {"month": 1, "quarter": 2, "amount": "10"}, format="json").status_code == 400
    )
    assert client_for(editor).post(spending, {"month": 1, "amount": "300"}, format="json").status_code == 201
    assert [(e.month, e.amount) for e in SpendingEntry.objects.all()] == [(1, Decimal("300.00"))]
    line = client_for(agent).get(f"{url}{line_id}/").json()
    assert line["spent"] == "300.00" and line["year"] == 2026


def test_api_lists_are_bounded_in_queries(agent, product, django_assert_max_num_queries):
    for _ in range(5):
        ActionFactory(decision=DecisionFactory(product=product, session=SessionFactory(products=[product])))
        SpendingFactory(line=BudgetLineFactory(budget_year__product=product, budget_year__year=2026))
    api = client_for(agent)
    for url in ("sessions", "decisions", "budget-lines"):
        with django_assert_max_num_queries(12):
            assert api.get(f"/api/v1/products/{product.slug}/{url}/").status_code == 200
