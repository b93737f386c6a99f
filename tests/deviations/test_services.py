"""Deviations: who asks, who decides, what is refused (nothing written), and how an accepted one stops counting
against the level until its end date, then comes back by itself."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from equipage.checks.engine import RULES
from equipage.checks.models import FindingSummary, StoredFinding
from equipage.checks.store import refresh_all
from equipage.core.vocabulary import Level
from equipage.deviations import services
from equipage.deviations.models import Deviation, State
from equipage.deviations.permissions import may_approve
from tests.factories import AdminFactory

from .conftest import RULE

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def summary(product, day=None):
    if day:
        refresh_all(day)
    return FindingSummary.objects.get(product=product)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_the_example_rule_is_the_only_socle_rule_the_product_fails(coached):
    assert RULES[RULE].level == Level.FOUNDATION
    failing = set(StoredFinding.objects.filter(product=coached).values_list("code", flat=True))
    assert {code for code in failing if RULES[code].level == Level.FOUNDATION} == {RULE}


def test_an_accepted_deviation_lifts_the_level_until_its_end_date_then_the_daily_recompute_brings_it_back(
    coached, editor, coach_user
):
    before = summary(coached, TODAY).level
    deviation = services.request_deviation(editor, coached, RULE, "Rituel prévu au prochain trimestre.", TODAY)
    deviation = services.decide(coach_user, deviation, accept=True)
    deviation.end_date = datetime.date(2027, 6, 30)
    deviation.save()
    during = summary(coached, datetime.date(2027, 6, 30))
    assert during.level != before
    assert during.waived == 1
    finding = StoredFinding.objects.get(product=coached, code=RULE)
    assert finding.waived_until == datetime.date(2027, 6, 30)
    after = summary(coached, datetime.date(2027, 7, 1))
    assert after.level == before
    assert after.waived == 0
    assert StoredFinding.objects.get(product=coached, code=RULE).waived_until is None
    assert deviation.status(datetime.date(2027, 7, 1)) == "echue"


def test_accepting_recomputes_the_level_at_once(coached, editor, coach_user):
    before = summary(coached).level
    deviation = services.request_deviation(editor, coached, RULE, "Raison.", datetime.date(2027, 3, 31))
    assert summary(coached).level == before, "a request alone changes nothing"
    services.decide(coach_user, deviation, accept=True)
    from equipage.checks.store import flush

    flush()
    assert summary(coached).level != before


@pytest.mark.parametrize(
    ("justification", "end_date", "field", "message"),
    [
        ("  ", datetime.date(2027, 3, 31), "justification", "la justification est obligatoire"),
        (
            "Raison",
            datetime.date(2027, 12, 2),
            "end_date",
            "au plus 12 mois : date de fin au plus tard le 1er décembre 2027",
        ),
        ("Raison", datetime.date(2026, 11, 30), "end_date", "ne peut pas être passée"),
        ("Raison", None, "end_date", "Indiquez la date de fin"),
    ],
)
def test_bad_requests_are_refused_in_french_and_write_nothing(coached, editor, justification, end_date, field, message):
    with pytest.raises(ValidationError) as refused:
        services.request_deviation(editor, coached, RULE, justification, end_date)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Deviation.objects.exists()
    assert not Deviation.history.exists()


def test_a_deviation_ends_at_most_twelve_months_later_that_day_included(coached, editor):
    services.request_deviation(editor, coached, RULE, "Raison", datetime.date(2027, 12, 1))
    assert Deviation.objects.count() == 1


def test_a_rule_the_product_does_not_fail_or_already_covered_is_refused(coached, editor):
    with pytest.raises(ValidationError, match="rien à accepter"):
        services.request_deviation(editor, coached, "BUDGET_DEPASSE", "Raison", datetime.date(2027, 1, 31))
    with pytest.raises(ValidationError, match="Choisissez la règle"):
        services.request_deviation(editor, coached, "INCONNUE", "Raison", datetime.date(2027, 1, 31))
    services.request_deviation(editor, coached, RULE, "Raison", datetime.date(2027, 1, 31))
    with pytest.raises(ValidationError, match="déjà demandée ou en vigueur"):
        services.request_deviation(editor, coached, RULE, "Autre", datetime.date(2027, 2, 28))
    assert Deviation.objects.count() == 1


def test_the_requester_never_decides_their_own_request(coached, editor):
    admin = AdminFactory()
    deviation = services.request_deviation(admin, coached, RULE, "Raison", datetime.date(2027, 1, 31))
    with pytest.raises(PermissionDenied, match="une autre personne doit la décider"):
        may_approve(admin, coached, deviation)
    with pytest.raises(PermissionDenied):
        services.decide(admin, deviation, accept=True)
    deviation.refresh_from_db()
    assert deviation.state == State.REQUESTED
    assert Deviation.history.count() == 1


def test_only_a_coach_of_the_product_or_an_administrator_approves(coached, editor, coach_user):
    deviation = services.request_deviation(editor, coached, RULE, "Raison", datetime.date(2027, 1, 31))
    assert not may_approve(editor, coached, deviation)
    assert may_approve(coach_user, coached, deviation)
    assert may_approve(AdminFactory(), coached, deviation)


def test_a_refusal_needs_its_reason_and_the_history_names_who_decided(coached, editor, coach_user):
    deviation = services.request_deviation(editor, coached, RULE, "Raison", datetime.date(2027, 1, 31))
    with pytest.raises(ValidationError, match="motif du refus"):
        services.decide(coach_user, deviation, accept=False)
    services.decide(coach_user, deviation, accept=False, comment="Le rituel est indispensable.")
    deviation.refresh_from_db()
    assert deviation.state == State.REFUSED
    assert [record.history_user for record in deviation.history.order_by("history_date")] == [editor, coach_user]


def test_revoking_an_accepted_deviation_makes_the_finding_count_again(coached, editor, coach_user):
    from equipage.checks.store import flush

    deviation = services.request_deviation(editor, coached, RULE, "Raison", datetime.date(2027, 1, 31))
    services.decide(coach_user, deviation, accept=True)
    flush()
    lifted = summary(coached).level
    with pytest.raises(ValidationError, match="motif de la révocation"):
        services.revoke(editor, deviation, "")
    services.revoke(editor, deviation, "Le rituel a repris.")
    flush()
    assert summary(coached).level != lifted
    assert Deviation.objects.get().state == State.REVOKED
