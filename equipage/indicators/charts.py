"""An indicator over time, as a `equipage.core.charts.LineChart`: measurements (averaged by period when
they are many), the target line and the trajectory from the baseline to the target, with the data table.

The measurements arrive already averaged by period (`selectors.series_for`) and are downsampled again
should a series still hold more than MAX_POINTS points.
"""

from __future__ import annotations

import datetime

from equipage.core.charts import (
    Column,
    DataTable,
    Frame,
    Guide,
    LineChart,
    Point,
    Row,
    Series,
    date_ticks,
    legend_marker,
    line_path,
    marker_path,
    nice_ticks,
    value_ticks,
)
from equipage.core.formats import format_number as display_number
from equipage.core.formats import long_date, month_year

from .models import Indicator
from .progress import IndicatorState, baseline_start
from .selectors import DAY, MAX_POINTS, MONTH, QUARTER, WEEK, YEAR, Granularity, SeriesPoint
from .selectors import Series as MeasurementSeries

MARKERS_UP_TO = 60
LINE_COLOR = "#000091"
TARGET_COLOR = "#18753c"
TRAJECTORY_COLOR = "#b34000"
FRAME = Frame()

__all__ = ["display_number", "display_value", "downsample", "indicator_chart", "nice_ticks", "period_label"]


def display_value(value, indicator: Indicator, places: int = 2) -> str:
    if value is None:
        return "—"
    suffix = indicator.unit_suffix
    return f"{display_number(value, places)}\u202f{suffix}" if suffix else display_number(value, places)


def period_label(day: datetime.date, granularity: Granularity) -> str:
    if granularity == WEEK:
        return f"semaine du {day:%d/%m/%Y}"
    if granularity == MONTH:
        return month_year(day)
    if granularity == QUARTER:
        return f"T{(day.month - 1) // 3 + 1} {day.year}"
    if granularity == YEAR:
        return str(day.year)
    return f"{day:%d/%m/%Y}"


def downsample(points: list[SeriesPoint], limit: int = MAX_POINTS) -> list[SeriesPoint]:
    """Keep at most `limit` points, evenly spread, always with the first and the last."""
    if len(points) <= limit:
        return points
    step = (len(points) - 1) / (limit - 1)
    return [points[round(i * step)] for i in range(limit)]


def indicator_chart(state: IndicatorState, series: MeasurementSeries | None) -> LineChart | None:
    indicator = state.indicator
    if series is None or not series.points:
        return None
    points = downsample(series.points)
    first, last = points[0].date, points[-1].date
    end = last
    if indicator.target_date and indicator.target is not None and indicator.target_date > last:
        end = indicator.target_date
    start = first
    trajectory = (
        indicator.baseline is not None
        and indicator.target is not None
        and indicator.target_date is not None
        and baseline_start(indicator) < indicator.target_date
    )
    if trajectory:
        start = min(start, baseline_start(indicator))
    values = [float(p.value) for p in points]
    for extra in (indicator.target, indicator.baseline if trajectory else None):
        if extra is not None:
            values.append(float(extra))
    ticks = nice_ticks(min(values), max(values))
    x = FRAME.dates(start, end)
    y = FRAME.values(ticks[0], ticks[-1])

    coords = [(round(x(p.date), 1), round(y(float(p.value)), 1)) for p in points]
    # Each point's period and value, written once for its marker and its row of the data table.
    labels = {id(p): (period_label(p.date, series.granularity), display_value(p.value, indicator)) for p in points}
    markers = []
    if len(points) <= MARKERS_UP_TO:
        markers = [
            Point(px, py, marker_path("circle", px, py, 3.5), "{} : {}".format(*labels[id(p)]))
            for p, (px, py) in zip(points, coords, strict=True)
        ]
    aggregated = series.granularity != DAY
    lines = [
        Series(
            label=f"Mesures (moyenne par {series.granularity.label})" if aggregated else "Mesures",
            path=line_path(coords),
            color=LINE_COLOR,
            points=markers,
            legend_marker=legend_marker("circle"),
            key="mesures",
        )
    ]
    if trajectory:
        lines.append(
            Series(
                label="Trajectoire de la valeur de référence à la cible",
                path=line_path(
                    [
                        (x(baseline_start(indicator)), y(float(indicator.baseline))),
                        (x(indicator.target_date), y(float(indicator.target))),
                    ]
                ),
                color=TRAJECTORY_COLOR,
                dash="2 4",
                key="trajectoire",
            )
        )
    guides = []
    if indicator.target is not None:
        target_y = round(y(float(indicator.target)), 1)
        target_label = f"Cible : {display_value(indicator.target, indicator)}"
        marker = ""
        if indicator.target_date:
            target_label += f" au {indicator.target_date:%d/%m/%Y}"
            if start <= indicator.target_date <= end:
                marker = marker_path("diamond", x(indicator.target_date), target_y, 5)
        guides.append(Guide(target_y, target_label, TARGET_COLOR, marker=marker))

    columns = [
        Column("Période" if aggregated else "Date"),
        Column(f"Moyenne par {series.granularity.label}" if aggregated else "Valeur"),
    ]
    if aggregated:
        columns.append(Column("Nombre de mesures"))
    rows = []
    for p in series.points:
        period, value = labels.get(id(p)) or (
            period_label(p.date, series.granularity),
            display_value(p.value, indicator),
        )
        rows.append(Row(period, [value] + ([str(p.count)] if aggregated else [])))
    caption = f"Données du graphique « {indicator.name} »"
    if aggregated:
        caption += f" : moyenne des mesures par {series.granularity.label}"
    return FRAME.chart(
        label=_summary(state, series),
        series=lines,
        guides=guides,
        x_ticks=date_ticks(start, end, x),
        y_ticks=value_ticks(ticks, y),
        table=DataTable(caption, columns, rows),
        table_button_detail=f" de « {indicator.name} »",
    )


def _summary(state: IndicatorState, series: MeasurementSeries) -> str:
    indicator = state.indicator
    first, last = series.points[0], series.points[-1]
    how = f"moyenne par {series.granularity.label}" if series.aggregated else "valeurs mesurées"
    text = (
        f"Évolution de « {indicator.name} » du {long_date(first.date)} au {long_date(last.date)} ({how}) : "
        f"de {display_value(first.value, indicator)} à {display_value(last.value, indicator)}."
    )
    if indicator.target is not None:
        text += f" Cible : {display_value(indicator.target, indicator)}"
        text += f" au {long_date(indicator.target_date)}." if indicator.target_date else "."
    text += f" {state.status_label}."
    return text + " Les données figurent dans le tableau qui accompagne le graphique."
