"""Self-assessments: a role holder answers their role's questions about the product, regularly.

The questions live in code with each role's guide (`equipage.teams.roles.GUIDES`): answers refer
to them by their stable key, so rewording a question keeps its history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from equipage.core import french
from equipage.people.models import Person
from equipage.registry.models import Product
from equipage.teams.roles import GUIDES, Question, Role


class AnswerValue(models.TextChoices):
    YES = "oui", "Oui"
    PARTLY = "en_partie", "En partie"
    NO = "non", "Non"


# Each answer as a score out of 100, to draw trends and averages.
SCORES: dict[str, int] = {AnswerValue.YES: 100, AnswerValue.PARTLY: 50, AnswerValue.NO: 0}


def questions_for(role: str) -> list[Question]:
    """The self-assessment questions of a role, in the guide's order; none for an unknown role."""
    try:
        return list(GUIDES[Role(role)].questions)
    except (KeyError, ValueError):
        return []


def question_texts(role: str) -> dict[str, str]:
    return {question.key: question.text for question in questions_for(role)}


class SelfAssessmentQuerySet(models.QuerySet["SelfAssessment"]):
    def newest_first(self) -> SelfAssessmentQuerySet:
        return self.order_by("-answered_on", "-created_at", "-pk")

    def with_answers(self) -> SelfAssessmentQuerySet:
        """Product, respondent and answers fetched up front: two queries whatever the number of assessments."""
        return self.select_related("product", "respondent").prefetch_related("answers")


class SelfAssessment(models.Model):
    """One holder's answers to their role's questions about a product, on one day."""

    product = models.ForeignKey(
        Product, verbose_name="produit", on_delete=models.PROTECT, related_name="self_assessments"
    )
    role = models.CharField("rôle", max_length=40, choices=Role.choices)
    respondent = models.ForeignKey(
        Person, verbose_name="répondant", on_delete=models.PROTECT, related_name="self_assessments"
    )
    answered_on = models.DateField("date de l’autodiagnostic", default=timezone.localdate)
    created_at = models.DateTimeField("enregistré le", default=timezone.now, editable=False)

    history = HistoricalRecords()

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "autodiagnostic"
        verbose_name_plural = "autodiagnostics"
        ordering = ["-answered_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["product", "answered_on"], name="selfassessment_product_date")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.product} — {french.date(self.answered_on)}"

    def get_absolute_url(self) -> str:
        return reverse("selfassessment:detail", kwargs={"slug": self.product.slug, "pk": self.pk})

    def clean(self) -> None:
        if self.role and not questions_for(self.role):
            raise ValidationError({"role": "Ce rôle n’a pas de questions d’autodiagnostic."})
        if self.answered_on and self.answered_on > timezone.localdate():
            raise ValidationError({"answered_on": "La date de l’autodiagnostic ne peut pas être dans le futur."})

    @property
    def questions(self) -> list[Question]:
        return questions_for(self.role)

    def answers_by_key(self) -> dict[str, Answer]:
        """The answers keyed by question (uses the prefetched answers when there are)."""
        return {answer.question_key: answer for answer in self.answers.all()}

    def ordered_answers(self) -> list[Answer]:
        """Answers in the order of the role's questions; answers to retired questions come last."""
        by_key = self.answers_by_key()
        ordered = [by_key.pop(question.key) for question in self.questions if question.key in by_key]
        return ordered + sorted(by_key.values(), key=lambda answer: answer.question_key)

    @property
    def score(self) -> int | None:
        """The average score of the answers, out of 100, rounded."""
        answers = list(self.answers.all())
        if not answers:
            return None
        return round(sum(answer.score for answer in answers) / len(answers))


class Answer(models.Model):
    """The answer to one question of a self-assessment: yes, partly or no, with an optional comment."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name="autodiagnostic", on_delete=models.CASCADE, related_name="answers"
    )
    question_key = models.CharField("question", max_length=40)
    value = models.CharField("réponse", max_length=10, choices=AnswerValue.choices)
    comment = models.TextField("commentaire", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "réponse"
        verbose_name_plural = "réponses"
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question_key"],
                name="selfassessment_one_answer_per_question",
                violation_error_message="Cette question a déjà une réponse dans cet autodiagnostic.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_key} : {self.get_value_display()}"

    def clean(self) -> None:
        if self.assessment_id is None or not self.question_key:
            return
        if self.question_key not in question_texts(self.assessment.role):
            raise ValidationError(
                {
                    "question_key": f"La question « {self.question_key} » n’appartient pas à l’autodiagnostic "
                    f"du rôle « {self.assessment.get_role_display()} »."
                }
            )

    @property
    def score(self) -> int:
        return SCORES[self.value]

    @property
    def question_text(self) -> str:
        """The question as currently worded; assumes `assessment` is loaded (it is when reached through it)."""
        return question_texts(self.assessment.role).get(self.question_key, self.question_key)
