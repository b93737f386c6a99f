"""Reading the snapshots as trends: findings opened and closed, level changes, levels over time.

Snapshots already carry what changed since the day before (see `snapshots.py`), so a trend is a sum
per week or month over the rows of one query: a product's snapshots for its sheet, the portfolio's
`PortfolioDay` rows for `/portefeuille/tendances/`. Charts are `equipage.core.charts.LineChart`s
with their data table.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from equipage.core.charts import (
    Column,
    DataTable,
    Frame,
    LineChart,
    Point,
    Row,
    Series,
    date_ticks,
    legend_marker,
    line_path,
    marker_path,
    nice_ticks,
    style,
    value_ticks,
)
from equipage.core.formats import long_date, month_year
from equipage.core.french import number, plural
from equipage.core.vocabulary import LEVEL_RANK, Level

from .models import PortfolioDay, ProductSnapshot

# A snapshot keeps the level's rank (`FindingSummary.level_rank`); its label, by rank.
LEVEL_LABELS = {rank: Level(level).label for level, rank in LEVEL_RANK.items()}

FRAME = Frame()


@dataclass(frozen=True)
class Window:
    """A span shown on a trend page: how far back, and by week or by month."""

    key: str
    label: str
    days: int
    step: str  # "week" or "month"


WINDOWS = {
    "trimestre": Window("trimestre", "3 derniers mois, par semaine", 91, "week"),
    "annee": Window("annee", "12 derniers mois, par mois", 365, "month"),
    "trois-ans": Window("trois-ans", "3 dernières années, par mois", 3 * 365 + 1, "month"),
}
DEFAULT_WINDOW = "annee"


def period_start(day: datetime.date, step: str) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday()) if step == "week" else day.replace(day=1)


def period_label(start: datetime.date, step: str) -> str:
    return f"semaine du {long_date(start)}" if step == "week" else month_year(start)


@dataclass
class Period:
    """One week or month of a trend: sums of what changed, and the state on its last snapshot."""

    start: datetime.date
    label: str
    opened: int = 0
    closed: int = 0
    level_up: int = 0
    level_down: int = 0
    last_day: datetime.date | None = None
    blocking: int = 0
    watch: int = 0
    info: int = 0
    level_rank: int = 0  # a product's level at the period's end
    levels: dict[int, int] = field(default_factory=dict)  # the portfolio's products per level rank
    products: int = 0

    @property
    def findings(self) -> int:
        return self.blocking + self.watch + self.info

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level_rank, "")


def _periods(rows: Iterable, step: str, fold: Callable[[Period, object], None]) -> list[Period]:
    periods: dict[datetime.date, Period] = {}
    for row in rows:  # oldest first
        start = period_start(row.day, step)
        period = periods.get(start)
        if period is None:
            period = periods[start] = Period(start, period_label(start, step))
        fold(period, row)
        period.last_day = row.day
        period.blocking, period.watch, period.info = row.blocking, row.watch, row.info
    return list(periods.values())


def product_periods(product, today: datetime.date, window: Window) -> list[Period]:
    """A product's trend, by week or month, from its snapshots in the window (one query)."""

    def fold(period: Period, row: ProductSnapshot) -> None:
        period.opened += row.opened
        period.closed += row.closed
        period.level_up += int(row.level_delta > 0)
        period.level_down += int(row.level_delta < 0)
        period.level_rank = row.level_rank

    rows = ProductSnapshot.objects.filter(
        product=product, day__gt=today - datetime.timedelta(days=window.days), day__lte=today
    ).order_by("day")
    return _periods(
        rows.only("day", "level_rank", "blocking", "watch", "info", "opened", "closed", "level_delta"),
        window.step,
        fold,
    )


def portfolio_periods(today: datetime.date, window: Window) -> list[Period]:
    """The portfolio's trend, by week or month, from its daily totals in the window (one query)."""

    def fold(period: Period, row: PortfolioDay) -> None:
        period.opened += row.opened
        period.closed += row.closed
        period.level_up += row.level_up
        period.level_down += row.level_down
        period.levels = {int(rank): count for rank, count in row.levels.items()}
        period.products = row.products

    rows = PortfolioDay.objects.filter(day__gt=today - datetime.timedelta(days=window.days), day__lte=today)
    return _periods(rows.order_by("day"), window.step, fold)


# --- Charts ---


def count_chart(
    periods: Sequence[Period],
    lines: Sequence[tuple[str, Callable[[Period], int]]],
    *,
    label: str,
    caption: str,
    table_caption: str,
    extra_columns: Sequence[tuple[str, Callable[[Period], str]]] = (),
    table_collapsed: bool = True,
) -> LineChart | None:
    """Lines of counts per period (one point per period, at its start), with the table of the same figures."""
    if not periods:
        return None
    first, last = periods[0].start, periods[-1].start
    x = FRAME.dates(first, last)
    values = [value(period) for period in periods for _, value in lines]
    ticks = nice_ticks(0, max([*values, 1]))
    y = FRAME.values(ticks[0], ticks[-1])
    series = []
    for index, (name, value) in enumerate(lines):
        color, dash, shape = style(index)
        points = [
            Point(
                round(x(period.start), 1),
                round(y(value(period)), 1),
                marker_path(shape, x(period.start), y(value(period))) if len(periods) <= 40 else "",
                f"{name}, {period.label} : {number(value(period))}",
            )
            for period in periods
        ]
        series.append(
            Series(
                label=name,
                path=line_path([(p.x, p.y) for p in points]),
                color=color,
                dash=dash,
                points=[p for p in points if p.marker],
                legend_marker=legend_marker(shape),
            )
        )
    columns = [Column("Période")] + [Column(name) for name, _ in lines] + [Column(name) for name, _ in extra_columns]
    rows = [
        Row(
            period.label,
            [number(value(period)) for _, value in lines] + [text(period) for _, text in extra_columns],
        )
        for period in periods
    ]
    return FRAME.chart(
        label=label,
        series=series,
        x_ticks=date_ticks(first, last, x),
        y_ticks=value_ticks(ticks, y),
        table=DataTable(table_caption, columns, rows),
        caption=caption,
        table_collapsed=table_collapsed,
    )


def _sum(periods: Sequence[Period], attribute: str) -> int:
    return sum(getattr(period, attribute) for period in periods)


def changes_chart(periods: Sequence[Period], subject: str, *, with_level: bool) -> LineChart | None:
    """Findings opened and closed per period; for a product, its level at each period's end."""
    if not periods:
        return None
    extra: list[tuple[str, Callable[[Period], str]]] = [
        ("Points ouverts en fin de période", lambda p: number(p.findings))
    ]
    if with_level:
        extra.append(("Niveau en fin de période", lambda p: p.level_label))
    extra.append(("Niveaux gagnés / perdus", lambda p: f"{number(p.level_up)} / {number(p.level_down)}"))
    label = (
        f"Règles non respectées apparues et résolues {subject}, {periods[0].label} à {periods[-1].label} : "
        f"{plural(_sum(periods, 'opened'), 'apparue')}, {plural(_sum(periods, 'closed'), 'résolue')}. "
        "Le détail par période figure dans le tableau de données."
    )
    return count_chart(
        periods,
        [("Règles apparues", lambda p: p.opened), ("Règles résolues", lambda p: p.closed)],
        label=label,
        caption="Une règle apparaît le jour où un produit cesse de la respecter, se résout le jour où il la "
        "respecte de nouveau (comparaison de deux instantanés quotidiens successifs).",
        table_caption=f"Données du graphique : règles apparues et résolues {subject} par période",
        extra_columns=extra,
    )


def levels_chart(periods: Sequence[Period]) -> LineChart | None:
    """The number of products at each level at each period's end."""
    if not periods:
        return None
    ranks = sorted(LEVEL_LABELS)
    last = periods[-1]
    distribution = ", ".join(
        f"{LEVEL_LABELS[rank].lower()} : {plural(last.levels.get(rank, 0), 'produit')}" for rank in ranks
    )
    return count_chart(
        periods,
        [(LEVEL_LABELS[rank], lambda p, rank=rank: p.levels.get(rank, 0)) for rank in ranks],
        label=f"Répartition des produits par niveau, {periods[0].label} à {last.label}. En fin de période : "
        f"{distribution}. Le détail figure dans le tableau de données.",
        caption="Nombre de produits à chaque niveau au dernier instantané de chaque période.",
        table_caption="Données du graphique : produits par niveau en fin de période",
        extra_columns=[("Niveaux gagnés / perdus", lambda p: f"{number(p.level_up)} / {number(p.level_down)}")],
    )
