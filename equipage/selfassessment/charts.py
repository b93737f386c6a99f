"""The trend of a role's answers over time, as a `equipage.core.charts.LineChart`.

Each question is one line of its score over time (oui = 100, en partie = 50, non = 0), told apart by
colour, dash pattern and marker shape, so colour alone never carries the information. The data table gives,
per assessment, each question's answer and the average.
"""

from __future__ import annotations

from equipage.core.charts import (
    Column,
    DataTable,
    Frame,
    LineChart,
    Point,
    Row,
    Series,
    Tick,
    date_ticks,
    legend_marker,
    line_path,
    marker_path,
    style,
)
from equipage.core.formats import long_date
from equipage.teams.roles import Question

from .models import SCORES, AnswerValue, SelfAssessment

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 84, 28, 16, 48
FRAME = Frame(width=WIDTH, height=HEIGHT, left=LEFT, right=WIDTH - RIGHT, top=TOP, bottom=HEIGHT - BOTTOM)
# Lines of equal scores would hide one another: each series is nudged a few pixels apart.
SERIES_SPREAD = 3.0


def average(scores: list[int]) -> int | None:
    return round(sum(scores) / len(scores)) if scores else None


def _table(assessments: list[SelfAssessment], questions: list[Question], phrase: str, answers) -> DataTable:
    columns = [Column("Date et répondant")]
    columns += [Column(f"Q{number}", f". {question.text}") for number, question in enumerate(questions, 1)]
    columns.append(Column("Moyenne"))
    rows = []
    for assessment, by_key in zip(assessments, answers, strict=True):
        cells = []
        for question in questions:
            answer = by_key.get(question.key)
            cells.append(f"{answer.get_value_display()} ({answer.score})" if answer else "—")
        score = assessment.score
        cells.append("—" if score is None else str(score))
        rows.append(
            Row(
                f"{assessment.answered_on:%d/%m/%Y}",
                cells,
                url=assessment.get_absolute_url(),
                detail=str(assessment.respondent or ""),
            )
        )
    caption = (
        f"Données du graphique : réponses de {phrase} par date et par question (oui = 100, en partie = 50, non = 0)"
    )
    return DataTable(caption, columns, rows)


def trend_chart(
    assessments: list[SelfAssessment], questions: list[Question], role_label: str, phrase: str = ""
) -> LineChart | None:
    """Lay out the trend of the given assessments (oldest first, answers prefetched) for each question."""
    if not assessments or not questions:
        return None
    phrase = phrase or role_label
    first, last = assessments[0].answered_on, assessments[-1].answered_on
    x = FRAME.dates(first, last)

    def y(score: float) -> float:
        return FRAME.bottom - score / 100 * (FRAME.bottom - FRAME.top)

    series = []
    count = len(questions)
    labels = dict(AnswerValue.choices)
    answers = [assessment.answers_by_key() for assessment in assessments]
    for index, question in enumerate(questions):
        color, dash, shape = style(index)
        offset = (index - (count - 1) / 2) * SERIES_SPREAD
        points = []
        for assessment, by_key in zip(assessments, answers, strict=True):
            answer = by_key.get(question.key)
            if answer is None:
                continue
            px, py = x(assessment.answered_on), y(SCORES[answer.value]) + offset
            points.append(
                Point(
                    round(px, 1),
                    round(py, 1),
                    marker_path(shape, px, py),
                    f"Q{index + 1}, {long_date(assessment.answered_on)} : {labels[answer.value]}",
                )
            )
        series.append(
            Series(
                label=question.text,
                path=line_path([(p.x, p.y) for p in points]),
                color=color,
                dash=dash,
                points=points,
                legend_marker=legend_marker(shape),
                key=question.key,
                number=index + 1,
            )
        )

    first_scores = [answer.score for answer in answers[0].values()]
    last_scores = [answer.score for answer in answers[-1].values()]
    if len(assessments) == 1:
        summary = (
            f"Un seul autodiagnostic « {role_label} », le {long_date(first)} : "
            f"score moyen de {average(first_scores)} sur 100."
        )
    else:
        summary = (
            f"Évolution des réponses à l’autodiagnostic « {role_label} » : {len(assessments)} autodiagnostics "
            f"du {long_date(first)} au {long_date(last)}. Score moyen de {average(first_scores)} sur 100 "
            f"au premier, {average(last_scores)} sur 100 au dernier."
        )
    summary += " Le détail par question figure dans le tableau de données qui accompagne le graphique."
    y_ticks = [Tick(round(y(SCORES[value]), 1), label) for value, label in AnswerValue.choices]
    return FRAME.chart(
        label=summary,
        series=series,
        x_ticks=date_ticks(first, last, x),
        y_ticks=y_ticks,
        table=_table(assessments, questions, phrase, answers),
        caption=f"Score de chaque question au fil des autodiagnostics de {phrase} : oui = 100, en partie = 50, "
        "non = 0. Les mêmes données figurent dans le tableau.",
        table_collapsed=False,
    )
