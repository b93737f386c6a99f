"""Grouped bar charts (planned, committed, spent) drawn as SVG, each with the data table it shows.

Vector graphics: the same markup prints and goes into the committee pack's PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from equipage.core.formats import format_number

from .selectors import Totals

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 12, 12, 40
SERIES = [
    ("planned", "Prévu", "#000091"),
    ("committed", "Engagé", "#6a6af4"),
    ("spent", "Dépensé", "#e1000f"),
]


def euros(value: Decimal) -> str:
    return f"{format_number(value, 0)} €"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    title: str


@dataclass
class BarChart:
    label: str
    caption: str
    bars: list[Bar] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = magnitude * Decimal(str(step))
        if top >= value:
            return top
    return magnitude * 10


def grouped_bars(label: str, caption: str, groups: list[tuple[str, Totals]], first_heading: str) -> BarChart | None:
    """One group of three bars (planned, committed, spent) per entry, e.g. per year or per category."""
    if not groups:
        return None
    chart = BarChart(label=label, caption=caption, legend=[(name, color) for _key, name, color in SERIES])
    chart.headings = [first_heading, *[name for _key, name, _color in SERIES], "Prévision"]
    top_value = _nice_max(max(max(getattr(t, key) for key, _n, _c in SERIES) for _g, t in groups))
    plot_height = chart.bottom - chart.top
    slot = (chart.right - chart.left) / len(groups)
    bar_width = min(28.0, slot / 4)
    for index, (name, totals) in enumerate(groups):
        start = chart.left + index * slot + (slot - 3 * bar_width) / 2
        for position, (key, series_name, color) in enumerate(SERIES):
            value = getattr(totals, key)
            height = float(value / top_value) * plot_height
            chart.bars.append(
                Bar(
                    x=round(start + position * bar_width, 1),
                    y=round(chart.bottom - height, 1),
                    width=round(bar_width - 2, 1),
                    height=round(height, 1),
                    color=color,
                    title=f"{name} — {series_name} : {euros(value)}",
                )
            )
        chart.x_labels.append((round(chart.left + (index + 0.5) * slot, 1), name))
        chart.rows.append(
            (name, [euros(totals.planned), euros(totals.committed), euros(totals.spent), euros(totals.forecast)])
        )
    for step in range(5):
        value = top_value * step / 4
        chart.y_ticks.append((round(chart.bottom - plot_height * step / 4, 1), euros(value)))
    return chart
