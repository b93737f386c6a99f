from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import formats
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr
from dsfr.widgets import InlineRadioSelect

from equipage.teams.roles import Question

from .models import AnswerValue, SelfAssessment, questions_for

COMMENT_MAX_LENGTH = 2000


@dataclass
class QuestionFields:
    number: int
    question: Question
    answer: forms.BoundField
    comment: forms.BoundField


class SelfAssessmentForm(DsfrBaseForm):
    """One radio group (Oui / En partie / Non) and one optional comment per question of the role."""

    def __init__(self, *args, role: str, previous: SelfAssessment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.questions = questions_for(role)
        previous_answers = previous.answers_by_key() if previous else {}
        for number, question in enumerate(self.questions, start=1):
            earlier = previous_answers.get(question.key)
            self.fields[self.answer_name(question)] = forms.ChoiceField(
                label=f"{number}. {question.text}",
                choices=AnswerValue.choices,
                widget=InlineRadioSelect,
                help_text=(
                    f"Réponse précédente, le {formats.date_format(previous.answered_on, 'j F Y')} : "
                    f"{earlier.get_value_display()}."
                    if earlier
                    else ""
                ),
                error_messages={
                    "required": "Choisissez une réponse à cette question : Oui, En partie ou Non.",
                    "invalid_choice": "« %(value)s » n’est pas une réponse possible : "
                    "choisissez Oui, En partie ou Non.",
                },
            )
            self.fields[self.comment_name(question)] = forms.CharField(
                label=f"Commentaire sur la question {number}",
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Ce qui explique votre réponse, ce qui manque, ce qui a changé.",
                error_messages={
                    "max_length": f"Le commentaire ne doit pas dépasser {COMMENT_MAX_LENGTH} caractères "
                    "(il en compte %(show_value)d)."
                },
            )
        # The base form sets each field's DSFR classes in its __init__, before these fields existed.
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    @staticmethod
    def answer_name(question: Question) -> str:
        return f"reponse_{question.key}"

    @staticmethod
    def comment_name(question: Question) -> str:
        return f"commentaire_{question.key}"

    def question_fields(self) -> list[QuestionFields]:
        return [
            QuestionFields(
                number=number,
                question=question,
                answer=self[self.answer_name(question)],
                comment=self[self.comment_name(question)],
            )
            for number, question in enumerate(self.questions, start=1)
        ]

    def answers(self) -> list[dict]:
        """The cleaned answers, in the shape `services.submit_self_assessment` takes."""
        return [
            {
                "question_key": question.key,
                "value": self.cleaned_data[self.answer_name(question)],
                "comment": self.cleaned_data.get(self.comment_name(question), ""),
            }
            for question in self.questions
        ]
