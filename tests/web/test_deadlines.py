"""`/echeances/`: the portfolio's deadlines filtered, paginated, as CSV, and a person's private calendar feed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from equipage.accounts.models import CalendarToken
from equipage.checks.store import flush
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.committees.factories import ActionFactory, DecisionFactory
from tests.compliance.factories import HomologationFactory
from tests.delivery.factories import ReleaseFactory
from tests.factories import MembershipFactory, PersonFactory, ProductFactory, person_for

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _product(name: str, owner=None, **kwargs):
    product = ProductFactory(name=name, governance=Governance.DNUM_OWNED, **kwargs)
    owner = owner or PersonFactory()
    MembershipFactory(product=product, person=owner, role=Role.PRODUCT_OWNER)
    HomologationFactory(product=product, decision_date=_days(-700), valid_until=_days(60))
    ActionFactory(decision=DecisionFactory(product=product), owner=owner, title=f"Relancer {name}", due_date=_days(-5))
    ReleaseFactory(product=product, name="2.0", planned_date=_days(200))
    return product


def test_the_list_shows_overdue_deadlines_first_with_their_owner_and_link(agent_client):
    owner = PersonFactory(first_name="Inès", last_name="Roche")
    product = _product("Atlas", owner)

    response = agent_client.get(reverse("core:deadlines"))

    deadlines = list(response.context["deadlines"])
    assert deadlines[0].label == "Relancer Atlas" and deadlines[0].is_overdue(timezone.localdate())
    html = response.content.decode()
    assert "En retard" in html and "Inès Roche" in html
    assert f'href="/produits/{product.slug}/conformite/#rgs"' in html
    assert 'aria-current="page">Échéances</a>' in html  # reachable from the main navigation


def test_filters_by_kind_directorate_product_owner_and_period(agent_client):
    owner = PersonFactory()
    atlas = _product("Atlas", owner)
    boussole = _product("Boussole")

    def labels(**query):
        response = agent_client.get(reverse("core:deadlines"), query)
        assert response.status_code == 200
        return [(d.product.name, d.kind) for d in response.context["page_obj"].paginator.object_list]

    assert set(labels(type="livraison")) == {("Atlas", "livraison"), ("Boussole", "livraison")}
    assert {name for name, _kind in labels(sponsor=boussole.sponsor_id)} == {"Boussole"}
    assert {name for name, _kind in labels(produit=atlas.slug)} == {"Atlas"}
    assert {name for name, _kind in labels(responsable=owner.pk)} == {"Atlas"}
    assert set(labels(periode="en_retard")) == {("Atlas", "action"), ("Boussole", "action")}
    assert "livraison" not in {kind for _name, kind in labels(periode="90")}


def test_the_owner_filter_offers_the_people_who_answer_for_a_deadline_and_the_product_filter_every_product(
    agent_client,
):
    owner = PersonFactory(first_name="Inès", last_name="Roche")
    atlas = _product("Atlas & Cie", owner)
    idle = ProductFactory(name="Sans échéance")
    developer = PersonFactory(first_name="Noé", last_name="Développeur")  # answers for no deadline
    MembershipFactory(product=atlas, person=developer, role=Role.DEVELOPER)
    flush()
    html = agent_client.get(reverse("core:deadlines"), {"responsable": owner.pk}).content.decode()
    assert f'<option value="{owner.pk}" selected>Inès Roche</option>' in html
    assert "Noé Développeur" not in html
    assert f'<option value="{atlas.slug}">Atlas &amp; Cie</option>' in html
    assert f'<option value="{idle.slug}">Sans échéance</option>' in html
    refused = agent_client.get(reverse("core:deadlines"), {"responsable": developer.pk})
    assert not refused.context["deadlines"] and "Ces filtres ne sont pas valides" in refused.content.decode()


def test_an_unknown_filter_value_is_refused_in_french_and_lists_nothing(agent_client):
    _product("Atlas")
    response = agent_client.get(reverse("core:deadlines"), {"type": "inconnu"})
    assert response.status_code == 200
    assert not response.context["deadlines"]
    assert "Ces filtres ne sont pas valides" in response.content.decode()


def test_the_csv_is_a_french_spreadsheet_of_the_filtered_deadlines(agent_client):
    _product("Atlas")
    _product("Boussole")
    response = agent_client.get(reverse("core:deadlines_csv", args=["csv"]), {"type": "action"})
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeffDate;Produit;Direction sponsor;Type;Échéance;Responsables;En retard;Lien")
    assert text.count("Action de décision") == 2
    assert f"{_days(-5):%Y-%m-%d};Atlas;" in text and ";oui;http://testserver/produits/" in text


def test_the_list_is_paginated(agent_client):
    product = _product("Atlas")
    decision = DecisionFactory(product=product)
    for index in range(55):
        ActionFactory(decision=decision, due_date=_days(index))
    first = agent_client.get(reverse("core:deadlines"))
    assert len(first.context["deadlines"]) == 50
    second = agent_client.get(reverse("core:deadlines"), {"page": 2})
    assert len(second.context["deadlines"]) == first.context["page_obj"].paginator.count - 50


def test_the_page_makes_the_same_queries_for_one_product_or_many(agent_client):
    _product("Atlas")
    agent_client.get(reverse("core:deadlines"))
    with CaptureQueriesContext(connection) as one:
        agent_client.get(reverse("core:deadlines"))
    for index in range(4):
        _product(f"Produit {index}")
    flush()  # the new products' deadlines stored, as a write request does before it commits
    with CaptureQueriesContext(connection) as many:
        response = agent_client.get(reverse("core:deadlines"))
    assert len({d.product.pk for d in response.context["page_obj"].paginator.object_list}) == 5
    assert len(many) == len(one)


# --- The private calendar feed ---


def _feed_secret(client) -> str:
    client.post(reverse("core:calendar_create"))
    page = client.get(reverse("core:calendar"))
    url = page.context["feed_url"]
    assert url.startswith("http://testserver/echeances/agenda/cal_") and url.endswith(".ics")
    return url.removeprefix("http://testserver/echeances/agenda/").removesuffix(".ics")


def test_a_person_subscribes_to_their_own_deadlines_as_all_day_events(client, agent_client, agent):
    me = person_for(agent)
    _product("Atlas", me)
    _product("Boussole")  # someone else's
    secret = _feed_secret(agent_client)
    assert CalendarToken.objects.get(user=agent).key_hash != secret  # stored hashed

    client.logout()
    response = client.get(reverse("core:calendar_feed", args=[secret]))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    summaries = {str(event["SUMMARY"]) for event in events}
    assert "Atlas : Relancer Atlas" in summaries
    assert not any(summary.startswith("Boussole") for summary in summaries)
    action = next(event for event in events if str(event["SUMMARY"]) == "Atlas : Relancer Atlas")
    assert action.decoded("DTSTART") == _days(-5)  # a date: an all-day event
    assert action.decoded("DTEND") == _days(-4)
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    again = Calendar.from_ical(client.get(reverse("core:calendar_feed", args=[secret])).content)
    assert [str(event["UID"]) for event in again.walk("VEVENT")] == uids  # stable from one fetch to the next


def test_a_regenerated_revoked_or_unknown_address_answers_404(client, agent_client, agent):
    person_for(agent)
    old = _feed_secret(agent_client)
    new = _feed_secret(agent_client)
    assert client.get(reverse("core:calendar_feed", args=[new])).status_code == 200
    assert client.get(reverse("core:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("core:calendar_feed", args=["cal_inconnu"])).status_code == 404
    agent_client.post(reverse("core:calendar_revoke"))
    assert client.get(reverse("core:calendar_feed", args=[new])).status_code == 404
    assert CalendarToken.objects.filter(user=agent, revoked_at__isnull=True).count() == 0
    assert CalendarToken.objects.filter(user=agent).count() == 2  # revoked, kept


def test_a_password_change_or_a_deactivated_account_closes_the_feed(client, agent):
    from equipage.accounts.tokens import issue_calendar_token

    person_for(agent)
    _token, secret = issue_calendar_token(agent)
    assert client.get(reverse("core:calendar_feed", args=[secret])).status_code == 200
    agent.set_password("un-autre-mot-de-passe-2026")
    agent.save()
    assert client.get(reverse("core:calendar_feed", args=[secret])).status_code == 404

    _token, secret = issue_calendar_token(agent)
    agent.is_active = False
    agent.save()
    assert client.get(reverse("core:calendar_feed", args=[secret])).status_code == 404


def test_the_account_page_leads_to_the_calendar_address(agent_client):
    html = agent_client.get(reverse("accounts:account")).content.decode()
    assert f'href="{reverse("core:calendar")}"' in html
