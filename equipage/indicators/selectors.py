"""Reads of objectives, indicators and measurements, each in a constant number of queries.

Series are aggregated by period in the database (a week, a month…, chosen per indicator so that a
chart never has more than MAX_POINTS points), so five years of daily measurements never reach Python
one by one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Case, Count, DateField, Exists, F, Func, Max, Min, OuterRef, Q, When
from django.db.models.functions import TruncMonth, TruncQuarter, TruncWeek, TruncYear
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from equipage.core.queries import in_filter
from equipage.registry.models import Governance, Phase, Product

from .models import Indicator, Measurement, Objective
from .progress import IndicatorState, Status, state_of

MAX_POINTS = 120


@dataclass(frozen=True)
class Granularity:
    key: str
    days: int
    label: str  # « moyenne par … »


DAY = Granularity("jour", 1, "jour")
WEEK = Granularity("semaine", 7, "semaine")
MONTH = Granularity("mois", 31, "mois")
QUARTER = Granularity("trimestre", 92, "trimestre")
YEAR = Granularity("annee", 366, "année")
GRANULARITIES = [DAY, WEEK, MONTH, QUARTER, YEAR]
TRUNCATE = {WEEK.key: TruncWeek, MONTH.key: TruncMonth, QUARTER.key: TruncQuarter, YEAR.key: TruncYear}
POSTGRES_PERIODS = {WEEK.key: "week", MONTH.key: "month", QUARTER.key: "quarter", YEAR.key: "year"}


class PeriodStart(Func):
    """The first day of the week, month, quarter or year holding a date (weeks start on Monday).

    On PostgreSQL the date is truncated as a plain timestamp and the result is a date: Django's TruncMonth on
    a date casts it to a timestamp with time zone, which costs a third more over five years of daily
    measurements and hands back datetimes. Elsewhere Django's own Trunc functions."""

    output_field = DateField()
    arity = 1

    def __init__(self, expression, *, period: str) -> None:
        self.period = period
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        django_trunc = TRUNCATE[self.period](self.source_expressions[0], output_field=DateField())
        return compiler.compile(django_trunc.resolve_expression(compiler.query))

    def as_postgresql(self, compiler, connection, **extra_context):
        template = f"DATE_TRUNC('{POSTGRES_PERIODS[self.period]}', %(expressions)s::timestamp)::date"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def choose_granularity(count: int, first: datetime.date, last: datetime.date) -> Granularity:
    """The finest period that keeps the series under MAX_POINTS points: every measurement if few enough."""
    if count <= MAX_POINTS:
        return DAY
    span = (last - first).days + 1
    for granularity in GRANULARITIES[1:]:
        if span / granularity.days <= MAX_POINTS - 2:  # a partial period at each end
            return granularity
    return YEAR


@dataclass
class SeriesPoint:
    date: datetime.date
    value: Decimal
    count: int


@dataclass
class Series:
    granularity: Granularity
    points: list[SeriesPoint] = field(default_factory=list)
    total: int = 0

    @property
    def aggregated(self) -> bool:
        return self.granularity != DAY


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


def series_for(indicator_ids: Iterable[int]) -> dict[int, Series]:
    """Each indicator's valid measurements, averaged by period in the database: two queries in all."""
    ids = list(indicator_ids)
    if not ids:
        return {}
    valid = Measurement.objects.valid().filter(indicator_id__in=ids)
    stats = valid.values("indicator_id").annotate(n=Count("id"), first=Min("date"), last=Max("date")).order_by()
    chosen: dict[int, Granularity] = {}
    for row in stats:
        chosen[row["indicator_id"]] = choose_granularity(row["n"], _as_date(row["first"]), _as_date(row["last"]))
    series = {pk: Series(granularity=granularity) for pk, granularity in chosen.items()}
    if not chosen:
        return series
    by_granularity: dict[str, list[int]] = defaultdict(list)
    for pk, granularity in chosen.items():
        by_granularity[granularity.key].append(pk)
    whens = []
    for key, pks in sorted(by_granularity.items()):
        bucket = F("date") if key == DAY.key else PeriodStart(F("date"), period=key)
        whens.append(When(indicator_id__in=pks, then=bucket))
    rows = (
        valid.annotate(bucket=Case(*whens, output_field=DateField()))
        .values("indicator_id", "bucket")
        .annotate(average=Avg("value"), n=Count("id"))
        .order_by("indicator_id", "bucket")
    )
    for row in rows:
        current = series[row["indicator_id"]]
        value = row["average"]
        value = value if isinstance(value, Decimal) else Decimal(str(value))
        current.points.append(SeriesPoint(date=_as_date(row["bucket"]), value=value, count=row["n"]))
        current.total += row["n"]
    return series


def indicator_states(indicators: Iterable[Indicator], today: datetime.date | None = None) -> list[IndicatorState]:
    today = today or timezone.localdate()
    return [state_of(indicator, today) for indicator in indicators]


def product_indicators(product: Product, *, published_only: bool = False):
    queryset = Indicator.objects.filter(product=product).select_related("objective").with_last_measurement()
    if published_only:
        queryset = queryset.published()
    return queryset.order_by("objective__position", "objective_id", "pk")


@dataclass
class ObjectiveBlock:
    objective: Objective
    states: list[IndicatorState] = field(default_factory=list)


def objective_blocks(product: Product, *, published_only: bool = False, today=None) -> list[ObjectiveBlock]:
    """The product's objectives, each with the state of its indicators: two queries."""
    today = today or timezone.localdate()
    blocks: dict[int, ObjectiveBlock] = {}
    if not published_only:
        for objective in Objective.objects.filter(product=product):
            blocks[objective.pk] = ObjectiveBlock(objective)
    for indicator in product_indicators(product, published_only=published_only):
        indicator.product = product
        block = blocks.setdefault(indicator.objective_id, ObjectiveBlock(indicator.objective))
        block.states.append(state_of(indicator, today))
    return sorted(blocks.values(), key=lambda block: (block.objective.position, block.objective.pk))


def stale_indicators(product_ids: Iterable[int], today: datetime.date | None = None) -> dict[int, list[Indicator]]:
    """Indicators still followed but not updated within their frequency plus a grace period, by product id.

    One query whatever the number of products. Each indicator carries `last_date` (None if never
    measured) and `due`, the day after which it became stale. Products without any are left out.
    """
    today = today or timezone.localdate()
    found: dict[int, list[Indicator]] = defaultdict(list)
    queryset = (
        Indicator.objects.filter(product_id__in=in_filter(product_ids), is_active=True)
        .select_related("product")
        .with_last_measurement()
    )
    for indicator in queryset.order_by("product_id", "objective__position", "pk"):
        state = state_of(indicator, today)
        if state.stale:
            indicator.due = state.due
            found[indicator.product_id].append(indicator)
    return dict(found)


def public_product(slug: str) -> Product:
    """A product whose statistics the public may read: a public digital service, not archived."""
    product = Product.objects.filter(slug=slug, is_public_service=True, archived_at__isnull=True).first()
    if product is None:
        raise Http404("Pas de statistiques publiques pour ce produit.")
    return product


def publishes_statistics(product: Product) -> bool:
    return (
        product.is_public_service
        and not product.is_archived
        and Indicator.objects.filter(product=product, is_published=True).exists()
    )


def public_statistics_url(product: Product) -> str:
    return reverse("indicators:public_product", kwargs={"slug": product.slug})


def statistics_link(product: Product) -> str:
    """The product sheet's statistics link: the team's own page if given, else Équipage's public page."""
    if product.statistics_url:
        return product.statistics_url
    return public_statistics_url(product) if publishes_statistics(product) else ""


@dataclass
class SheetSummary:
    count: int
    active: int
    stale: list[IndicatorState]
    off_track: list[IndicatorState]
    reached: int
    published: int
    overview_url: str
    public_url: str

    @property
    def stale_count(self) -> int:
        return len(self.stale)

    @property
    def off_track_count(self) -> int:
        return len(self.off_track)


def sheet_summary(product: Product, today: datetime.date | None = None) -> SheetSummary:
    """What the product sheet tells of its indicators: one query."""
    today = today or timezone.localdate()
    states = indicator_states(product_indicators(product), today)
    published = sum(1 for state in states if state.indicator.is_published)
    public = product.is_public_service and not product.is_archived and published
    return SheetSummary(
        count=len(states),
        active=sum(1 for state in states if state.indicator.is_active),
        stale=[state for state in states if state.stale and not product.is_archived],
        off_track=[state for state in states if state.status == Status.OFF_TRACK and state.indicator.is_active],
        reached=sum(1 for state in states if state.status == Status.REACHED),
        published=published,
        overview_url=reverse("indicators:overview", kwargs={"slug": product.slug}),
        public_url=public_statistics_url(product) if public else "",
    )


@dataclass
class PortfolioStatistics:
    generated_on: datetime.date
    active_products: int
    public_services: int
    publishing_statistics: int
    with_objectives: int
    indicators: int
    published_indicators: int
    measurements: int
    by_phase: list[tuple[str, str, int]]
    by_governance: list[tuple[str, str, int]]
    publishing_products: list[Product]

    def rows(self) -> list[tuple[str, str, int]]:
        """Every figure as (section, label, value): the CSV export and the page's tables read these."""
        rows = [
            ("ensemble", "Produits actifs", self.active_products),
            ("ensemble", "Services publics numériques", self.public_services),
            ("ensemble", "Services publics qui publient leurs statistiques", self.publishing_statistics),
            ("ensemble", "Produits ayant au moins un objectif", self.with_objectives),
            ("ensemble", "Indicateurs suivis", self.indicators),
            ("ensemble", "Indicateurs publiés", self.published_indicators),
            ("ensemble", "Mesures enregistrées", self.measurements),
        ]
        rows += [("phase", label, count) for _key, label, count in self.by_phase]
        rows += [("configuration", label, count) for _key, label, count in self.by_governance]
        return rows


def portfolio_statistics(today: datetime.date | None = None) -> PortfolioStatistics:
    """The portfolio's own figures, for the public: active products only. A handful of queries."""
    today = today or timezone.localdate()
    active = Product.objects.active()
    published = Indicator.objects.filter(product=OuterRef("pk"), is_published=True)
    figures = active.aggregate(
        total=Count("id"),
        public=Count("id", filter=Q(is_public_service=True)),
    )
    publishing = list(
        active.filter(is_public_service=True).filter(Exists(published)).order_by("name").only("name", "slug")
    )
    with_objectives = active.filter(Exists(Objective.objects.filter(product=OuterRef("pk")))).count()
    indicator_figures = Indicator.objects.filter(product__archived_at__isnull=True, is_active=True).aggregate(
        total=Count("id"),
        published=Count("id", filter=Q(is_published=True, product__is_public_service=True)),
    )
    measurements = Measurement.objects.valid().filter(indicator__product__archived_at__isnull=True).count()
    by_phase = dict(active.values_list("phase").annotate(n=Count("id")).order_by())
    by_governance = dict(active.values_list("governance").annotate(n=Count("id")).order_by())
    return PortfolioStatistics(
        generated_on=today,
        active_products=figures["total"],
        public_services=figures["public"],
        publishing_statistics=len(publishing),
        with_objectives=with_objectives,
        indicators=indicator_figures["total"],
        published_indicators=indicator_figures["published"],
        measurements=measurements,
        by_phase=[(value, label, by_phase.get(value, 0)) for value, label in Phase.choices],
        by_governance=[(value, label, by_governance.get(value, 0)) for value, label in Governance.choices],
        publishing_products=publishing,
    )
