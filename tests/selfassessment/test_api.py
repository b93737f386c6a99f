import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from equipage.registry import services as registry_services
from equipage.selfassessment.models import Answer, AnswerValue, SelfAssessment
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, ProductFactory, person_for, personal_token

from .factories import answered, payload

pytestmark = pytest.mark.django_db


def authed(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {personal_token(user)}")
    return client


def url(product) -> str:
    return f"/api/v1/products/{product.slug}/self-assessments/"


def body(role=Role.PRODUCT_OWNER, answers=None, **extra) -> dict:
    return {"role": role, "answers": payload(role) if answers is None else answers, **extra}


def test_anyone_signed_in_lists_a_products_assessments_newest_first_with_answers(agent, product):
    answered(product=product, values=AnswerValue.NO, answered_on=datetime.date(2025, 6, 1))
    answered(
        product=product,
        values={"securite": AnswerValue.PARTLY},
        comments={"securite": "Analyse de risques en cours."},
        answered_on=datetime.date(2026, 2, 1),
    )
    answered(product=ProductFactory())  # another product's
    response = authed(agent).get(url(product))
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["answered_on"] for item in results] == ["2026-02-01", "2025-06-01"]
    latest = results[0]
    assert latest["product"] == product.slug
    assert latest["role"] == "responsable_produit"
    assert latest["score"] == 90
    assert latest["url"] == f"/produits/{product.slug}/autodiagnostic/{latest['id']}/"
    assert [answer["question_key"] for answer in latest["answers"]] == [
        "partage",
        "appui",
        "pratiques",
        "securite",
        "recette",
    ]
    securite = latest["answers"][3]
    assert securite == {
        "question_key": "securite",
        "question": "La sécurité et l’homologation sont-elles prévues dans la feuille de route ?",
        "value": "en_partie",
        "value_label": "En partie",
        "score": 50,
        "comment": "Analyse de risques en cours.",
    }


def test_the_list_filters_by_role_and_reads_one_assessment(agent, product):
    answered(product=product)
    policy = answered(product=product, role=Role.POLICY_OWNER)
    client = authed(agent)
    assert [item["id"] for item in client.get(url(product), {"role": "responsable_metier"}).json()["results"]] == [
        policy.pk
    ]
    assert client.get(f"{url(product)}{policy.pk}/").json()["role_label"] == "Responsable métier"
    assert client.get(f"/api/v1/products/{ProductFactory().slug}/self-assessments/{policy.pk}/").status_code == 404


def test_unknown_product_is_a_404(agent):
    assert authed(agent).get("/api/v1/products/inconnu/self-assessments/").status_code == 404


def test_anonymous_gets_a_401(product):
    assert APIClient().get(url(product)).status_code == 401
    assert APIClient().post(url(product), body(), format="json").status_code == 401


def test_the_list_query_count_does_not_grow(agent, product, django_assert_max_num_queries):
    client = authed(agent)
    for month in range(15):
        answered(product=product, answered_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=30 * month))
    with django_assert_max_num_queries(6):
        assert len(client.get(url(product)).json()["results"]) == 15


def test_a_current_holder_submits_an_assessment(editor, product):
    answers = payload(recette={"value": "non", "comment": "Pas de recetteur."})
    response = authed(editor).post(url(product), body(answers=answers, answered_on="2026-11-01"), format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assessment = SelfAssessment.objects.get()
    assert created["id"] == assessment.pk
    assert created["respondent"] == str(person_for(editor))
    assert created["answered_on"] == "2026-11-01"
    assert created["answers"][-1]["comment"] == "Pas de recetteur."
    assert assessment.answers.count() == 5
    assert assessment.history.get().history_user == editor


def test_the_date_defaults_to_today(editor, product):
    response = authed(editor).post(url(product), body(), format="json")
    assert response.json()["answered_on"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (payload()[:-1], "recette", "Répondez à cette question."),
        (payload(recette={"value": "peut-etre"}), "recette", "« peut-etre » n’est pas une réponse possible"),
        (
            [*payload(), {"question_key": "vision", "value": "oui"}],
            "vision",
            "La question « vision » n’appartient pas à l’autodiagnostic du rôle",
        ),
        ([*payload(), {"question_key": "partage", "value": "non"}], "partage", "plusieurs réponses"),
    ],
)
def test_invalid_submissions_are_refused_with_field_errors_and_nothing_saved(editor, product, answers, field, message):
    response = authed(editor).post(url(product), body(answers=answers), format="json")
    assert response.status_code == 400
    error = response.json()
    assert error["status"] == 400
    assert error["message"] == "Requête invalide : corrigez les champs signalés."
    assert message in " ".join(error["errors"]["answers"][field])
    assert SelfAssessment.objects.count() == 0
    assert Answer.objects.count() == 0


def test_a_future_date_and_an_unknown_role_are_refused(editor, product):
    client = authed(editor)
    response = client.post(url(product), body(answered_on="2099-01-01"), format="json")
    assert response.json()["errors"]["answered_on"] == ["La date de l’autodiagnostic ne peut pas être dans le futur."]
    response = client.post(url(product), body(role="astronaute", answers=[]), format="json")
    assert response.json()["errors"]["role"] == ["« astronaute » n’est pas un rôle connu."]
    assert SelfAssessment.objects.count() == 0


def test_an_agent_without_a_role_on_the_product_is_forbidden(agent, product):
    response = authed(agent).post(url(product), body(), format="json")
    assert response.status_code == 403
    assert "tiennent un rôle sur ce produit" in response.json()["message"]
    assert SelfAssessment.objects.count() == 0


def test_a_member_may_only_answer_for_the_role_they_hold(agent, product):
    MembershipFactory(product=product, person=person_for(agent), role=Role.DEVELOPER)
    client = authed(agent)
    response = client.post(url(product), body(), format="json")
    assert response.status_code == 403
    assert "Vous ne tenez pas le rôle « Responsable produit" in response.json()["message"]
    assert SelfAssessment.objects.count() == 0
    assert client.post(url(product), body(role=Role.DEVELOPER), format="json").status_code == 201


def test_an_administrator_is_forbidden_to_answer(admin_user, product):
    assert authed(admin_user).post(url(product), body(), format="json").status_code == 403
    assert SelfAssessment.objects.count() == 0


def test_an_archived_product_is_read_only(editor, product):
    registry_services.archive_product(product, user=None)
    client = authed(editor)
    response = client.post(url(product), body(), format="json")
    assert (response.status_code, response.json()["message"]) == (
        403,
        "Ce produit est archivé : ses autodiagnostics sont clos.",
    )
    assert client.get(url(product)).status_code == 200
    assert SelfAssessment.objects.count() == 0


def test_a_refused_member_learns_nothing_from_the_payload(agent, product):
    response = authed(agent).post(
        url(product), {"role": "responsable_produit", "answers": "pas une liste"}, format="json"
    )
    assert response.status_code == 403
    assert SelfAssessment.objects.count() == 0


def test_assessments_are_never_changed_nor_deleted(editor, product):
    assessment = answered(product=product)
    client = authed(editor)
    assert client.patch(f"{url(product)}{assessment.pk}/", {"role": "dpo"}, format="json").status_code == 405
    assert client.delete(f"{url(product)}{assessment.pk}/").status_code == 405


def test_the_routes_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/products/{product_slug}/self-assessments/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/products/{product_slug}/self-assessments/"]
