"""Line charts over time, drawn as inline SVG on the server, with the data table that carries the same figures.

Bottom layer: every app builds a `LineChart` with the helpers below and renders it with the one template
`core/_line_chart.html`. Why SVG drawn on the server rather than a JavaScript chart library: the page needs
no script (nothing to allow in the Content Security Policy, nothing to load or fail), the chart is in the
HTML the server sends (printable, testable, cached), and the accessible name of the image plus the data
table give screen-reader users every figure. Series differ by colour, dash pattern and marker shape, so
colour alone never carries the information (RGAA 3.1). Axis dates use unambiguous French abbreviations
(« juin », « juil. »), numbers French separators.
"""

from __future__ import annotations

import datetime
import html
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from equipage.core.formats import format_number, short_date, short_month

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 80, 24, 16, 48
X_TICKS = 5
Y_TICKS = 5
MARKER_SIZE = 4.5

# DSFR colours, each with a dash pattern and a marker shape of its own.
STYLES = [
    ("#000091", "", "circle"),
    ("#c9191e", "6 3", "square"),
    ("#18753c", "2 3", "diamond"),
    ("#b34000", "8 3 2 3", "triangle"),
    ("#6e445a", "4 4", "triangle_down"),
    ("#009099", "1 2", "cross"),
]


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Point:
    x: float
    y: float
    marker: str
    title: str


@dataclass
class Series:
    """One line of the chart. `points` carry a marker and a tooltip each (none when too many)."""

    label: str
    path: str
    color: str = STYLES[0][0]
    dash: str = ""
    points: list[Point] = field(default_factory=list)
    legend_marker: str = ""
    key: str = ""
    number: int | None = None

    @property
    def markers_html(self) -> SafeString:
        """Every point's marker and tooltip, written here rather than by a template loop: a chart may carry
        dozens of points and a page twenty charts (the same markup `core/_line_chart.html` had)."""
        color = escape(self.color)
        return mark_safe(  # noqa: S308 - every value below is escaped
            "".join(
                f'<path class="eq-chart__marker" d="{escape(point.marker)}" fill="{color}" stroke="{color}">'
                f"<title>{escape(point.title)}</title></path>"
                for point in self.points
            )
        )


@dataclass
class Guide:
    """A horizontal reference line across the plot (a target), with an optional marker on it."""

    y: float
    label: str
    color: str
    dash: str = "8 4"
    marker: str = ""


@dataclass
class Column:
    heading: str
    detail: str = ""  # read by screen readers only, after the heading


@dataclass
class Row:
    heading: str
    cells: list[str]
    url: str = ""
    detail: str = ""


def escape(value) -> str:
    """What the template's autoescaping does (Django's `conditional_escape`), without its lazy-string wrapper:
    called thousands of times on a page of charts."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# A row of a chart's data table, indented as `core/_chart_table.html` places it.
TABLE_ROW = '\n        <tr>\n          <th scope="row">{heading}</th>\n          {cells}\n        </tr>\n      '


@dataclass
class DataTable:
    caption: str
    columns: list[Column]
    rows: list[Row]

    @property
    def body_html(self) -> SafeString:
        """The rows of the table body, written here rather than by a template loop (see `Series.markers_html`);
        the same markup `core/_chart_table.html` had, whitespace included."""
        lines = []
        for row in self.rows:
            heading = escape(row.heading)
            if row.url:
                heading = f'<a href="{escape(row.url)}">{heading}</a>'
            if row.detail:
                heading += f'<br><span class="fr-text--xs eq-muted">{escape(row.detail)}</span>'
            cells = "".join(f"<td>{escape(cell)}</td>" for cell in row.cells)
            lines.append(TABLE_ROW.format(heading=heading, cells=cells))
        return mark_safe("".join(lines))  # noqa: S308 - every value above is escaped

    def render(self, table_id: str) -> SafeString:
        """The whole table, as `core/_chart_table.html` writes it (`table_id` already escaped)."""
        headings = "".join(
            f'<th scope="col">{escape(column.heading)}'
            + (f'<span class="fr-sr-only">{escape(column.detail)}</span>' if column.detail else "")
            + "</th>"
            for column in self.columns
        )
        return mark_safe(  # noqa: S308 - every value below is escaped
            '\n<div class="fr-table fr-table--sm fr-mb-1w"><div class="fr-table__wrapper">'
            '<div class="fr-table__container">'
            f'<div class="fr-table__content" tabindex="0" role="region" aria-labelledby="{table_id}-legende">\n'
            f'  <table>\n    <caption class="eq-table-caption" id="{table_id}-legende">'
            f"{escape(self.caption)}</caption>\n"
            f"    <thead><tr>{headings}</tr></thead>\n    <tbody>\n      {self.body_html}\n    </tbody>\n  </table>\n"
            "</div></div></div></div>\n"
        )


@dataclass
class LineChart:
    label: str  # the image's accessible name: what the chart shows, in words
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    table: DataTable
    guides: list[Guide] = field(default_factory=list)
    caption: str = ""  # shown under the chart
    table_collapsed: bool = True  # the table behind a « Tableau des données » button
    table_button_detail: str = ""  # read by screen readers after « Tableau des données »
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def y_axis_html(self) -> SafeString:
        """The horizontal grid lines and value labels (the markup the template loop wrote, see `markers_html`)."""
        parts = []
        for tick in self.y_ticks:
            y = _svg_number(tick.position)
            parts.append(
                f'\n      <line class="eq-chart__grid" x1="{self.left}" x2="{self.right}" y1="{y}" y2="{y}"/>'
                f'\n      <text class="eq-chart__axis-label" x="{self.left - 10}" y="{y}" dy="4" text-anchor="end">'
                f"{escape(tick.label)}</text>\n    "
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number

    @property
    def x_axis_html(self) -> SafeString:
        """The date ticks and labels under the plot, the first anchored at its start and the last at its end."""
        parts = []
        last = len(self.x_ticks) - 1
        for index, tick in enumerate(self.x_ticks):
            x = _svg_number(tick.position)
            anchor = "start" if index == 0 and last else "end" if index == last and last else "middle"
            parts.append(
                f'\n      <line class="eq-chart__axis" x1="{x}" x2="{x}" y1="{self.bottom}" y2="{self.bottom + 5}"/>'
                f'\n      <text class="eq-chart__axis-label" x="{x}" y="{self.bottom + 26}" text-anchor="{anchor}">'
                f"{escape(tick.label)}</text>\n    "
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number

    def render(self, chart_id: str, heading_level: int | None = None) -> SafeString:
        """The figure (SVG, legend, caption) and its data table: the markup `core/_line_chart.html` and
        `core/_chart_table.html` wrote with template loops, written in one pass (a page may hold twenty charts)."""
        left, right, bottom = self.left, self.right, self.bottom
        chart_id = escape(chart_id)
        parts = [
            '\n\n<figure class="eq-chart fr-m-0 fr-mb-2w">\n  \n'
            f'  <svg class="eq-chart__svg" role="img" aria-label="{escape(self.label)}" '
            f'viewBox="0 0 {_svg_number(self.width)} {_svg_number(self.height)}" focusable="false" '
            'xmlns="http://www.w3.org/2000/svg">\n'
            f"    {self.y_axis_html}\n"
            f'    <line class="eq-chart__axis" x1="{_svg_number(left)}" x2="{_svg_number(right)}" '
            f'y1="{_svg_number(bottom)}" y2="{_svg_number(bottom)}"/>\n'
            f"    {self.x_axis_html}\n    "
        ]
        for guide in self.guides:
            y, color = _svg_number(guide.y), escape(guide.color)
            parts.append(
                f'\n      <line class="eq-chart__target" x1="{_svg_number(left)}" x2="{_svg_number(right)}" '
                f'y1="{y}" y2="{y}" stroke="{color}"{_dash(guide.dash)}/>\n      '
            )
            if guide.marker:
                parts.append(
                    f'<path d="{escape(guide.marker)}" fill="{color}" stroke="{color}">'
                    f"<title>{escape(guide.label)}</title></path>"
                )
            parts.append("\n    ")
        parts.append("\n    ")
        for series in self.series:
            parts.append(
                '\n      <g class="eq-chart__series">\n'
                f'        <path class="eq-chart__line" d="{escape(series.path)}" stroke="{escape(series.color)}"'
                f"{_dash(series.dash)}/>\n"
                f"        {series.markers_html}\n      </g>\n    "
            )
        parts.append('\n  </svg>\n  \n  <ul class="eq-chart__legend">\n    ')
        for series in self.series:
            color = escape(series.color)
            marker = (
                f'<path d="{escape(series.legend_marker)}" fill="{color}" stroke="{color}"/>'
                if series.legend_marker
                else ""
            )
            number = f"<strong>Q{escape(series.number)}.</strong> " if series.number else ""
            parts.append(
                f"\n      <li>{_legend_line(color, series.dash)}{marker}</svg><span>{number}"
                f"{escape(series.label)}</span></li>\n    "
            )
        parts.append("\n    ")
        for guide in self.guides:
            parts.append(
                f"\n      <li>{_legend_line(escape(guide.color), guide.dash)}</svg>"
                f"<span>{escape(guide.label)}</span></li>\n    "
            )
        parts.append("\n  </ul>\n  ")
        if self.caption:
            parts.append(f'<figcaption class="fr-text--sm eq-muted">{escape(self.caption)}</figcaption>')
        parts.append("\n</figure>\n")
        table = self.table.render(chart_id)
        if self.table_collapsed:
            level = escape(heading_level or 4)
            detail = (
                f'<span class="fr-sr-only">{escape(self.table_button_detail)}</span>'
                if self.table_button_detail
                else ""
            )
            parts.append(
                f'\n  <section class="fr-accordion fr-mb-2w">\n    <h{level} class="fr-accordion__title">\n'
                f'      <button type="button" class="fr-accordion__btn" aria-expanded="false" '
                f'aria-controls="{chart_id}-donnees">Tableau des données{detail}</button>\n'
                f"    </h{level}>\n"
                f'    <div class="fr-collapse" id="{chart_id}-donnees">\n      {table}\n    </div>\n  </section>\n\n'
            )
        else:
            parts.append(f"\n  {table}\n\n")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number


def _dash(dash: str) -> str:
    return f' stroke-dasharray="{escape(dash)}"' if dash else ""


def _legend_line(color: str, dash: str) -> str:
    """The start of a legend's swatch: a short line in the series' colour and dash pattern (svg left open)."""
    return (
        '<svg aria-hidden="true" focusable="false" width="32" height="16" viewBox="0 0 32 16">'
        f'<line x1="0" x2="32" y1="8" y2="8" stroke="{color}" stroke-width="2"{_dash(dash)}/>'
    )


def _svg_number(value) -> str:
    """A coordinate as the template wrote it inside `{% localize off %}`."""
    return escape(localize(value, use_l10n=False))


@dataclass(frozen=True)
class Frame:
    """The plot area inside the SVG's view box."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    def dates(self, start: datetime.date, end: datetime.date) -> Callable[[datetime.date], float]:
        span = (end - start).days

        def x(day: datetime.date) -> float:
            if span == 0:
                return (self.left + self.right) / 2
            return self.left + (day - start).days / span * (self.right - self.left)

        return x

    def values(self, low: float, high: float) -> Callable[[float], float]:
        def y(value: float) -> float:
            if high == low:
                return (self.top + self.bottom) / 2
            return self.bottom - (value - low) / (high - low) * (self.bottom - self.top)

        return y

    def chart(self, **kwargs) -> LineChart:
        return LineChart(
            width=self.width,
            height=self.height,
            left=self.left,
            right=self.right,
            top=self.top,
            bottom=self.bottom,
            **kwargs,
        )


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


def legend_marker(shape: str) -> str:
    return marker_path(shape, 16, 8, 4)


def line_path(coords: list[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))


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


def value_ticks(ticks: list[float], y: Callable[[float], float]) -> list[Tick]:
    return [Tick(round(y(value), 1), format_number(value)) for value in ticks]


def date_ticks(start: datetime.date, end: datetime.date, x: Callable[[datetime.date], float]) -> list[Tick]:
    """Evenly spaced date ticks: « juil. 2025 » over long spans, « 1er juil. » over a few months."""
    span = (end - start).days
    if span == 0:
        return [Tick(round(x(start), 1), f"{short_date(start)} {start.year}")]
    days = [start + datetime.timedelta(days=round(span * i / (X_TICKS - 1))) for i in range(X_TICKS)]
    label = short_month if span > 120 else short_date
    return [Tick(round(x(day), 1), label(day)) for day in days]


def style(index: int) -> tuple[str, str, str]:
    """Colour, dash pattern and marker shape of the index-th series."""
    return STYLES[index % len(STYLES)]
