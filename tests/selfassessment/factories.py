"""Factories of self-assessments, for this app's tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from equipage.selfassessment.models import Answer, AnswerValue, SelfAssessment, questions_for
from equipage.teams.roles import Role
from tests.factories import PersonFactory, ProductFactory


class SelfAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    product = factory.SubFactory(ProductFactory)
    role = Role.PRODUCT_OWNER
    respondent = factory.SubFactory(PersonFactory)
    answered_on = factory.LazyFunction(lambda: datetime.date(2026, 1, 15))


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    assessment = factory.SubFactory(SelfAssessmentFactory)
    question_key = "partage"
    value = AnswerValue.YES
    comment = ""


def answered(values=AnswerValue.YES, comments=None, **kwargs) -> SelfAssessment:
    """A self-assessment with every question of its role answered.

    `values` is one value for every question, or a dict by question key (missing keys: « oui »).
    """
    assessment = SelfAssessmentFactory(**kwargs)
    comments = comments or {}
    for question in questions_for(assessment.role):
        value = values.get(question.key, AnswerValue.YES) if isinstance(values, dict) else values
        AnswerFactory(
            assessment=assessment, question_key=question.key, value=value, comment=comments.get(question.key, "")
        )
    return assessment


def payload(role=Role.PRODUCT_OWNER, value=AnswerValue.YES, **overrides) -> list[dict]:
    """Answers to every question of a role, as the service and the API take them."""
    answers = [{"question_key": q.key, "value": value, "comment": ""} for q in questions_for(role)]
    for key, change in overrides.items():
        for answer in answers:
            if answer["question_key"] == key:
                answer.update(change)
    return answers
