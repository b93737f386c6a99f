import datetime
import re

import pytest
from django.urls import reverse

from equipage.registry import services as registry_services
from equipage.selfassessment.models import Answer, AnswerValue, SelfAssessment
from equipage.selfassessment.views import answer_button_label, role_phrase
from equipage.teams.roles import GUIDES, Role
from tests.factories import MembershipFactory, PersonFactory, ProductFactory, UserFactory, person_for

from .factories import answered

pytestmark = pytest.mark.django_db

OWNER_QUESTIONS = [question.key for question in GUIDES[Role.PRODUCT_OWNER].questions]
BUTTON = "Répondre à l’autodiagnostic de responsable produit (co-chef de produit DNUM)"


def overview_url(product) -> str:
    return reverse("selfassessment:overview", kwargs={"slug": product.slug})


def create_url(product, role="responsable-produit") -> str:
    return reverse("selfassessment:create", kwargs={"slug": product.slug, "role": role})


def form_data(value="oui", **overrides) -> dict:
    data = {f"reponse_{key}": value for key in OWNER_QUESTIONS}
    data.update({f"commentaire_{key}": "" for key in OWNER_QUESTIONS})
    data.update(overrides)
    return data


# --- Answering -------------------------------------------------------------------------------


def test_a_current_holder_answers_and_everything_is_saved_with_its_author(editor_client, editor, product):
    response = editor_client.post(
        create_url(product), form_data(reponse_securite="non", commentaire_securite="Homologation pas prévue.")
    )
    assessment = SelfAssessment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{overview_url(product)}#autodiagnostic-responsable-produit"
    assert assessment.product == product
    assert assessment.role == Role.PRODUCT_OWNER
    assert assessment.respondent == person_for(editor)
    answers = {answer.question_key: answer for answer in assessment.answers.all()}
    assert set(answers) == set(OWNER_QUESTIONS)
    assert answers["securite"].value == AnswerValue.NO
    assert answers["securite"].comment == "Homologation pas prévue."
    assert assessment.history.get().history_user == editor
    assert {record.history_user for record in Answer.history.all()} == {editor}
    page = editor_client.get(response.url).content.decode()
    assert "Votre autodiagnostic de responsable produit (co-chef de produit DNUM) a été enregistré." in page


def test_the_form_has_one_dsfr_radio_group_per_question(editor_client, product):
    html = editor_client.get(create_url(product)).content.decode()
    assert html.count('class="fr-fieldset') >= len(OWNER_QUESTIONS)
    for key in OWNER_QUESTIONS:
        for value in ("oui", "en_partie", "non"):
            assert f'name="reponse_{key}" value="{value}"' in html
        assert f'name="commentaire_{key}"' in html
    assert "<h1>Répondre à l’autodiagnostic de responsable produit" in html


def test_the_form_recalls_the_previous_answer(editor_client, product):
    answered(product=product, values={"partage": AnswerValue.PARTLY}, answered_on=datetime.date(2026, 3, 2))
    html = editor_client.get(create_url(product)).content.decode()
    assert "Réponse précédente, le 2 mars 2026 : En partie." in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form_data(reponse_recette=""), "Choisissez une réponse à cette question : Oui, En partie ou Non."),
        (form_data(reponse_recette="peut-etre"), "« peut-etre » n’est pas une réponse possible"),
        (form_data(commentaire_appui="x" * 2001), "Le commentaire ne doit pas dépasser 2000 caractères"),
    ],
)
def test_invalid_answers_are_refused_in_french_and_nothing_is_saved(editor_client, product, data, message):
    response = editor_client.post(create_url(product), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "L’autodiagnostic n’a pas été enregistré" in html
    assert message in html
    assert SelfAssessment.objects.count() == 0
    assert Answer.objects.count() == 0


def test_an_empty_submission_flags_every_question(editor_client, product):
    html = editor_client.post(create_url(product), {}).content.decode()
    # Once under each question, once in the error summary that links to it.
    assert html.count("Choisissez une réponse à cette question") == 2 * len(OWNER_QUESTIONS)
    assert f"Corrigez {len(OWNER_QUESTIONS)} champs signalés" in html


def test_answers_to_questions_of_another_role_are_ignored_by_the_form(editor_client, product):
    editor_client.post(create_url(product), form_data(reponse_vision="non"))
    assert set(Answer.objects.values_list("question_key", flat=True)) == set(OWNER_QUESTIONS)


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_agent_without_the_role_is_refused(agent_client, product, method):
    response = getattr(agent_client, method)(create_url(product), form_data())
    assert response.status_code == 403
    assert SelfAssessment.objects.count() == 0


def test_a_member_holding_another_role_is_refused(client, product):
    developer = UserFactory()
    MembershipFactory(product=product, person=person_for(developer), role=Role.DEVELOPER)
    client.force_login(developer)
    assert client.post(create_url(product), form_data()).status_code == 403
    assert client.get(create_url(product, "developpeur")).status_code == 200
    assert SelfAssessment.objects.count() == 0


def test_a_former_holder_is_refused(client, product):
    former = UserFactory()
    MembershipFactory(
        product=product,
        person=person_for(former),
        role=Role.PRODUCT_OWNER,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    client.force_login(former)
    assert client.post(create_url(product), form_data()).status_code == 403
    assert SelfAssessment.objects.count() == 0


def test_an_administrator_does_not_answer_in_someone_elses_place(admin_client, product):
    assert admin_client.post(create_url(product), form_data()).status_code == 403
    assert SelfAssessment.objects.count() == 0


def test_a_holder_of_another_product_is_refused(editor_client, editor):
    other = ProductFactory()
    assert editor_client.post(create_url(other), form_data()).status_code == 403
    assert SelfAssessment.objects.count() == 0


def test_an_unknown_role_is_a_404(editor_client, product):
    assert editor_client.get(create_url(product, "astronaute")).status_code == 404
    assert editor_client.get(create_url(product, "responsable_produit")).status_code == 404


def test_an_archived_product_is_read_only(editor_client, product):
    answered(product=product)
    registry_services.archive_product(product, user=None)
    response = editor_client.post(create_url(product), form_data())
    assert response.status_code == 403
    assert "ses autodiagnostics restent consultables mais sont clos" in response.content.decode()
    assert SelfAssessment.objects.count() == 1
    html = editor_client.get(overview_url(product)).content.decode()
    assert "Ce produit est archivé" in html
    assert BUTTON not in html


# --- Reading ---------------------------------------------------------------------------------


def test_the_overview_shows_the_latest_answers_with_date_and_respondent(agent_client, product):
    old_person = PersonFactory(first_name="Olga", last_name="Ancienne")
    new_person = PersonFactory(first_name="Noé", last_name="Récent")
    answered(product=product, respondent=old_person, values=AnswerValue.NO, answered_on=datetime.date(2025, 6, 1))
    answered(
        product=product,
        respondent=new_person,
        values={"partage": AnswerValue.PARTLY, "recette": AnswerValue.NO},
        comments={"recette": "Pas de recette avant la mise en production."},
        answered_on=datetime.date(2026, 2, 10),
    )
    response = agent_client.get(overview_url(product))
    html = response.content.decode()
    section = response.context["sections"][0]
    assert section.role == Role.PRODUCT_OWNER
    assert section.latest.respondent == new_person
    assert "Le 10 février 2026, par Noé Récent" in html
    assert "Pas de recette avant la mise en production." in html
    latest = {row.question.key: row.answer.value for row in section.latest_rows()}
    assert latest == {"partage": "en_partie", "appui": "oui", "pratiques": "oui", "securite": "oui", "recette": "non"}
    assert "score moyen de 70 sur 100" in html  # (50 + 100 + 100 + 100 + 0) / 5
    assert "Historique des autodiagnostics" in html
    assert html.count("Olga Ancienne") == 2  # in the trend table and in the history


def test_the_trend_table_holds_the_chart_data_oldest_first(agent_client, product):
    answered(product=product, values=AnswerValue.NO, answered_on=datetime.date(2025, 6, 1))
    answered(product=product, values={"partage": AnswerValue.PARTLY}, answered_on=datetime.date(2025, 12, 1))
    answered(product=product, values=AnswerValue.YES, answered_on=datetime.date(2026, 6, 1))
    response = agent_client.get(overview_url(product))
    section = response.context["sections"][0]
    table = [(row.heading, row.cells) for row in section.chart.table.rows]
    assert table == [
        ("01/06/2025", ["Non (0)"] * 5 + ["0"]),
        ("01/12/2025", ["En partie (50)"] + ["Oui (100)"] * 4 + ["90"]),
        ("01/06/2026", ["Oui (100)"] * 5 + ["100"]),
    ]
    html = response.content.decode()
    trend_table = html.split('-legende">Données du graphique')[1].split("</table>")[0]
    assert trend_table.index("01/06/2025") < trend_table.index("01/12/2025") < trend_table.index("01/06/2026")
    assert "En partie (50)" in trend_table
    assert "Non (0)" in trend_table
    assert '<th scope="col">Q1<span class="fr-sr-only">. Le partage des responsabilités' in trend_table


def test_the_trend_chart_is_an_inline_svg_with_an_accessible_name(agent_client, product):
    answered(product=product, values=AnswerValue.NO, answered_on=datetime.date(2025, 6, 1))
    answered(product=product, values=AnswerValue.YES, answered_on=datetime.date(2026, 6, 1))
    html = agent_client.get(overview_url(product)).content.decode()
    figure = html.split("<figure", 1)[1].split("</figure>")[0]
    assert "<figcaption" in figure
    svg = re.search(r"<svg class=\"eq-chart__svg\" role=\"img\" aria-label=\"([^\"]+)\"", figure)
    assert svg is not None
    label = svg.group(1)
    assert "2 autodiagnostics du 1er juin 2025 au 1er juin 2026" in label
    assert "Score moyen de 0 sur 100 au premier, 100 sur 100 au dernier" in label
    assert figure.count('class="eq-chart__line"') == len(OWNER_QUESTIONS)
    assert "<script" not in html.split("<figure", 1)[1].split("</figure>")[0]
    assert "," not in re.search(r'viewBox="([^"]+)"', figure).group(1)  # numbers are not localised


def test_the_answer_button_is_shown_to_holders_only(client, editor, agent, product):
    client.force_login(editor)
    assert BUTTON in client.get(overview_url(product)).content.decode()
    client.force_login(agent)
    html = client.get(overview_url(product)).content.decode()
    assert BUTTON not in html
    assert "Aucun autodiagnostic de responsable produit (co-chef de produit DNUM) pour l’instant." in html


def test_the_overview_lists_roles_held_by_the_team_or_already_assessed(agent_client, product):
    MembershipFactory(product=product, role=Role.DEVELOPER)
    MembershipFactory(product=product, role=Role.DESIGNER, end_date=datetime.date(2025, 3, 1))
    answered(product=product, role=Role.POLICY_OWNER)
    roles = [section.role for section in agent_client.get(overview_url(product)).context["sections"]]
    assert roles == [Role.POLICY_OWNER, Role.PRODUCT_OWNER, Role.DEVELOPER]


def test_the_detail_page_compares_with_the_previous_assessment(agent_client, product):
    answered(product=product, values=AnswerValue.NO, answered_on=datetime.date(2025, 6, 1))
    latest = answered(
        product=product,
        values={"appui": AnswerValue.PARTLY},
        comments={"appui": "Moins disponible ce trimestre."},
        answered_on=datetime.date(2026, 1, 20),
    )
    response = agent_client.get(latest.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Autodiagnostic de responsable produit (co-chef de produit DNUM) du 20 janvier 2026</h1>" in html
    assert "Moins disponible ce trimestre." in html
    assert "comparées à celles du 1er juin 2025" in html
    rows = response.context["rows"]
    assert [(row.answer.value, row.previous.value) for row in rows][:2] == [("oui", "non"), ("en_partie", "non")]
    assert response.context["breadcrumb_data"]["links"][-1]["title"] == "Autodiagnostic"


def test_the_detail_page_belongs_to_its_product(agent_client, product):
    other = answered(product=ProductFactory())
    url = reverse("selfassessment:detail", kwargs={"slug": product.slug, "pk": other.pk})
    assert agent_client.get(url).status_code == 404


def test_pages_set_title_breadcrumb_and_tabs(editor_client, product):
    assessment = answered(product=product)
    for url in (overview_url(product), create_url(product), assessment.get_absolute_url()):
        response = editor_client.get(url)
        html = response.content.decode()
        breadcrumb = response.context["breadcrumb_data"]
        assert [link["title"] for link in breadcrumb["links"]][:2] == ["Produits", "Mon parcours"]
        assert response.context["title"]
        assert 'aria-current="page">Autodiagnostic</a>' in html
    assert editor_client.get(overview_url(product)).context["breadcrumb_data"]["current"] == "Autodiagnostic"


def test_anonymous_visitors_are_sent_to_sign_in(client, product):
    response = client.get(overview_url(product))
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


# --- Bounded queries -------------------------------------------------------------------------


def test_the_overview_query_count_does_not_grow_with_assessments(
    editor_client, product, django_assert_num_queries, django_assert_max_num_queries
):
    answered(product=product, answered_on=datetime.date(2025, 1, 10))
    with django_assert_max_num_queries(10) as one:
        editor_client.get(overview_url(product))
    for month in range(1, 15):
        answered(product=product, answered_on=datetime.date(2025, 1, 10) + datetime.timedelta(days=30 * month))
    answered(product=product, role=Role.POLICY_OWNER)
    with django_assert_num_queries(len(one.captured_queries)):
        response = editor_client.get(overview_url(product))
    assert len(response.context["assessments"]) == 16


def test_the_detail_query_count_is_bounded(agent_client, product, django_assert_max_num_queries):
    answered(product=product, answered_on=datetime.date(2025, 1, 10))
    latest = answered(product=product)
    with django_assert_max_num_queries(8):
        assert agent_client.get(latest.get_absolute_url()).status_code == 200


def test_role_names_read_naturally_inside_a_sentence():
    assert role_phrase("Responsable métier") == "responsable métier"
    assert role_phrase("RSSI (sécurité des systèmes d’information)").startswith("RSSI")
    assert (
        answer_button_label(Role.DATA_PROTECTION_OFFICER)
        == "Répondre à l’autodiagnostic de DPO (protection des données)"
    )
