"""The processing register (RGPD article 30) and the AIPD questionnaire (EDPB criteria, CNIL list)."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from equipage.compliance.models import LegalBasis, ProcessingActivity, aipd_outcome
from tests.compliance.factories import ProcessingActivityFactory
from tests.factories import ProductFactory

D = datetime.date


@pytest.mark.parametrize(
    ("criteria", "types", "override", "sensitive", "required", "reason"),
    [
        ([], [], "", False, False, "0 critère du CEPD sur 9, aucun type de la liste de la CNIL"),
        (["evaluation"], [], "", False, False, "1 critère du CEPD sur 9, aucun type de la liste de la CNIL"),
        (["evaluation", "grande_echelle"], [], "", False, True, "2 critères du CEPD sur 9 (deux ou plus)"),
        (["evaluation"], [], "", True, True, "2 critères du CEPD sur 9 (deux ou plus)"),  # sensitive data counts
        ([], ["logement_social"], "", False, True, "liste de la CNIL : instruction des demandes et gestion des"),
        (["evaluation", "croisement"], [], "non_requise", False, False, "décision de l’équipe (le questionnaire"),
        ([], [], "requise", False, True, "décision de l’équipe"),
    ],
)
def test_the_questionnaire_decides_whether_an_aipd_is_required(criteria, types, override, sensitive, required, reason):
    outcome = aipd_outcome(criteria, types, override, sensitive)
    assert outcome[0] is required
    assert outcome[1].startswith(reason)


def activity(**fields):
    values = {
        "name": "Comptes",
        "purpose": "Connexion",
        "legal_basis": LegalBasis.PUBLIC_TASK,
        "data_categories": "Identité",
        "retention_period": "3 ans",
    }
    return ProcessingActivity(**(values | fields))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"aipd_override": "non_requise"}, "aipd_override_justification", "Justifiez"),
        ({"aipd_criteria": ["inconnu"]}, "aipd_criteria", "neuf critères du CEPD"),
        ({"aipd_cnil_types": ["autre"]}, "aipd_cnil_types", "liste de la CNIL"),
        ({"transfers_outside_eu": True}, "transfer_safeguards", "garanties"),
    ],
)
def test_bad_answers_are_refused(fields, field, message):
    with pytest.raises(ValidationError) as refusal:
        activity(**fields).clean()
    assert message in refusal.value.message_dict[field][0]


def test_the_answer_and_its_reason_are_kept_on_the_record():
    record = activity(aipd_criteria=["surveillance", "personnes_vulnerables"], aipd_assessed_on=D(2026, 1, 5))
    record.clean()
    assert record.impact_assessment_required is True
    assert record.aipd_reason == "2 critères du CEPD sur 9 (deux ou plus)"


@pytest.mark.django_db
def test_the_register_page_and_csv_hold_the_article_30_fields(agent_client):
    product = ProductFactory(name="Guichet")
    ProcessingActivityFactory(
        product=product,
        name="Dossiers",
        controller_name="Direction des affaires sociales",
        controller_contact="das@ministere.example",
        dpo_name="DPO ministériel",
        dpo_contact="dpo@ministere.example",
        data_subjects="Usagers ; agents",
        transfers_outside_eu=True,
        transfer_countries="Suisse",
        transfer_safeguards="Décision d’adéquation",
        security_measures="Chiffrement ; journalisation",
        impact_assessment_required=True,
        aipd_reason="2 critères du CEPD sur 9 (deux ou plus)",
    )
    html = agent_client.get("/portefeuille/conformite/registre/").content.decode()
    for text in [
        "Direction des affaires sociales",
        "dpo@ministere.example",
        "Usagers ; agents",
        "Suisse",
        "Chiffrement",
    ]:
        assert text in html
    assert "<strong>non réalisée</strong>" in html
    response = agent_client.get("/portefeuille/conformite/registre.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    header, row = rows[0], rows[1]
    assert dict(zip(header, row, strict=True))["Garanties des transferts"] == "Décision d’adéquation"
    assert dict(zip(header, row, strict=True))["Motif de l’AIPD"] == "2 critères du CEPD sur 9 (deux ou plus)"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 12])
def test_the_registers_take_the_same_queries_whatever_the_number_of_products(
    count, agent_client, django_assert_max_num_queries
):
    from equipage.compliance.models import Homologation

    for number in range(count):
        product = ProductFactory()
        ProcessingActivityFactory(product=product, name=f"Traitement {number}")
        Homologation.objects.create(
            product=product, exemption_case="urgence", exemption_granted_on=D(2026, 1, 1), exemption_justification="x"
        )
    agent_client.get("/portefeuille/conformite/registre/")  # warm the session and caches
    with django_assert_max_num_queries(8):
        assert agent_client.get("/portefeuille/conformite/registre/").status_code == 200
    with django_assert_max_num_queries(8):
        assert agent_client.get("/portefeuille/conformite/dispenses/").status_code == 200
