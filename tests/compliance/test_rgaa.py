"""RGAA audits as Ara models them: types, per-criterion results, the rate by the RGAA's method, the
Ara import, the statement's mentions and its « à mettre à jour » rules, at frozen dates."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from equipage.compliance import standards
from equipage.compliance.models import (
    AccessibilityAudit,
    AccessibilityRecord,
    AuditType,
    conformity_rate_of,
    criterion_outcome,
)
from equipage.compliance.states import (
    DeclaredStatus,
    StatementState,
    accessibility_declaration,
    statement_state,
    statement_update_reasons,
)
from tests.compliance.factories import AccessibilityAuditFactory, AccessibilityRecordFactory

D = datetime.date
TODAY = D(2026, 6, 15)
FROZEN = time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)
ARA_FIXTURE = Path(__file__).parent / "fixtures" / "ara_audit_rapide.json"


def fast_results(**overrides) -> dict[str, list[str]]:
    results = {criterion: ["C", "C"] for criterion in standards.RGAA_FAST_CRITERIA}
    return results | overrides


def test_a_criterion_is_met_only_when_met_or_not_applicable_on_every_page():
    assert criterion_outcome(["C", "NA", "C"]) == "C"
    assert criterion_outcome(["NA", "NA"]) == "NA"
    assert criterion_outcome(["C", "NC", "NA"]) == "NC"
    assert criterion_outcome(["C", "NT"]) == "NT"


def test_the_rate_is_met_over_applicable_criteria_on_a_small_audit():
    # 25 criteria: 2 not met (one page is enough), 3 not applicable everywhere, 20 met.
    results = fast_results(**{"1.1": ["C", "NC"], "3.1": ["NC", "NC"], "4.1": ["NA", "NA"]})
    results |= {"4.10": ["NA", "NA"], "5.3": ["NA", "NA"], "5.7": ["NA", "C"]}
    assert conformity_rate_of(results) == Decimal("90.91")  # 20 / 22


@pytest.mark.django_db
def test_results_set_the_rate_and_mark_it_computed():
    audit = AccessibilityAuditFactory.build(
        audit_type=AuditType.FAST,
        conformity_rate=None,
        pages=[{"name": "Accueil", "url": ""}, {"name": "Contact", "url": ""}],
        results=fast_results(**{"1.1": ["C", "NC"]}),
    )
    audit.clean()
    assert audit.conformity_rate == Decimal("96.00")
    assert audit.rate_source == "calcule"
    assert audit.non_compliant_criteria() == ["1.1"]


@pytest.mark.parametrize(
    ("audit_type", "results", "message"),
    [
        (AuditType.COMPLETE, fast_results(), "ne correspondent pas au type d’audit (Audit complet (106 critères))"),
        (AuditType.FAST, fast_results(**{"13.1": ["C", "C"]}), "en trop 13.1"),
        (AuditType.FAST, fast_results(**{"1.1": ["C"]}), "un résultat pour chacune des 2 pages"),
        (AuditType.FAST, fast_results(**{"1.1": ["OK", "C"]}), "utilisez C, NC, NA ou NT"),
    ],
)
def test_results_that_do_not_match_the_type_are_refused(audit_type, results, message):
    audit = AccessibilityAudit(
        audited_on=D(2026, 1, 1),
        auditor="X",
        audit_type=audit_type,
        pages=[{"name": "Accueil"}, {"name": "Contact"}],
        results=results,
    )
    with pytest.raises(ValidationError) as refusal:
        audit.clean()
    assert message in " ".join(refusal.value.messages)


def audit(day, rate="100", audit_type=AuditType.COMPLETE, version="4.1.2", pk=None):
    return AccessibilityAudit(
        pk=pk, audited_on=day, auditor="X", conformity_rate=Decimal(rate), audit_type=audit_type, rgaa_version=version
    )


def test_only_a_complete_audit_in_its_validity_gives_a_status():
    fast = audit(D(2026, 5, 1), "100", AuditType.FAST)
    assert accessibility_declaration([fast], TODAY).status == DeclaredStatus.NONE
    assert accessibility_declaration([fast], TODAY).reason == "aucun audit complet (106 critères)"
    complete = audit(D(2025, 1, 1), "80")
    assert accessibility_declaration([fast, complete], TODAY).status == DeclaredStatus.PARTIAL
    assert accessibility_declaration([fast, complete], TODAY).audit is complete
    assert accessibility_declaration([audit(D(2023, 6, 15), "100")], TODAY).status == DeclaredStatus.NONE
    assert accessibility_declaration([audit(D(2023, 6, 16), "100")], TODAY).status == DeclaredStatus.FULL


def statement(day, **fields):
    return AccessibilityRecord(statement_url="https://exemple.gouv.fr/a11y", statement_date=day, **fields)


@pytest.mark.parametrize(
    ("record", "audits", "today", "expected"),
    [
        (statement(D(2025, 1, 1)), [audit(D(2024, 12, 1))], TODAY, StatementState.CURRENT),
        # three years after publication
        (statement(D(2023, 6, 16)), [audit(D(2023, 6, 1))], TODAY, StatementState.EXPIRING),
        (statement(D(2023, 6, 15)), [audit(D(2023, 6, 1))], TODAY, StatementState.OUTDATED),
        # a substantial change after the statement
        (statement(D(2025, 1, 1), substantial_change_on=D(2026, 3, 1)), [], TODAY, StatementState.OUTDATED),
        (statement(D(2026, 4, 1), substantial_change_on=D(2026, 3, 1)), [], TODAY, StatementState.CURRENT),
        # 18 months after a new RGAA version (4.1.2 published 3 April 2023: deadline 3 October 2024)
        (statement(D(2023, 1, 2)), [audit(D(2022, 12, 1), version="4.1.1")], D(2024, 10, 2), StatementState.EXPIRING),
        (statement(D(2023, 1, 2)), [audit(D(2022, 12, 1), version="4.1.1")], D(2024, 10, 3), StatementState.OUTDATED),
        (statement(D(2023, 1, 2)), [audit(D(2022, 12, 1), version="4.1.1")], D(2024, 7, 4), StatementState.CURRENT),
    ],
)
def test_statement_to_update(record, audits, today, expected):
    assert statement_state(record, audits, today) == expected


def test_the_reason_to_update_is_named():
    record = statement(D(2023, 1, 2))
    reasons = statement_update_reasons(record, [audit(D(2022, 12, 1), version="4.1.1")], D(2024, 10, 3))
    assert reasons == ["RGAA 4.1.2 publié : 18 mois pour mettre à jour"]


def test_months_are_added_to_the_last_day_of_short_months():
    assert standards.add_months(D(2023, 8, 31), 18) == D(2025, 2, 28)
    assert standards.rgaa_update_deadline("4.1.2") is None


# --- Ara import ---


def _import(client, slug, content: bytes, name="audit.json"):
    return client.post(
        f"/produits/{slug}/conformite/audits/importer/",
        {"file": SimpleUploadedFile(name, content, content_type="application/json"), "auditor_kind": "interne"},
    )


@pytest.mark.django_db
@FROZEN
def test_an_ara_export_is_imported_with_its_sample_and_results(editor_client, product):
    response = _import(editor_client, product.slug, ARA_FIXTURE.read_bytes())
    assert response.status_code == 302
    audit = AccessibilityAudit.objects.get(product=product)
    assert (audit.audit_type, audit.rgaa_version, audit.auditor_kind) == ("rapide", "4.1", "interne")
    assert audit.auditor == "Pôle accessibilité de la DNUM"
    assert audit.audited_on == D(2026, 3, 10)
    assert [page["name"] for page in audit.pages] == ["Accueil", "Formulaire de contact"]
    assert len(audit.results) == 25
    assert audit.conformity_rate == Decimal("90.48")  # 19 met of 21 applicable; Ara rounds it to 90
    assert audit.rate_source == "calcule"
    assert audit.non_compliant_criteria() == ["1.1", "11.10"]


def _ara(**changes) -> bytes:
    report = json.loads(ARA_FIXTURE.read_text()) | changes
    return json.dumps(report).encode()


@pytest.mark.django_db
@FROZEN
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "n’est pas un export d’audit d’Ara"),
        (b"criteres;Accueil\n1.1;C\n", "n’est pas un export d’audit d’Ara"),
        (json.dumps({"name": "autre outil", "score": 80}).encode(), "il manque le type d’audit"),
        (_ara(auditType="MEGA"), "Type d’audit Ara inconnu"),
        (_ara(auditType="FULL"), "ne correspondent pas au type d’audit"),
        (_ara(results=[{"topic": 1, "criterium": 1, "pageId": 999, "status": "COMPLIANT"}]), "Résultat Ara illisible"),
        (_ara(publishDate="2027-01-01T00:00:00Z"), "ne peut pas être dans le futur"),
    ],
)
def test_a_malformed_or_foreign_file_is_refused_and_nothing_saved(editor_client, product, content, message):
    response = _import(editor_client, product.slug, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Rien n’a été importé" in response.content.decode()
    assert not AccessibilityAudit.objects.exists()


@pytest.mark.django_db
def test_an_agent_cannot_import(agent_client, product):
    response = _import(agent_client, product.slug, ARA_FIXTURE.read_bytes())
    assert response.status_code == 403
    assert not AccessibilityAudit.objects.exists()


# --- The generated statement ---


@pytest.mark.django_db
@FROZEN
def test_the_generated_statement_holds_every_mention(agent_client, product):
    audit = AccessibilityAuditFactory(product=product, audited_on=D(2026, 1, 10), conformity_rate=Decimal("80"))
    AccessibilityRecordFactory(
        product=product,
        statement_date=D(2026, 2, 1),
        audit=audit,
        non_compliant_content="Les cartes interactives n’ont pas d’alternative textuelle.",
        disproportionate_burden="Le lecteur vidéo historique, remplacé en 2027.",
        exempt_content="Les archives antérieures à 2019.",
        technologies="HTML, CSS, JavaScript",
        test_environment="Firefox et NVDA ; Safari et VoiceOver",
        tools="Assistant RGAA, Colour Contrast Analyser",
        contact_email="accessibilite@exemple.gouv.fr",
        multi_year_plan_url="https://service.exemple.gouv.fr/schema",
        action_plan_url="https://service.exemple.gouv.fr/plan-2026",
        action_plan_year=2026,
    )
    html = agent_client.get(f"/produits/{product.slug}/conformite/declaration-accessibilite/").content.decode()
    for mention in [
        "État de conformité",
        'data-accessibility-status="partiellement_conforme"',
        "80\u00a0% des critères du RGAA 4.1.2",
        "(taux reporté du rapport d’audit)",
        "Les cartes interactives",
        "Dérogations pour charge disproportionnée",
        "Le lecteur vidéo historique",
        "Les archives antérieures à 2019.",
        "établie le 1er février 2026",
        "Firefox et NVDA",
        "Assistant RGAA",
        "accessibilite@exemple.gouv.fr",
        "Défenseur des droits",
        "Libre réponse 71120",
        "https://service.exemple.gouv.fr/schema",
        "Plan d’actions 2026",
    ]:
        assert mention in html, mention


@pytest.mark.django_db
@FROZEN
def test_equipage_own_statement_holds_the_same_mentions_as_a_generated_one(client, agent_client, product):
    own = client.get("/accessibilite/").content.decode()
    generated = agent_client.get(f"/produits/{product.slug}/conformite/declaration-accessibilite/").content.decode()
    for mention in standards.STATEMENT_MENTIONS:
        assert mention in own, mention
        assert mention in generated, mention
