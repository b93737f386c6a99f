"""Alerts, owners, the public accessibility status and the sheet summary: bounded queries, right content."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from equipage.compliance.selectors import (
    Alert,
    accessibility_status,
    area_owners,
    compliance_alerts,
    due_items,
    sheet_summary,
)
from equipage.governance.matrix import save_levels
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.compliance.factories import (
    AccessibilityAuditFactory,
    AccessibilityRecordFactory,
    HomologationFactory,
    ProcessingActivityFactory,
)
from tests.factories import MembershipFactory, PersonFactory, ProductFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)
D = datetime.date


def codes(alerts):
    return sorted((alert.code, alert.severity) for alert in alerts)


def test_each_alert_with_its_severity():
    expired = ProductFactory()
    HomologationFactory(product=expired, decision_date=D(2023, 1, 1), valid_until=D(2026, 1, 1))
    expiring = ProductFactory()
    HomologationFactory(product=expiring, valid_until=D(2026, 8, 1))
    no_statement = ProductFactory(is_public_service=True)
    old_statement = ProductFactory()
    AccessibilityRecordFactory(product=old_statement, statement_date=D(2022, 1, 1))
    aipd = ProductFactory()
    ProcessingActivityFactory(product=aipd, impact_assessment_required=True)
    ProcessingActivityFactory(product=aipd, impact_assessment_required=True, impact_assessment_done_on=D(2025, 1, 1))
    fine = ProductFactory()
    HomologationFactory(product=fine)

    alerts = compliance_alerts([p.pk for p in (expired, expiring, no_statement, old_statement, aipd, fine)], TODAY)

    assert codes(alerts[expired.pk]) == [("HOMOLOGATION_EXPIREE", "bloquant")]
    assert codes(alerts[expiring.pk]) == [("HOMOLOGATION_A_ECHEANCE", "a_surveiller")]
    assert codes(alerts[no_statement.pk]) == [
        ("DECLARATION_ACCESSIBILITE_ABSENTE", "bloquant"),
        ("RGESN_ABSENTE", "a_surveiller"),
    ]
    assert codes(alerts[old_statement.pk]) == [("DECLARATION_ACCESSIBILITE_ANCIENNE", "a_surveiller")]
    assert codes(alerts[aipd.pk]) == [("AIPD_MANQUANTE", "bloquant")]
    assert alerts[fine.pk] == []
    alert = alerts[expired.pk][0]
    assert isinstance(alert, Alert)
    assert "1er janvier 2026" in alert.message and alert.remedy


def test_a_non_public_product_without_statement_raises_no_alert():
    product = ProductFactory(is_public_service=False)
    assert compliance_alerts([product.pk], TODAY) == {product.pk: []}


@pytest.mark.parametrize("count", [2, 20])
def test_alerts_take_the_same_number_of_queries_whatever_the_number_of_products(count, django_assert_num_queries):
    products = ProductFactory.create_batch(count, is_public_service=True)
    for product in products:
        HomologationFactory(product=product)
        AccessibilityAuditFactory(product=product)
        ProcessingActivityFactory(product=product, impact_assessment_required=True)
    with django_assert_num_queries(8):
        alerts = compliance_alerts([p.pk for p in products], TODAY)
    assert len(alerts) == count


def test_owners_are_the_holders_of_the_responsible_role_of_each_area():
    product = ProductFactory(governance=Governance.SHARED)
    policy = MembershipFactory(product=product, role=Role.POLICY_OWNER, person=PersonFactory(last_name="Métier"))
    lead = MembershipFactory(product=product, role=Role.PRODUCT_OWNER, person=PersonFactory(last_name="Produit"))
    owners = area_owners([product])[product.pk]
    assert owners["rgpd"] == [policy.person]  # conformite_legale: responsable métier
    assert owners["rgaa"] == owners["rgs"] == owners["rgesn"] == [lead.person]  # conformite_referentiels

    # The matrix changes: the owner follows.
    save_levels(product, {"conformite_legale": {Role.POLICY_OWNER: "participe", Role.PRODUCT_OWNER: "responsable"}})
    assert area_owners([product])[product.pk]["rgpd"] == [lead.person]


def test_an_area_whose_responsible_role_is_vacant_has_no_owner():
    product = ProductFactory(governance=Governance.SHARED)
    assert area_owners([product])[product.pk]["rgpd"] == []


def test_accessibility_status_from_the_latest_audit_and_the_statement():
    product = ProductFactory(accessibility_statement_url="https://fiche.exemple.gouv.fr/a11y")
    status = accessibility_status(product)
    assert (status.status, status.label, status.rate) == ("non_conforme", "Non conforme", None)
    assert status.statement_url == "https://fiche.exemple.gouv.fr/a11y"  # the sheet's link, lacking a record

    AccessibilityAuditFactory(product=product, audited_on=D(2025, 1, 1), conformity_rate=Decimal("30"))
    AccessibilityAuditFactory(product=product, audited_on=D(2026, 1, 1), conformity_rate=Decimal("62.5"))
    AccessibilityRecordFactory(product=product, statement_url="https://service.exemple.gouv.fr/accessibilite")
    status = accessibility_status(product)
    assert (status.status, status.rate, status.rgaa_version) == ("partiellement_conforme", Decimal("62.5"), "4.1.2")
    assert status.statement_url == "https://service.exemple.gouv.fr/accessibilite"


def test_public_accessibility_include_shows_the_status_and_statement_link():
    product = ProductFactory(name="Mon service", is_public_service=True)
    AccessibilityAuditFactory(product=product, conformity_rate=Decimal("100"))
    AccessibilityRecordFactory(product=product)
    html = render_to_string("compliance/_public_accessibility.html", {"product": product})
    assert ">totalement conforme</span>" in html
    assert "100\u00a0% des critères du RGAA 4.1.2" in html
    assert 'href="https://service.exemple.gouv.fr/accessibilite"' in html


def test_public_accessibility_include_without_audit_nor_statement():
    html = render_to_string("compliance/_public_accessibility.html", {"product": ProductFactory()})
    assert "non conforme" in html
    assert "Aucune déclaration d’accessibilité" in html


def test_sheet_summary_and_its_include():
    product = ProductFactory(is_public_service=True)
    HomologationFactory(product=product, decision_date=D(2023, 1, 1), valid_until=D(2026, 1, 1))
    summary = sheet_summary(product, TODAY)
    assert [area["state"].status for area in summary["areas"]] == ["manquant", "echu", "echu", "manquant"]
    assert {alert.code for alert in summary["alerts"]} == {
        "HOMOLOGATION_EXPIREE",
        "DECLARATION_ACCESSIBILITE_ABSENTE",
        "RGESN_ABSENTE",
    }
    html = render_to_string("compliance/_sheet_summary.html", {"compliance": summary})
    assert "Sécurité (homologation RGS)" in html and "Échu" in html
    assert f"/produits/{product.slug}/conformite/" in html
    # With only the product in context, the include computes the summary itself.
    assert "Échu" in render_to_string("compliance/_sheet_summary.html", {"product": product})


def test_due_items_within_the_horizon_and_overdue():
    soon = ProductFactory(name="A")
    HomologationFactory(product=soon, valid_until=D(2026, 7, 1))
    later = ProductFactory(name="B")
    HomologationFactory(product=later, valid_until=D(2027, 7, 1))
    old = ProductFactory(name="C")
    AccessibilityRecordFactory(product=old, statement_date=D(2023, 1, 1))
    aipd = ProductFactory(name="D")
    ProcessingActivityFactory(product=aipd, impact_assessment_required=True, name="Santé")

    items = due_items([soon, later, old, aipd], TODAY, 30)
    assert [(item.product.name, item.area) for item in items] == [
        ("D", "rgpd"),
        ("C", "rgaa"),  # 18 months after RGAA 4.1.2, then three years after publication
        ("C", "rgaa"),
        ("A", "rgs"),
    ]
    assert "à mettre à jour le 1er janvier 2026 (3 ans après sa publication)" in items[2].message
    assert [i.product.name for i in due_items([later], TODAY, 400)] == ["B"]


@pytest.mark.django_db
def test_public_status_falls_back_to_non_conforme_once_the_audit_has_lapsed():
    import time_machine

    from equipage.compliance.selectors import accessibility_status
    from tests.compliance.factories import AccessibilityAuditFactory

    audit = AccessibilityAuditFactory(audited_on=datetime.date(2019, 3, 1), conformity_rate=100)
    with time_machine.travel(datetime.date(2021, 3, 1)):
        assert accessibility_status(audit.product).label == "Totalement conforme"
    with time_machine.travel(datetime.date(2026, 3, 1)):
        assert accessibility_status(audit.product).label == "Non conforme"
