"""An indicator over time, laid out for an inline SVG drawn on the server (no JavaScript, no chart library).

The same approach as the self-assessment trends (`equipage.selfassessment.charts`): this module computes
coordinates and texts, the template draws them, and an accessible data table carries the same figures.
The measurements arrive already averaged by period (`selectors.series_for`) and are downsampled again
should a series still hold more than MAX_POINTS points.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils import dateformat

from equipage.core.formats import format_number as display_number
from equipage.selfassessment.charts import marker_path

from .models import Indicator
from .progress import IndicatorState, baseline_start
from .selectors import DAY, MAX_POINTS, MONTH, QUARTER, WEEK, YEAR, Granularity, Series, SeriesPoint

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 80, 24, 16, 48
X_TICKS = 5
Y_TICKS = 5
MARKERS_UP_TO = 60
LINE_COLOR = "#000091"
TARGET_COLOR = "#18753c"
TRAJECTORY_COLOR = "#b34000"


def display_value(value, indicator: Indicator, places: int = 2) -> str:
    if value is None:
        return "—"
    suffix = indicator.unit_suffix
    return f"{display_number(value, places)}\u202f{suffix}" if suffix else display_number(value, places)


def period_label(day: datetime.date, granularity: Granularity) -> str:
    if granularity == WEEK:
        return f"semaine du {day:%d/%m/%Y}"
    if granularity == MONTH:
        return dateformat.format(day, "F Y")
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


def nice_ticks(low: float, high: float, count: int = Y_TICKS) -> list[float]:
    """Round tick values covering [low, high]."""
    if high == low:
        spread = abs(high) or 1.0
        low, high = low - spread / 2, high + spread / 2
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Marker:
    path: str
    title: str


@dataclass
class TableRow:
    label: str
    value: str
    count: int


@dataclass
class IndicatorChart:
    label: str
    line_path: str
    markers: list[Marker]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    target_y: float | None
    target_label: str
    target_marker: str
    trajectory_path: str
    rows: list[TableRow] = field(default_factory=list)
    granularity: Granularity = DAY
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def aggregated(self) -> bool:
        return self.granularity != DAY

    @property
    def value_heading(self) -> str:
        return f"Moyenne par {self.granularity.label}" if self.aggregated else "Valeur"

    @property
    def legend_marker(self) -> str:
        return marker_path("circle", 16, 8, 4)


def indicator_chart(state: IndicatorState, series: Series | None) -> IndicatorChart | None:
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
    low, high = ticks[0], ticks[-1]
    top, bottom, left, right = TOP, HEIGHT - BOTTOM, LEFT, WIDTH - RIGHT
    span = (end - start).days

    def x(day: datetime.date) -> float:
        if span == 0:
            return (left + right) / 2
        return left + (day - start).days / span * (right - left)

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    coords = [(round(x(p.date), 1), round(y(float(p.value)), 1)) for p in points]
    line_path = " ".join(f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py) in enumerate(coords))
    markers = []
    if len(points) <= MARKERS_UP_TO:
        markers = [
            Marker(
                path=marker_path("circle", px, py, 3.5),
                title=f"{period_label(p.date, series.granularity)} : {display_value(p.value, indicator)}",
            )
            for p, (px, py) in zip(points, coords, strict=True)
        ]
    target_y = target_label = target_marker = None
    if indicator.target is not None:
        target_y = round(y(float(indicator.target)), 1)
        target_label = f"Cible : {display_value(indicator.target, indicator)}"
        if indicator.target_date:
            target_label += f" au {indicator.target_date:%d/%m/%Y}"
            if start <= indicator.target_date <= end:
                target_marker = marker_path("diamond", x(indicator.target_date), target_y, 5)
    trajectory_path = ""
    if trajectory:
        bx, by = x(baseline_start(indicator)), y(float(indicator.baseline))
        tx, ty = x(indicator.target_date), y(float(indicator.target))
        trajectory_path = f"M{bx:.1f},{by:.1f}L{tx:.1f},{ty:.1f}"

    x_ticks = _x_ticks(start, end, x)
    y_ticks = [Tick(round(y(value), 1), display_number(value)) for value in ticks]
    rows = [
        TableRow(period_label(p.date, series.granularity), display_value(p.value, indicator), p.count)
        for p in series.points
    ]
    return IndicatorChart(
        label=_summary(state, series, points),
        line_path=line_path,
        markers=markers,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        target_y=target_y,
        target_label=target_label or "",
        target_marker=target_marker or "",
        trajectory_path=trajectory_path,
        rows=rows,
        granularity=series.granularity,
    )


def _x_ticks(start: datetime.date, end: datetime.date, x) -> list[Tick]:
    span = (end - start).days
    if span == 0:
        return [Tick(round(x(start), 1), f"{start:%d/%m/%Y}")]
    days = [start + datetime.timedelta(days=round(span * i / (X_TICKS - 1))) for i in range(X_TICKS)]
    label_format = "M Y" if span > 120 else "j M"
    return [Tick(round(x(day), 1), dateformat.format(day, label_format)) for day in days]


def _summary(state: IndicatorState, series: Series, points: list[SeriesPoint]) -> str:
    indicator = state.indicator
    first, last = series.points[0], series.points[-1]
    how = f"moyenne par {series.granularity.label}" if series.aggregated else "valeurs mesurées"
    text = (
        f"Évolution de « {indicator.name} » du {first.date:%d/%m/%Y} au {last.date:%d/%m/%Y} ({how}) : "
        f"de {display_value(first.value, indicator)} à {display_value(last.value, indicator)}."
    )
    if indicator.target is not None:
        text += f" Cible : {display_value(indicator.target, indicator)}"
        text += f" au {indicator.target_date:%d/%m/%Y}." if indicator.target_date else "."
    text += f" {state.status_label}."
    return text + " Les données figurent dans le tableau qui accompagne le graphique."
