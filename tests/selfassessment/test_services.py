import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from equipage.registry import services as registry_services
from equipage.selfassessment import services
from equipage.selfassessment.models import SCORES, Answer, AnswerValue, SelfAssessment, questions_for
from equipage.teams.roles import GUIDES, Role
from tests.factories import PersonFactory, ProductFactory, UserFactory

from .factories import AnswerFactory, SelfAssessmentFactory, answered, payload

pytestmark = pytest.mark.django_db


def test_questions_come_from_the_role_guides():
    for role, guide in GUIDES.items():
        assert [question.key for question in questions_for(role)] == [question.key for question in guide.questions]
    assert questions_for("inconnu") == []


def test_scores():
    assert SCORES == {AnswerValue.YES: 100, AnswerValue.PARTLY: 50, AnswerValue.NO: 0}
    assessment = answered(values={"partage": AnswerValue.NO, "appui": AnswerValue.PARTLY})
    assert assessment.score == 70  # (0 + 50 + 100 * 3) / 5


def test_an_answer_to_a_question_of_another_role_is_invalid():
    assessment = SelfAssessmentFactory(role=Role.PRODUCT_OWNER)
    with pytest.raises(ValidationError) as error:
        Answer(assessment=assessment, question_key="vision", value=AnswerValue.YES).full_clean()
    assert "n’appartient pas à l’autodiagnostic du rôle « Responsable produit" in str(error.value)
    Answer(assessment=assessment, question_key="partage", value=AnswerValue.YES).full_clean()


def test_one_answer_per_question():
    answer = AnswerFactory()
    with pytest.raises(IntegrityError):
        AnswerFactory(assessment=answer.assessment, question_key=answer.question_key)


def test_an_assessment_in_the_future_is_invalid():
    assessment = SelfAssessmentFactory.build(
        product=ProductFactory(), respondent=PersonFactory(), answered_on=datetime.date(2099, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert error.value.message_dict["answered_on"] == ["La date de l’autodiagnostic ne peut pas être dans le futur."]


def test_submit_saves_the_assessment_and_its_answers_with_their_author():
    user = UserFactory()
    product, person = ProductFactory(), PersonFactory()
    assessment = services.submit_self_assessment(
        product=product, role=Role.PRODUCT_OWNER, respondent=person, answers=payload(value="en_partie"), user=user
    )
    assert assessment.answers.count() == len(GUIDES[Role.PRODUCT_OWNER].questions)
    assert assessment.score == 50
    assert assessment.history.get().history_user == user
    assert all(record.history_user == user for record in Answer.history.all())


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        (payload()[1:], "partage", "Répondez à cette question."),
        (payload(partage={"value": ""}), "partage", "Répondez à cette question."),
        (payload(partage={"value": "bof"}), "partage", "« bof » n’est pas une réponse possible"),
        ([*payload(), {"question_key": "temps", "value": "oui"}], "temps", "n’appartient pas"),
        ([*payload(), {"question_key": "partage", "value": "oui"}], "partage", "plusieurs réponses"),
    ],
)
def test_submit_refuses_wrong_answers_and_saves_nothing(answers, key, message):
    assert message in " ".join(services.answer_errors(Role.PRODUCT_OWNER, answers)[key])
    with pytest.raises(ValidationError) as error:
        services.submit_self_assessment(
            product=ProductFactory(), role=Role.PRODUCT_OWNER, respondent=PersonFactory(), answers=answers, user=None
        )
    assert message in " ".join(error.value.message_dict["answers"])
    assert SelfAssessment.objects.count() == 0
    assert Answer.objects.count() == 0


def test_submit_refuses_a_future_date_and_an_archived_product():
    product = ProductFactory()
    with pytest.raises(ValidationError, match="futur"):
        services.submit_self_assessment(
            product=product,
            role=Role.PRODUCT_OWNER,
            respondent=PersonFactory(),
            answers=payload(),
            answered_on=datetime.date(2099, 1, 1),
            user=None,
        )
    registry_services.archive_product(product, user=None)
    with pytest.raises(ValidationError, match="archivé"):
        services.submit_self_assessment(
            product=product, role=Role.PRODUCT_OWNER, respondent=PersonFactory(), answers=payload(), user=None
        )
    assert SelfAssessment.objects.count() == 0


def test_a_failure_while_saving_the_answers_rolls_back_the_assessment(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(services, "bulk_create_with_history", broken)
    with pytest.raises(RuntimeError):
        services.submit_self_assessment(
            product=ProductFactory(), role=Role.PRODUCT_OWNER, respondent=PersonFactory(), answers=payload(), user=None
        )
    assert SelfAssessment.objects.count() == 0
