"""The daily reminder: `compliance_due` lists what falls due and e-mails the owners."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.compliance.factories import AccessibilityRecordFactory, HomologationFactory, ProcessingActivityFactory
from tests.factories import MembershipFactory, PersonFactory, ProductFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 15, 8, tzinfo=datetime.UTC)


@pytest.fixture
def portfolio():
    product = ProductFactory(name="Guichet", slug="guichet", governance=Governance.SHARED)
    MembershipFactory(product=product, role=Role.POLICY_OWNER, person=PersonFactory(email="legal@ministere.example"))
    MembershipFactory(product=product, role=Role.PRODUCT_OWNER, person=PersonFactory(email="normes@ministere.example"))
    HomologationFactory(product=product, decision_date=datetime.date(2023, 8, 1), valid_until=datetime.date(2026, 7, 1))
    AccessibilityRecordFactory(product=product, statement_date=datetime.date(2023, 1, 1))
    ProcessingActivityFactory(product=product, name="Dossiers de santé", impact_assessment_required=True)
    quiet = ProductFactory(name="Tranquille")
    HomologationFactory(product=quiet, valid_until=datetime.date(2028, 1, 1))
    return product


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("compliance_due", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@time_machine.travel(NOW, tick=False)
def test_lists_what_falls_due(portfolio):
    output = run("--days", "30")
    assert "4 échéances de conformité d’ici 30 jours" in output
    assert "Guichet [RGS] L’homologation de sécurité expire le 1er juillet 2026." in output
    assert "[RGAA] La déclaration d’accessibilité était à mettre à jour le 1er janvier 2026 (3 ans après" in output
    assert "(RGAA 4.1.2 publié : 18 mois pour mettre à jour)" in output  # statement of January 2023
    assert "Guichet [RGPD] Le traitement « Dossiers de santé » requiert une AIPD" in output
    assert "Tranquille" not in output
    assert mail.outbox == []


@time_machine.travel(NOW, tick=False)
def test_a_short_horizon_leaves_the_homologation_out(portfolio):
    output = run("--days", "7")
    assert "[RGS] L’homologation" not in output and "[RGPD]" in output
    assert "[RGS] Rappel à 1 mois" in output  # the reminder ladder, not the horizon, decides reminders


@time_machine.travel(NOW, tick=False)
def test_sends_each_owner_their_items(portfolio, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    output = run("--days", "30", "--send-email")
    assert "2 courriels envoyés" in output
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"legal@ministere.example", "normes@ministere.example"}
    legal = by_recipient["legal@ministere.example"]
    assert legal.subject == "[Équipage] 1 échéance de conformité"
    assert "Dossiers de santé" in legal.body and "homologation" not in legal.body
    standards = by_recipient["normes@ministere.example"]
    assert "homologation de sécurité expire le 1er juillet 2026" in standards.body
    assert "/produits/guichet/conformite/#rgs" in standards.body


@time_machine.travel(NOW, tick=False)
def test_items_without_owner_are_reported(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    product = ProductFactory(name="Orphelin", governance=Governance.SHARED)
    HomologationFactory(product=product, decision_date=datetime.date(2023, 8, 1), valid_until=datetime.date(2026, 7, 1))
    output = run("--send-email")
    assert "Aucun responsable joignable pour Orphelin [RGS]" in output
    assert mail.outbox == []


@time_machine.travel(NOW, tick=False)
def test_nothing_due():
    assert "Aucune échéance de conformité dans les 90 prochains jours." in run()
