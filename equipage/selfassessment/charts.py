"""The trend of a role's answers over time, laid out for an inline SVG drawn on the server.

No JavaScript and no chart library: this module computes coordinates, the template draws them.
Each question is one line of its score over time (oui = 100, en partie = 50, non = 0), told apart
by colour, dash pattern and marker shape, so colour alone never carries the information.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import dateformat, formats

from equipage.teams.roles import Question

from .models import SCORES, AnswerValue, SelfAssessment

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 84, 28, 16, 48
# Lines of equal scores would hide one another: each series is nudged a few pixels apart.
SERIES_SPREAD = 3.0
X_TICKS = 5

# DSFR colours, and a dash pattern and marker per series so that colour is never the only cue.
STYLES = [
    ("#000091", "", "circle"),
    ("#c9191e", "6 3", "square"),
    ("#18753c", "2 3", "diamond"),
    ("#b34000", "8 3 2 3", "triangle"),
    ("#6e445a", "4 4", "triangle_down"),
    ("#009099", "1 2", "cross"),
]
MARKER_SIZE = 4.5


@dataclass
class ChartPoint:
    x: float
    y: float
    marker: str
    title: str


@dataclass
class ChartSeries:
    number: int
    key: str
    label: str
    color: str
    dash: str
    path: str
    points: list[ChartPoint] = field(default_factory=list)
    legend_marker: str = ""


@dataclass
class ChartTick:
    position: float
    label: str


@dataclass
class TrendChart:
    label: str
    series: list[ChartSeries]
    x_ticks: list[ChartTick]
    y_ticks: list[ChartTick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def marker_path(shape: str, x: float, y: float, size: float = MARKER_SIZE) -> str:
    """An SVG path drawing a small marker of the given shape centred on (x, y)."""
    s = size
    shapes = {
        "circle": f"M{x - s:.1f},{y:.1f}a{s:.1f},{s:.1f} 0 1,0 {2 * s:.1f},0a{s:.1f},{s:.1f} 0 1,0 {-2 * s:.1f},0Z",
        "square": f"M{x - s:.1f},{y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}Z",
        "diamond": f"M{x:.1f},{y - s * 1.3:.1f}L{x + s * 1.3:.1f},{y:.1f}L{x:.1f},{y + s * 1.3:.1f}"
        f"L{x - s * 1.3:.1f},{y:.1f}Z",
        "triangle": f"M{x:.1f},{y - s * 1.2:.1f}L{x + s * 1.2:.1f},{y + s:.1f}L{x - s * 1.2:.1f},{y + s:.1f}Z",
        "triangle_down": f"M{x:.1f},{y + s * 1.2:.1f}L{x + s * 1.2:.1f},{y - s:.1f}L{x - s * 1.2:.1f},{y - s:.1f}Z",
        "cross": f"M{x - s:.1f},{y - s:.1f}L{x + s:.1f},{y + s:.1f}M{x + s:.1f},{y - s:.1f}L{x - s:.1f},{y + s:.1f}",
    }
    return shapes[shape]


def _long_date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _x_scale(first: datetime.date, last: datetime.date):
    left, right = LEFT, WIDTH - RIGHT
    span = (last - first).days

    def x(day: datetime.date) -> float:
        if span == 0:
            return (left + right) / 2
        return left + (day - first).days / span * (right - left)

    return x


def _y(score: float) -> float:
    top, bottom = TOP, HEIGHT - BOTTOM
    return bottom - score / 100 * (bottom - top)


def _x_ticks(first: datetime.date, last: datetime.date, x) -> list[ChartTick]:
    span = (last - first).days
    if span == 0:
        return [ChartTick(round(x(first), 1), dateformat.format(first, "j N Y"))]
    days = [first + datetime.timedelta(days=round(span * i / (X_TICKS - 1))) for i in range(X_TICKS)]
    label_format = "N Y" if span > 120 else "j N"
    return [ChartTick(round(x(day), 1), dateformat.format(day, label_format)) for day in days]


def average(scores: list[int]) -> int | None:
    return round(sum(scores) / len(scores)) if scores else None


def trend_chart(assessments: list[SelfAssessment], questions: list[Question], role_label: str) -> TrendChart | None:
    """Lay out the trend of the given assessments (oldest first, answers prefetched) for each question."""
    if not assessments or not questions:
        return None
    first, last = assessments[0].answered_on, assessments[-1].answered_on
    x = _x_scale(first, last)
    series = []
    count = len(questions)
    labels = dict(AnswerValue.choices)
    answers = [assessment.answers_by_key() for assessment in assessments]
    for index, question in enumerate(questions):
        color, dash, shape = STYLES[index % len(STYLES)]
        offset = (index - (count - 1) / 2) * SERIES_SPREAD
        points = []
        for assessment, by_key in zip(assessments, answers, strict=True):
            answer = by_key.get(question.key)
            if answer is None:
                continue
            px, py = x(assessment.answered_on), _y(SCORES[answer.value]) + offset
            points.append(
                ChartPoint(
                    x=round(px, 1),
                    y=round(py, 1),
                    marker=marker_path(shape, px, py),
                    title=f"Q{index + 1}, {_long_date(assessment.answered_on)} : {labels[answer.value]}",
                )
            )
        path = " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(points))
        series.append(
            ChartSeries(
                number=index + 1,
                key=question.key,
                label=question.text,
                color=color,
                dash=dash,
                path=path,
                points=points,
                legend_marker=marker_path(shape, 16, 8, 4),
            )
        )

    first_scores = [answer.score for answer in answers[0].values()]
    last_scores = [answer.score for answer in answers[-1].values()]
    if len(assessments) == 1:
        summary = (
            f"Un seul autodiagnostic « {role_label} », le {_long_date(first)} : "
            f"score moyen de {average(first_scores)} sur 100."
        )
    else:
        summary = (
            f"Évolution des réponses à l’autodiagnostic « {role_label} » : {len(assessments)} autodiagnostics "
            f"du {_long_date(first)} au {_long_date(last)}. Score moyen de {average(first_scores)} sur 100 "
            f"au premier, {average(last_scores)} sur 100 au dernier."
        )
    summary += " Le détail par question figure dans le tableau de données qui accompagne le graphique."
    y_ticks = [ChartTick(round(_y(SCORES[value]), 1), label) for value, label in AnswerValue.choices]
    return TrendChart(label=summary, series=series, x_ticks=_x_ticks(first, last, x), y_ticks=y_ticks)
