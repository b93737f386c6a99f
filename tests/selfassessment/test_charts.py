import datetime

import pytest

from equipage.selfassessment.charts import HEIGHT, LEFT, RIGHT, SERIES_SPREAD, WIDTH, trend_chart
from equipage.selfassessment.models import AnswerValue, questions_for
from equipage.teams.roles import Role

from .factories import answered

pytestmark = pytest.mark.django_db
QUESTIONS = questions_for(Role.PRODUCT_MANAGER)  # four questions


def test_scores_are_drawn_over_time_one_line_per_question():
    oldest = answered(role=Role.PRODUCT_MANAGER, values=AnswerValue.NO, answered_on=datetime.date(2025, 1, 1))
    middle = answered(
        role=Role.PRODUCT_MANAGER,
        product=oldest.product,
        values=AnswerValue.PARTLY,
        answered_on=datetime.date(2025, 7, 2),
    )
    newest = answered(role=Role.PRODUCT_MANAGER, product=oldest.product, answered_on=datetime.date(2026, 1, 1))
    chart = trend_chart([oldest, middle, newest], QUESTIONS, "Product manager")

    assert [series.key for series in chart.series] == [question.key for question in QUESTIONS]
    first = chart.series[0]
    offset = -1.5 * SERIES_SPREAD  # the first of four series is nudged up
    assert [point.x for point in first.points] == [
        LEFT,
        pytest.approx((LEFT + WIDTH - RIGHT) / 2, abs=1),
        WIDTH - RIGHT,
    ]
    assert [point.y for point in first.points] == [
        pytest.approx(chart.bottom + offset),
        pytest.approx((chart.top + chart.bottom) / 2 + offset),
        pytest.approx(chart.top + offset),
    ]
    assert first.path.startswith(f"M{LEFT:.1f},")
    assert first.points[0].title == "Q1, 1er janvier 2025 : Non"
    assert [tick.label for tick in chart.y_ticks] == ["Oui", "En partie", "Non"]
    assert len(chart.x_ticks) == 5
    assert "3 autodiagnostics du 1er janvier 2025 au 1er janvier 2026" in chart.label
    assert [tick.label for tick in chart.x_ticks][:2] == ["janv. 2025", "avr. 2025"]
    assert chart.table.rows[1].cells[0] == "En partie (50)" and chart.table.rows[1].cells[-1] == "50"
    assert "Score moyen de 0 sur 100 au premier, 100 sur 100 au dernier" in chart.label
    assert chart.height == HEIGHT


def test_styles_differ_by_more_than_colour():
    assessment = answered(role=Role.POLICY_OWNER)
    chart = trend_chart([assessment], questions_for(Role.POLICY_OWNER), "Responsable métier")
    assert len({series.color for series in chart.series}) == 6
    assert len({series.dash for series in chart.series}) == 6
    assert len({series.legend_marker for series in chart.series}) == 6


def test_a_single_assessment_is_centred():
    assessment = answered(role=Role.PRODUCT_MANAGER, answered_on=datetime.date(2026, 2, 3))
    chart = trend_chart([assessment], QUESTIONS, "Product manager")
    assert {point.x for series in chart.series for point in series.points} == {(LEFT + WIDTH - RIGHT) / 2}
    assert [tick.label for tick in chart.x_ticks] == ["3 févr. 2026"]
    assert chart.label.startswith("Un seul autodiagnostic « Product manager », le 3 février 2026")


def test_no_assessment_no_chart():
    assert trend_chart([], QUESTIONS, "Product manager") is None
