"""Homologation as the ANSSI's 2025 guide and MonServiceSécurisé model it: steps, durations, states
(with the window growing with the validity), exemptions, and the ladder of reminders, at frozen dates."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from equipage.compliance import standards
from equipage.compliance.models import (
    Homologation,
    HomologationDecision,
    HomologationOpinion,
    HomologationReminder,
    SecurityMeasure,
)
from equipage.compliance.states import (
    HomologationState,
    Status,
    homologation_state,
    homologation_steps,
    reminder_due,
    rgs_state,
)
from equipage.teams.roles import Role
from tests.compliance.factories import HomologationFactory
from tests.factories import MembershipFactory, PersonFactory, ProductFactory

D = datetime.date
TODAY = D(2026, 6, 15)


def decided(months, valid_until, **fields):
    return Homologation(
        authority="Claire Martin",
        authority_function="Directrice du numérique",
        decision=HomologationDecision.GRANTED,
        decision_date=standards.add_months(valid_until, -months) if valid_until else None,
        validity_months=months,
        valid_until=valid_until,
        **fields,
    )


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (None, HomologationState.NOT_STARTED),
        (Homologation(security_needs="moderes"), HomologationState.IN_PROGRESS),
        (decided(36, D(2027, 6, 15)), HomologationState.VALID),
        (decided(36, D(2026, 12, 15)), HomologationState.EXPIRING),  # 6 months ahead of a 3-year decision
        (decided(36, D(2026, 12, 16)), HomologationState.VALID),
        (decided(6, D(2026, 7, 15)), HomologationState.EXPIRING),  # 1 month ahead of a 6-month decision
        (decided(6, D(2026, 7, 16)), HomologationState.VALID),
        (decided(12, D(2026, 8, 15)), HomologationState.EXPIRING),  # 2 months for a 1-year one
        (decided(24, D(2026, 9, 15)), HomologationState.EXPIRING),  # 3 months for a 2-year one
        (decided(24, D(2026, 6, 14)), HomologationState.EXPIRED),
        (
            Homologation(
                authority="A",
                authority_function="B",
                decision=HomologationDecision.REFUSED,
                decision_date=D(2026, 5, 1),
            ),
            HomologationState.REFUSED,
        ),
        (
            Homologation(
                exemption_case="urgence", exemption_granted_on=D(2026, 3, 1), exemption_deadline=D(2026, 9, 1)
            ),
            HomologationState.EXEMPTED,
        ),
        (
            Homologation(
                exemption_case="urgence", exemption_granted_on=D(2025, 3, 1), exemption_deadline=D(2025, 9, 1)
            ),
            HomologationState.EXEMPTION_LAPSED,
        ),
        (
            Homologation(exemption_case="faible_sensibilite", exemption_granted_on=D(2020, 1, 1)),
            HomologationState.EXEMPTED,
        ),
        # a valid decision prevails over an older exemption
        (
            decided(12, D(2027, 1, 1), exemption_case="urgence", exemption_granted_on=D(2025, 1, 1)),
            HomologationState.VALID,
        ),
    ],
)
def test_every_homologation_state(record, expected):
    assert homologation_state(record, TODAY) == expected


def test_exempted_and_refused_on_the_heat_map():
    exempted = Homologation(exemption_case="urgence", exemption_granted_on=D(2026, 3, 1))
    assert rgs_state(exempted, TODAY).status == Status.EXEMPTED
    refused = Homologation(authority="A", decision=HomologationDecision.REFUSED, decision_date=D(2026, 5, 1))
    assert rgs_state(refused, TODAY).status == Status.LAPSED


@pytest.mark.parametrize("months", [6, 12, 24, 36])
def test_only_the_usual_durations_are_accepted(months):
    record = decided(months, None)
    record.decision_date = D(2026, 1, 31)
    record.clean()
    assert record.valid_until == standards.add_months(D(2026, 1, 31), months)


def test_a_longer_duration_is_refused():
    record = decided(48, None)
    record.decision_date = D(2026, 1, 1)
    with pytest.raises(Exception) as refusal:
        record.clean()
    assert "6, 12, 24 ou 36 mois" in str(refusal.value)


def test_an_exemption_takes_the_deadline_the_case_sets():
    record = Homologation(
        exemption_case="experimentation", exemption_justification="Pilote", exemption_granted_on=D(2026, 1, 31)
    )
    record.clean()
    assert record.exemption_deadline == D(2027, 1, 31)


@pytest.mark.parametrize(
    ("months", "ladder"),
    [(6, (3, 1)), (12, (6, 3, 1)), (24, (12, 6, 3, 1)), (36, (24, 12, 6, 3, 1))],
)
def test_every_reminder_step(months, ladder):
    assert standards.HOMOLOGATION_REMINDER_MONTHS[months] == ladder
    valid_until = D(2029, 6, 30)
    record = decided(months, valid_until)
    for step in ladder:
        day = standards.add_months(valid_until, -step)
        assert reminder_due(record, day - datetime.timedelta(days=1)) != (step, [s for s in ladder if s >= step])
        assert reminder_due(record, day)[0] == step
    assert reminder_due(record, standards.add_months(valid_until, -ladder[0]) - datetime.timedelta(days=1)) is None
    assert reminder_due(record, valid_until + datetime.timedelta(days=1)) is None


def test_the_four_steps_follow_the_file():
    record = Homologation(security_needs="avances", risk_analysis_on=D(2026, 2, 1), risk_analysis_method="EBIOS RM")
    measures = [
        SecurityMeasure(title="MFA", status="faite"),
        SecurityMeasure(title="Logs", status="a_faire", owner="X"),
    ]
    steps = homologation_steps(record, measures, [HomologationOpinion(author="RSSI", verdict="favorable")])
    assert [(step.code, step.state) for step in steps] == [
        ("besoins", "faite"),
        ("risques", "faite"),
        ("mesures", "en_cours"),
        ("decision", "en_cours"),
    ]
    assert steps[2].evidence == "1 sur 2 faites ou non applicables"


@pytest.mark.django_db
def test_the_daily_job_reminds_the_owner_and_the_rssi_once_per_step(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    product = ProductFactory(name="Guichet")
    owner = PersonFactory(email="porteur@ministere.example")
    MembershipFactory(product=product, role=Role.SECURITY_OFFICER, person=PersonFactory(email="rssi@ministere.example"))
    HomologationFactory(
        product=product, owner=owner, decision_date=D(2024, 1, 1), validity_months=36, valid_until=D(2027, 1, 1)
    )

    def run(day):
        out = io.StringIO()
        with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 6, tzinfo=datetime.UTC), tick=False):
            call_command("compliance_due", "--days", "0", "--send-email", stdout=out, stderr=io.StringIO())
        return out.getvalue()

    assert "Rappel" not in run(D(2024, 12, 31))  # 24 months before is 1 January 2025
    output = run(D(2025, 1, 1))
    assert "Rappel à 24 mois" in output
    assert sorted(mail.outbox[0].to) == ["porteur@ministere.example", "rssi@ministere.example"]
    assert "Rappel" not in run(D(2025, 1, 2))  # sent once
    assert "Rappel à 6 mois" in run(D(2026, 9, 1))  # the 12-month step was missed: the latest one only
    assert set(HomologationReminder.objects.values_list("months_before", flat=True)) == {24, 12, 6}
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_exemption_register_lists_exempted_products(agent_client):
    product = ProductFactory(name="Pilote")
    Homologation.objects.create(
        product=product,
        exemption_case="experimentation",
        exemption_justification="Expérimentation auprès de 50 agents.",
        exemption_granted_on=D(2026, 1, 1),
        exemption_deadline=D(2027, 1, 1),
    )
    HomologationFactory(product=ProductFactory(name="Homologué"))
    html = agent_client.get("/portefeuille/conformite/dispenses/").content.decode()
    assert "Pilote" in html and "Expérimentation auprès de 50 agents." in html
    assert "Homologué" not in html


@pytest.mark.django_db
def test_an_agent_cannot_record_a_measure(agent_client, product):
    url = f"/produits/{product.slug}/conformite/mesures/nouvelle/"
    assert agent_client.post(url, {"title": "MFA", "status": "faite"}).status_code == 403
    assert not SecurityMeasure.objects.exists()


@pytest.mark.django_db
def test_an_editor_records_a_measure_and_an_opinion(editor_client, product):
    url = f"/produits/{product.slug}/conformite/mesures/nouvelle/"
    response = editor_client.post(url, {"title": "Journalisation", "status": "a_faire", "owner": ""})
    assert "a un responsable" in response.content.decode()
    assert not SecurityMeasure.objects.exists()
    editor_client.post(url, {"title": "Journalisation", "status": "a_faire", "owner": "Équipe technique"})
    assert SecurityMeasure.objects.get().owner == "Équipe technique"
    response = editor_client.post(
        f"/produits/{product.slug}/conformite/avis/nouveau/",
        {"author": "RSSI", "verdict": "reserves", "given_on": "2026-01-01", "reservations": ""},
    )
    assert "Indiquez les réserves" in response.content.decode()
    assert not HomologationOpinion.objects.exists()


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)
def test_the_heat_map_sorts_by_urgency_and_counts_each_state(agent_client):
    import re

    from tests.compliance.factories import (
        AccessibilityAuditFactory,
        AccessibilityRecordFactory,
        EcodesignDeclarationFactory,
        ProcessingActivityFactory,
    )

    def complete(product):
        ProcessingActivityFactory(product=product)
        AccessibilityAuditFactory(product=product)
        AccessibilityRecordFactory(product=product)
        EcodesignDeclarationFactory(product=product)

    calm = ProductFactory(name="Aaa calme")
    complete(calm)
    HomologationFactory(product=calm, decision_date=D(2026, 1, 1), validity_months=36, valid_until=D(2029, 1, 1))
    exempted = ProductFactory(name="Bbb dispensé")
    complete(exempted)
    Homologation.objects.create(product=exempted, exemption_case="urgence", exemption_granted_on=D(2026, 5, 1))
    lapsed = ProductFactory(name="Ccc échu")
    complete(lapsed)
    HomologationFactory(product=lapsed, decision_date=D(2023, 1, 1), validity_months=36, valid_until=D(2026, 1, 1))
    html = agent_client.get("/portefeuille/conformite/").content.decode()
    order = [html.index(name) for name in ("Ccc échu", "Bbb dispensé", "Aaa calme")]
    assert order == sorted(order)
    counters = dict(re.findall(r'data-state="([a-z_]+)">(\d+)<', html))
    assert counters == {"a_jour": "1", "dispense": "1", "a_echeance": "0", "echu": "1", "manquant": "0"}
