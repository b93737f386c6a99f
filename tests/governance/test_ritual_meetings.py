"""Ritual meetings: a ritual is held, not only planned; late when its last meeting is too old."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from equipage.checks.engine import evaluate_product
from equipage.governance.models import Cadence, RitualKind, RitualMeeting, lateness_limit
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, PersonFactory, ProductFactory

from .factories import RitualFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


def meeting(ritual, date, **kwargs):
    return RitualMeeting.objects.create(ritual=ritual, date=date, **kwargs)


def test_lateness_limit_is_the_cadence_plus_half_a_period_and_at_least_a_week():
    assert lateness_limit(Cadence.WEEKLY) == 14
    assert lateness_limit(Cadence.MONTHLY) == 46
    assert lateness_limit(Cadence.QUARTERLY) == 138


def test_a_ritual_is_late_once_its_last_meeting_is_older_than_cadence_plus_grace():
    ritual = RitualFactory(cadence=Cadence.MONTHLY, start_date=datetime.date(2025, 1, 1))
    assert ritual.is_late(TODAY, last_meeting=TODAY - datetime.timedelta(days=46)) is False
    assert ritual.is_late(TODAY, last_meeting=TODAY - datetime.timedelta(days=47)) is True


def test_a_ritual_never_held_is_late_counted_from_its_start_and_an_inactive_one_never_is():
    recent = RitualFactory(cadence=Cadence.MONTHLY, start_date=TODAY - datetime.timedelta(days=20))
    old = RitualFactory(cadence=Cadence.MONTHLY, start_date=datetime.date(2025, 1, 1))
    stopped = RitualFactory(cadence=Cadence.MONTHLY, start_date=datetime.date(2025, 1, 1), is_active=False)
    assert recent.is_late(TODAY) is False
    assert old.is_late(TODAY) is True
    assert stopped.is_late(TODAY) is False


def test_the_list_shows_the_last_meeting_and_flags_late_rituals(agent_client, product, django_assert_max_num_queries):
    held = RitualFactory(product=product, name="Démo", cadence=Cadence.WEEKLY, start_date=datetime.date(2025, 1, 6))
    RitualFactory(product=product, name="Rétro", cadence=Cadence.WEEKLY, start_date=datetime.date(2025, 1, 6))
    meeting(held, datetime.date.today() - datetime.timedelta(days=3))
    with django_assert_max_num_queries(12):
        response = agent_client.get(reverse("governance:ritual_list", args=[product.slug]))
    rituals = {r.name: r for r in response.context["rituals"]}
    assert rituals["Démo"].late is False
    assert rituals["Rétro"].late is True
    assert "En retard" in response.content.decode()


def test_editor_records_a_meeting_with_team_attendees(editor_client, product, editor):
    ritual = RitualFactory(product=product, start_date=datetime.date(2025, 1, 6))
    member = MembershipFactory(product=product, role=Role.DEVELOPER).person
    url = reverse("governance:meeting_create", args=[product.slug, ritual.pk])
    response = editor_client.post(url, {"date": "2026-01-15", "attendees": [member.pk], "notes": "Démo du parcours."})
    assert response.status_code == 302
    recorded = RitualMeeting.objects.get()
    assert recorded.date == datetime.date(2026, 1, 15)
    assert list(recorded.attendees.all()) == [member]
    assert {record.history_user for record in recorded.history.all()} == {editor}
    page = editor_client.get(ritual.get_absolute_url()).content.decode()
    assert "15 janvier 2026" in page
    assert "Démo du parcours." in page


def test_the_recorded_meeting_flash_message_writes_its_date_as_the_french_do(editor_client, product):
    ritual = RitualFactory(product=product, start_date=datetime.date(2025, 1, 6))
    url = reverse("governance:meeting_create", args=[product.slug, ritual.pk])
    response = editor_client.post(url, {"date": "2026-03-01"})
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "La réunion du 1er mars 2026 a été consignée."
    ]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2099-01-01", "la date ne peut pas être future"),
        ("2024-12-31", "la réunion ne peut pas précéder"),
        ("2026-02-30", "Date impossible"),
    ],
)
def test_a_future_impossible_or_too_early_meeting_is_refused(editor_client, product, date, message):
    ritual = RitualFactory(product=product, start_date=datetime.date(2025, 1, 6))
    response = editor_client.post(reverse("governance:meeting_create", args=[product.slug, ritual.pk]), {"date": date})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RitualMeeting.objects.exists()


def test_someone_outside_the_team_cannot_be_an_attendee(editor_client, product):
    ritual = RitualFactory(product=product, start_date=datetime.date(2025, 1, 6))
    outsider = PersonFactory()
    response = editor_client.post(
        reverse("governance:meeting_create", args=[product.slug, ritual.pk]),
        {"date": "2026-01-15", "attendees": [outsider.pk]},
    )
    assert "membres actuels de l’équipe" in response.content.decode()
    assert not RitualMeeting.objects.exists()


def test_an_agent_cannot_record_a_meeting(agent_client, product):
    ritual = RitualFactory(product=product, start_date=datetime.date(2025, 1, 6))
    response = agent_client.post(
        reverse("governance:meeting_create", args=[product.slug, ritual.pk]), {"date": "2026-01-15"}
    )
    assert response.status_code == 403
    assert not RitualMeeting.objects.exists()


def test_api_records_and_lists_meetings_with_the_same_checks(editor, agent, product):
    ritual = RitualFactory(product=product, start_date=datetime.date(2025, 1, 6))
    url = f"/api/v1/products/{product.slug}/rituals/{ritual.pk}/meetings/"
    api = APIClient()
    api.force_authenticate(agent)
    assert api.post(url, {"date": "2026-01-15"}, format="json").status_code == 403
    api.force_authenticate(editor)
    refused = api.post(url, {"date": "2099-01-01", "attendees": [PersonFactory().pk]}, format="json")
    assert refused.status_code == 400
    assert "attendees" in refused.json()["errors"]
    assert not RitualMeeting.objects.exists()
    created = api.post(url, {"date": "2026-01-15", "notes": "RAS"}, format="json")
    assert created.status_code == 201
    assert [m["date"] for m in api.get(url).json()["results"]] == ["2026-01-15"]
    rituals = api.get(f"/api/v1/products/{product.slug}/rituals/").json()
    assert rituals["results"][0]["last_meeting_date"] == "2026-01-15"


def _shared_product():
    product = ProductFactory(governance=Governance.SHARED)
    for role in (Role.POLICY_OWNER, Role.PRODUCT_OWNER):
        MembershipFactory(product=product, role=role, start_date=datetime.date(2025, 1, 1))
    return product


def test_co_responsabilite_needs_its_alignment_ritual_held_within_its_cadence():
    product = _shared_product()
    ritual = RitualFactory(
        product=product, kind=RitualKind.ALIGNMENT, cadence=Cadence.MONTHLY, start_date=datetime.date(2025, 1, 1)
    )
    meeting(ritual, datetime.date(2026, 3, 1))
    findings = [f for f in evaluate_product(product, TODAY) if f.code == "RITUEL_ALIGNEMENT_NON_TENU"]
    assert len(findings) == 1
    assert "1er mars 2026" in findings[0].message
    meeting(ritual, datetime.date(2026, 6, 1))
    assert "RITUEL_ALIGNEMENT_NON_TENU" not in {f.code for f in evaluate_product(product, TODAY)}


def test_the_held_rule_concerns_only_co_responsabilite_products():
    product = ProductFactory(governance=Governance.DNUM_PM)
    RitualFactory(product=product, kind=RitualKind.ALIGNMENT, start_date=datetime.date(2025, 1, 1))
    assert "RITUEL_ALIGNEMENT_NON_TENU" not in {f.code for f in evaluate_product(product, TODAY)}
