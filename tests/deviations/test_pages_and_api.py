"""Deviations through the pages and the API: same rights, same validation, nothing written when refused."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from equipage.checks.store import flush
from equipage.deviations import services
from equipage.deviations.models import Deviation, State
from tests.factories import AdminFactory

from .conftest import RULE

pytestmark = pytest.mark.django_db
END = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_editor_asks_a_coach_accepts_and_the_sheet_shows_it_apart(client, coached, editor, coach_user):
    client.force_login(editor)
    url = reverse("deviations:request", args=[coached.slug])
    page = client.get(url, {"regle": RULE})
    assert page.status_code == 200
    response = client.post(url, {"code": RULE, "justification": "Arbitrage en cours.", "end_date": END})
    assert response.status_code == 302
    deviation = Deviation.objects.get()
    assert (deviation.state, deviation.requested_by) == (State.REQUESTED, editor)
    client.force_login(coach_user)
    decide = reverse("deviations:decide", args=[coached.slug, deviation.pk])
    assert client.post(decide, {"decision": "accepter", "comment": ""}).status_code == 302
    sheet = client.get(coached.get_absolute_url()).content.decode()
    end = datetime.date.fromisoformat(END)
    from equipage.core.french import date as date_fr

    assert f"Dérogation acceptée jusqu’au {date_fr(end)}" in sheet
    listing = client.get(reverse("deviations:product_list", args=[coached.slug])).content.decode()
    assert "Acceptée" in listing and "Camille Coach" in listing


def test_a_request_without_justification_is_shown_back_in_french_and_nothing_is_written(client, coached, editor):
    client.force_login(editor)
    response = client.post(
        reverse("deviations:request", args=[coached.slug]), {"code": RULE, "justification": "", "end_date": END}
    )
    assert response.status_code == 200
    assert "la justification est obligatoire" in response.content.decode()
    assert not Deviation.objects.exists()


def test_the_requester_is_refused_the_decision_page_saying_why(client, coached):
    admin = AdminFactory()
    deviation = services.request_deviation(admin, coached, RULE, "Raison", datetime.date.fromisoformat(END))
    client.force_login(admin)
    response = client.post(reverse("deviations:decide", args=[coached.slug, deviation.pk]), {"decision": "accepter"})
    assert response.status_code == 403
    assert "une autre personne doit la décider" in response.content.decode()
    assert Deviation.objects.get().state == State.REQUESTED


def test_the_portfolio_lists_deviations_filtered_by_state_and_directorate_and_exports_them(
    agent_client, coached, editor, coach_user
):
    accepted = services.request_deviation(editor, coached, RULE, "Raison", datetime.date.fromisoformat(END))
    services.decide(coach_user, accepted, accept=True)
    url = reverse("deviations:portfolio")
    assert agent_client.get(url, {"statut": "acceptee"}).context["deviations"] == [accepted]
    assert agent_client.get(url, {"statut": "demandee"}).context["deviations"] == []
    assert agent_client.get(url, {"direction": coached.sponsor_id}).context["deviations"] == [accepted]
    assert agent_client.get(url, {"statut": "inconnu"}).status_code == 200
    export = agent_client.get(reverse("deviations:portfolio_csv", args=["csv"]), {"statut": "acceptee"})
    csv = b"".join(export.streaming_content)
    assert "Suivi partagé" in csv.decode("utf-8-sig")
    for fmt in ("xlsx", "ods"):
        assert agent_client.get(reverse("deviations:portfolio_csv", args=[fmt])).status_code == 200


def test_the_portfolio_list_costs_the_same_queries_for_one_deviation_or_many(agent_client, coached, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.request_deviation(editor, coached, RULE, "Raison", datetime.date.fromisoformat(END))
    url = reverse("deviations:portfolio")
    agent_client.get(url)
    with CaptureQueriesContext(connection) as one:
        agent_client.get(url)
    for index in range(4):
        Deviation.objects.create(
            product=coached, code=f"AUTRE_{index}", justification="x", end_date="2027-01-01", requested_by=editor
        )
    with CaptureQueriesContext(connection) as many:
        agent_client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_api_refuses_a_non_editor_before_reading_the_body(agent, coached):
    response = api(agent).post(f"/api/v1/products/{coached.slug}/deviations/", {"code": ""}, format="json")
    assert response.status_code == 403
    assert "éditeurs du produit" in response.json()["message"]
    assert not Deviation.objects.exists()


def test_the_api_validates_like_the_pages_and_writes_nothing_on_bad_input(editor, coached):
    response = api(editor).post(
        f"/api/v1/products/{coached.slug}/deviations/",
        {"code": RULE, "justification": "Raison", "end_date": "2030-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "au plus 12 mois" in response.json()["errors"]["end_date"][0]
    assert not Deviation.objects.exists()


def test_the_api_requests_decides_and_shows_the_level(editor, coach_user, coached):
    created = api(editor).post(
        f"/api/v1/products/{coached.slug}/deviations/",
        {"code": RULE, "justification": "Raison", "end_date": END},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    own = api(editor).post(
        f"/api/v1/products/{coached.slug}/deviations/{pk}/decision/", {"accept": True}, format="json"
    )
    assert own.status_code == 403
    decided = api(coach_user).post(
        f"/api/v1/products/{coached.slug}/deviations/{pk}/decision/", {"accept": True}, format="json"
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "acceptee"
    flush()
    level = api(editor).get(f"/api/v1/products/{coached.slug}/level/").json()
    assert level["level"] != "aucun"
    assert {area["area"] for area in level["areas"]} >= {"organisation", "conformite"}
    rules = api(editor).get("/api/v1/rules/").json()
    assert {"code", "area", "level", "activity"} <= set(rules["results"][0])
    listed = api(editor).get("/api/v1/deviations/", {"status": "acceptee"}).json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert api(editor).get("/api/v1/deviations/", {"status": "nimporte"}).status_code == 400
