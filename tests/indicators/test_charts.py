import datetime
import re
from decimal import Decimal

from equipage.indicators.charts import display_number, downsample, indicator_chart, nice_ticks, period_label
from equipage.indicators.models import Direction, Frequency, Indicator, Unit
from equipage.indicators.progress import state_of
from equipage.indicators.selectors import DAY, MONTH, QUARTER, WEEK, Series, SeriesPoint, choose_granularity


def test_granularity_keeps_charts_under_120_points():
    start = datetime.date(2021, 1, 1)
    assert choose_granularity(100, start, start + datetime.timedelta(days=99)) == DAY
    assert choose_granularity(365, start, start + datetime.timedelta(days=364)) == WEEK
    assert choose_granularity(5 * 365, start, start + datetime.timedelta(days=5 * 365)) == MONTH
    assert choose_granularity(20 * 365, start, start + datetime.timedelta(days=20 * 365)) == QUARTER


def test_downsample_keeps_the_ends_and_the_limit():
    points = [SeriesPoint(datetime.date(2020, 1, 1) + datetime.timedelta(days=n), Decimal(n), 1) for n in range(500)]
    kept = downsample(points, 120)
    assert len(kept) == 120 and kept[0] is points[0] and kept[-1] is points[-1]


def test_nice_ticks_and_french_numbers():
    assert nice_ticks(3, 97) == [0, 25, 50, 75, 100]
    assert nice_ticks(5, 5)[0] <= 5 <= nice_ticks(5, 5)[-1]
    assert display_number(Decimal("1234.5000")) == "1\xa0234,5"  # Django's French thousands separator
    assert display_number(Decimal("12.0000")) == "12"
    assert period_label(datetime.date(2025, 4, 1), QUARTER) == "T2 2025"
    assert period_label(datetime.date(2025, 3, 1), MONTH) == "mars 2025"


def test_chart_coordinates_stay_inside_the_plot_and_say_what_they_show():
    indicator = Indicator(
        name="Délai",
        code="delai",
        unit=Unit.DAYS,
        direction=Direction.LOWER,
        baseline=Decimal(40),
        baseline_date=datetime.date(2024, 1, 1),
        target=Decimal(10),
        target_date=datetime.date(2027, 1, 1),
        frequency=Frequency.MONTHLY,
    )
    indicator.created_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    points = [SeriesPoint(datetime.date(2024, m, 1), Decimal(40 - m), 3) for m in range(1, 13)]
    indicator.last_value, indicator.last_date = points[-1].value, points[-1].date
    chart = indicator_chart(state_of(indicator, datetime.date(2025, 1, 5)), Series(MONTH, points, 36))
    measured, trajectory = chart.series
    numbers = [float(n) for n in re.findall(r"-?\d+\.\d", measured.path + trajectory.path)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert all(chart.left <= x <= chart.right for x in xs)
    assert all(chart.top <= y <= chart.bottom for y in ys)
    assert [guide.label for guide in chart.guides] == ["Cible : 10\u202fj au 01/01/2027"]
    assert "moyenne par mois" in chart.label and "Les données figurent dans le tableau" in chart.label
    assert "du 1er janvier 2024 au 1er décembre 2024" in chart.label
    rows = chart.table.rows
    assert len(rows) == 12 and rows[0].heading == "janvier 2024" and rows[0].cells == ["39\u202fj", "3"]
    assert [column.heading for column in chart.table.columns] == ["Période", "Moyenne par mois", "Nombre de mesures"]
    # Axis months are unambiguous French abbreviations: never « Jui » for both juin and juillet.
    assert [tick.label for tick in chart.x_ticks] == [
        "janv. 2024",
        "oct. 2024",
        "juil. 2025",
        "avr. 2026",
        "janv. 2027",
    ]
