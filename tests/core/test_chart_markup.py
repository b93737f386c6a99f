"""The chart's markers and data-table rows, written in Python for speed, are the markup the template loops wrote."""

import datetime
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from equipage.core.charts import Column, DataTable, Guide, LineChart, Point, Row, Series, Tick
from equipage.indicators.charts import indicator_chart
from equipage.indicators.models import Measurement
from equipage.indicators.progress import state_of
from equipage.indicators.selectors import series_for
from tests.indicators.factories import IndicatorFactory

# The loops `core/_line_chart.html` and `core/_chart_table.html` held before (November 2026).
PREVIOUS_MARKERS = Template(
    '{% for point in series.points %}<path class="eq-chart__marker" d="{{ point.marker }}" fill="{{ series.color }}" '
    'stroke="{{ series.color }}"><title>{{ point.title }}</title></path>{% endfor %}'
)
PREVIOUS_ROWS = Template(
    "{% for row in table.rows %}\n"
    "        <tr>\n"
    '          <th scope="row">{% if row.url %}<a href="{{ row.url }}">{{ row.heading }}</a>{% else %}'
    "{{ row.heading }}{% endif %}{% if row.detail %}<br>"
    '<span class="fr-text--xs eq-muted">{{ row.detail }}</span>{% endif %}</th>\n'
    "          {% for cell in row.cells %}<td>{{ cell }}</td>{% endfor %}\n"
    "        </tr>\n"
    "      {% endfor %}"
)


PREVIOUS_Y_AXIS = Template(
    "{% load l10n %}{% localize off %}{% for tick in chart.y_ticks %}\n"
    '      <line class="eq-chart__grid" x1="{{ chart.left }}" x2="{{ chart.right }}" y1="{{ tick.position }}" '
    'y2="{{ tick.position }}"/>\n'
    '      <text class="eq-chart__axis-label" x="{{ chart.left|add:\'-10\' }}" y="{{ tick.position }}" dy="4" '
    'text-anchor="end">{{ tick.label }}</text>\n'
    "    {% endfor %}{% endlocalize %}"
)
PREVIOUS_X_AXIS = Template(
    "{% load l10n %}{% localize off %}{% for tick in chart.x_ticks %}\n"
    '      <line class="eq-chart__axis" x1="{{ tick.position }}" x2="{{ tick.position }}" y1="{{ chart.bottom }}" '
    "y2=\"{{ chart.bottom|add:'5' }}\"/>\n"
    '      <text class="eq-chart__axis-label" x="{{ tick.position }}" y="{{ chart.bottom|add:\'26\' }}" '
    'text-anchor="{% if forloop.first and not forloop.last %}start{% elif forloop.last and not forloop.first %}end'
    '{% else %}middle{% endif %}">{{ tick.label }}</text>\n'
    "    {% endfor %}{% endlocalize %}"
)


def test_markers_are_written_as_the_template_loop_wrote_them():
    series = Series(
        label="Mesures",
        path="M0 0",
        color="#000091",
        points=[
            Point(1, 2, "M1 2 L3 4", "semaine du 01/01/2026 : 1 234,5\u202f€"),
            Point(5, 6, "M5 6", "« <b>Q&A</b> » l’été"),
        ],
    )
    assert series.markers_html == PREVIOUS_MARKERS.render(Context({"series": series}))


def test_table_rows_are_written_as_the_template_loop_wrote_them():
    table = DataTable(
        "Légende",
        [Column("Période")],
        [
            Row("T1 2026", ["12,5\u202f%", "3"]),
            Row("<script>", ["a & b"], url="/produits/x/?a=1&b=2", detail="l’« détail »"),
            Row("sûr", [mark_safe("<strong>déjà sûr</strong>"), 7]),
        ],
    )
    assert table.body_html == PREVIOUS_ROWS.render(Context({"table": table}))


@pytest.mark.django_db
@pytest.mark.parametrize("days", [10, 400])
def test_an_indicator_chart_shows_the_same_values_as_before(days):
    """A small daily series (every value) and an aggregated one (weekly averages): markers and rows unchanged."""
    indicator = IndicatorFactory(baseline=Decimal(10), target=Decimal(90), target_date=datetime.date(2027, 1, 1))
    start = datetime.date(2025, 1, 1)
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, date=start + datetime.timedelta(days=day), value=Decimal(day % 37) / 4)
        for day in range(days)
    )
    chart = indicator_chart(state_of(indicator), series_for([indicator.pk])[indicator.pk])
    html = render_to_string("core/_line_chart.html", {"chart": chart, "chart_id": "c"})
    for series in chart.series:
        assert PREVIOUS_MARKERS.render(Context({"series": series})) in html
    assert PREVIOUS_ROWS.render(Context({"table": chart.table})) in html
    assert chart.y_axis_html == PREVIOUS_Y_AXIS.render(Context({"chart": chart}))
    assert chart.x_axis_html == PREVIOUS_X_AXIS.render(Context({"chart": chart}))
    one_tick = replace(chart, x_ticks=chart.x_ticks[:1], y_ticks=chart.y_ticks[:1])
    assert one_tick.x_axis_html == PREVIOUS_X_AXIS.render(Context({"chart": one_tick}))
    assert len(chart.table.rows) == (days if days <= 120 else 58)
    assert html == PREVIOUS_LINE_CHART.render(Context({"chart": chart, "chart_id": "c"}))


# `core/_line_chart.html` with `core/_chart_table.html` before LineChart.render wrote them (December 2026).
PREVIOUS_LINE_CHART = Template((Path(__file__).parent / "previous_line_chart.html").read_text())


def _every_feature_chart(**changes):
    """A chart with every optional part: guides with and without marker, numbered and dashed series, legend
    markers, a caption, table columns with screen-reader details, rows with links and details, unsafe text."""
    chart = LineChart(
        label="« <Évolution> » & co",
        series=[
            Series("Mesures", "M1,2L3,4", points=[Point(1, 2, "M1 2", "T1 2026 : 1 234,5")], legend_marker="M0 0"),
            Series("Q <2>", "M5,6", color="#c9191e", dash="6 3", number=2),
        ],
        x_ticks=[Tick(80.0, "janv. 2026"), Tick(300.5, "juil. 2026"), Tick(616.0, "déc. 2026")],
        y_ticks=[Tick(232.0, "0"), Tick(16.0, "1 000")],
        table=DataTable(
            "Données « x »",
            [Column("Période"), Column("Valeur", detail=" en euros")],
            [Row("T1", ["1"]), Row("<b>", ["2"], url="/a?b=1&c=2", detail="d’« e »")],
        ),
        guides=[Guide(40.5, "Cible : 90 %", "#18753c", marker="M1 1"), Guide(60.0, "Seuil", "#b34000", dash="")],
        caption="Source <interne>",
        table_button_detail=" de « x »",
    )
    return replace(chart, **changes)


@pytest.mark.parametrize("heading_level", [None, 3])
@pytest.mark.parametrize("collapsed", [True, False])
def test_a_line_chart_is_written_as_the_chart_templates_wrote_it(heading_level, collapsed):
    chart = _every_feature_chart(table_collapsed=collapsed)
    context = {"chart": chart, "chart_id": "graphique-<1>"}
    if heading_level:
        context["heading_level"] = heading_level
    assert chart.render("graphique-<1>", heading_level) == PREVIOUS_LINE_CHART.render(Context(context))
    assert render_to_string("core/_line_chart.html", context) == PREVIOUS_LINE_CHART.render(Context(context))


def test_a_line_chart_without_guides_caption_or_button_detail_is_written_as_before():
    chart = _every_feature_chart(guides=[], caption="", table_button_detail="")
    context = {"chart": chart, "chart_id": "c"}
    assert chart.render("c") == PREVIOUS_LINE_CHART.render(Context(context))
