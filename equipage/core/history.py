"""Readable change logs built from django-simple-history records, for any tracked model.

A page shows who changed what and when, with old and new values as people read them
(choice labels, names of related objects), in a bounded number of queries per page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.utils import formats, timezone

from equipage.core import french

EMPTY = "—"
# A timeline entry shows at most this many characters of an old or new value (long texts stay readable).
TIMELINE_VALUE_LENGTH = 400
ACTIONS = {"+": "Création", "~": "Modification", "-": "Suppression"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    date: Any
    author: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""
    kind: str = ""
    subject: str = ""


def _display(model_field: models.Field, value: Any, related_names: dict) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, list):  # many-to-many: a list of related primary keys
        names = sorted(related_names.get((model_field.related_model, pk), str(pk)) for pk in value)
        return ", ".join(names) if names else EMPTY
    if model_field.is_relation:
        return related_names.get((model_field.related_model, value), f"n° {value} (supprimé)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Oui" if value else "Non"
    if isinstance(model_field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(model_field, models.DecimalField | models.FloatField) or (
        isinstance(model_field, models.IntegerField) and abs(value) >= 10_000  # a year stays « 2026 »
    ):
        return french.number(value)  # « 2 666,67 », « 3 », « 40 960 »
    return str(value)


def _history_m2m_accessor(history_model: type[models.Model], m2m_field: models.Field) -> str:
    """The name under which a historical record reaches its saved rows of one many-to-many field."""
    for relation in history_model._meta.related_objects:
        if relation.field.name == "history" and relation.related_model._meta.object_name.endswith(f"_{m2m_field.name}"):
            return relation.get_accessor_name()
    raise LookupError(f"{m2m_field.name} is not tracked by {history_model.__name__}")


def _m2m_values(record, m2m_fields: list[models.Field]) -> dict[str, list]:
    values = {}
    for m2m_field in m2m_fields:
        rows = getattr(record, _history_m2m_accessor(type(record), m2m_field)).all()  # prefetched
        values[m2m_field.name] = sorted(getattr(row, m2m_field.m2m_reverse_field_name() + "_id") for row in rows)
    return values


def history_page(instance: models.Model, page_number: Any, per_page: int = 20) -> tuple[Page, list[HistoryEntry]]:
    """Return one page of an instance's history, newest first, each entry diffed against the one before."""
    model = type(instance)
    tracked_fields, m2m_fields = _tracked_fields(model)
    history_manager = instance.history
    records = history_manager.select_related("history_user").order_by("-history_date", "-history_id")
    if m2m_fields:
        records = records.prefetch_related(*[_history_m2m_accessor(records.model, f) for f in m2m_fields])
    paginator = Paginator(records, per_page)
    page = paginator.get_page(page_number)
    page_records = list(page.object_list)
    # The record just older than the page is needed to diff the page's oldest entry.
    older = []
    if page_records:
        oldest = page_records[-1]
        older = list(records.filter(history_date__lte=oldest.history_date).exclude(history_id=oldest.history_id)[:1])
    chain = page_records + older

    snapshots = [_snapshot(record, tracked_fields, m2m_fields) for record in chain]

    related_names = _related_names(tracked_fields + m2m_fields, snapshots)
    entries = []
    for index, record in enumerate(page_records):
        current = snapshots[index]
        previous = snapshots[index + 1] if index + 1 < len(chain) else None
        changes = _changes(tracked_fields + m2m_fields, current, previous, related_names)
        entries.append(
            HistoryEntry(
                date=record.history_date,
                author=str(record.history_user) if record.history_user else "Système",
                action=_action(record, current, previous),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return page, entries


def _action(record, current: dict, previous: dict | None) -> str:
    """Name the change as people think of it: archiving and restoring are not mere edits."""
    if previous is not None and "archived_at" in current and current["archived_at"] != previous["archived_at"]:
        return "Archivage" if current["archived_at"] else "Restauration"
    return ACTIONS.get(record.history_type, record.history_type)


@cache
def _history_model(model: type[models.Model]) -> type[models.Model]:
    """The historical model of a tracked model, found once: `model.history` builds a new manager class each time."""
    return model.history.model


def _tracked_m2m_names(model: type[models.Model]) -> set[str]:
    return {f.name for f in getattr(_history_model(model), "_history_m2m_fields", [])}


def _related_names(fields: list[models.Field], snapshots: list[dict]) -> dict:
    """Fetch the names of every related object the snapshots mention: one query per related model."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for model_field in fields:
        if not model_field.is_relation:
            continue
        for values in snapshots:
            value = values[model_field.name]
            if isinstance(value, list):
                wanted[model_field.related_model].update(value)
            elif value is not None:
                wanted[model_field.related_model].add(value)
    names = {}
    for related_model, pks in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=pks):
            names[(related_model, obj.pk)] = str(obj)
    return names


# --- One timeline per product, merged from every app's tracked models ---------------------------


@dataclass(frozen=True)
class HistorySource:
    """One tracked model whose changes belong to a product's timeline, and how its records find their product."""

    kind: str
    model: type[models.Model]
    product_lookup: str
    label_fields: tuple[str, ...] = ()
    # How a label field's stored value reads (a rule's code → its title); `_display` when None.
    describe: Callable[[str, Any], str] | None = None


@dataclass(frozen=True)
class HistoryKind:
    key: str
    label: str
    order: int


HISTORY_KINDS: dict[str, HistoryKind] = {}
HISTORY_SOURCES: list[HistorySource] = []


def register_history_kind(key: str, label: str, order: int) -> None:
    """Add a kind of change to the product timeline's filter (``?type=<key>``)."""
    if key in HISTORY_KINDS:
        raise ValueError(f"History kind {key} is registered twice")
    HISTORY_KINDS[key] = HistoryKind(key=key, label=label, order=order)


def register_history_source(
    kind: str,
    model: type[models.Model],
    product_lookup: str,
    label_fields: tuple[str, ...] = (),
    describe: Callable[[str, Any], str] | None = None,
) -> None:
    """Show the changes of `model` on a product's timeline under `kind`.

    `product_lookup` filters the model's historical records to one product's (``product_id``,
    ``matrix__product_id``…); `label_fields` name the object in the timeline (« Ritual — 3 mars »), each value
    shown through `describe(field_name, value)` when given (a stored code that people read by its title).
    """
    if kind not in HISTORY_KINDS:
        raise ValueError(f"Unknown history kind {kind!r}: register it first")
    if any(source.model is model for source in HISTORY_SOURCES):
        raise ValueError(f"{model.__name__} is a history source twice")
    HISTORY_SOURCES.append(
        HistorySource(
            kind=kind, model=model, product_lookup=product_lookup, label_fields=label_fields, describe=describe
        )
    )


def history_kinds() -> list[HistoryKind]:
    return sorted(HISTORY_KINDS.values(), key=lambda kind: (kind.order, kind.key))


@cache
def _tracked_fields(model: type[models.Model]) -> tuple[list[models.Field], list[models.Field]]:
    """The fields whose changes a history shows (worked out once per model; callers do not mutate the lists)."""
    tracked_names = {f.name for f in _history_model(model).tracked_fields}
    fields = [
        f
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False)
        and not f.many_to_many
        and not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
        and f.name in tracked_names
    ]
    m2m_fields = [f for f in model._meta.many_to_many if f.name in _tracked_m2m_names(model)]
    return fields, m2m_fields


class _Timeline:
    """The merged, newest-first records of several sources, sliced lazily for a Paginator.

    A slice [a:b] asks the database for the keys of the page in one query (a UNION ALL of each
    source's b newest records, ordered and cut there), then fetches the page's records with their
    previous ones, one query per source present on the page.
    """

    def __init__(self, product, sources: list[HistorySource]):
        self.product = product
        self.sources = sources

    def count(self) -> int:
        """Every source's records counted in one query (a UNION ALL of their keys)."""
        if not self.sources:
            return 0
        union = " UNION ALL ".join(_product_records_sql(source, connection.vendor) for source in self.sources)
        sql = f"SELECT COUNT(*) FROM ({union}) {connection.ops.quote_name('timeline')}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.product.pk] * len(self.sources))
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def _page_keys(self, start: int, stop: int) -> list[tuple[int, int]]:
        """(source index, history id) of the records [start:stop], newest first, in one query.

        Each branch keeps only its `stop` newest records (the product's own records, found through
        the indexed product or parent column), so the database sorts no whole table and merges few
        rows; derived tables let SQLite accept the inner LIMITs too.
        """
        branches, params = [], []
        for order, source in enumerate(self.sources):
            newest = f"{_product_records_sql(source, connection.vendor)} ORDER BY 1 DESC, 2 DESC LIMIT %s"
            alias = connection.ops.quote_name(f"timeline_{order}")
            branches.append(f"SELECT {alias}.*, {int(order)} FROM ({newest}) {alias}")  # noqa: S608
            params += [self.product.pk, stop]
        sql = " UNION ALL ".join(branches) + " ORDER BY 1 DESC, 3 ASC, 2 DESC LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, stop - start, start])
            return [(source, history_id) for _date, history_id, source in cursor.fetchall()]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("The timeline is read by slices")
        start, stop = index.start or 0, index.stop
        if not self.sources or stop <= start:
            return []
        keys = self._page_keys(start, stop)
        wanted: dict[int, list[int]] = defaultdict(list)
        for order, history_id in keys:
            wanted[order].append(history_id)
        fetched: dict[tuple[int, int], Any] = {}
        for order, history_ids in wanted.items():
            for record in _with_previous(self.sources[order], history_ids):
                fetched[(order, record.history_id)] = record
        page = []
        for order, history_id in keys:
            record = fetched[(order, history_id)]
            previous = fetched.get((order, record.previous_history_id))
            page.append((self.sources[order], record, previous))
        return page


_PRODUCT_PLACEHOLDER = -1


@cache
def _product_records_sql(source: HistorySource, vendor: str) -> str:
    """SELECT history_date, history_id of one product's records of a source, the product its one parameter.

    Compiled once per source (building and compiling ~25 querysets cost more than running them).
    Only Django's compiled SQL is ever put into the timeline's queries; values stay parameters.
    """
    records = (
        _history_model(source.model)
        .objects.filter(**{source.product_lookup: _PRODUCT_PLACEHOLDER})
        .order_by()
        .values_list("history_date", "history_id")
    )
    sql, params = records.query.sql_with_params()
    if tuple(params) != (_PRODUCT_PLACEHOLDER,):
        raise ValueError(f"{source.model.__name__}: {source.product_lookup} must filter on the product alone")
    return sql


def _with_previous(source: HistorySource, history_ids: list[int]) -> list:
    """Some records of one source and the record before each (same object, just older), in one query.

    Each carries `previous_history_id`; the previous records come along so that diffs need no more queries.
    """
    history_model = _history_model(source.model)
    previous = history_model.objects.filter(id=models.OuterRef("id")).filter(
        models.Q(history_date__lt=models.OuterRef("history_date"))
        | models.Q(history_date=models.OuterRef("history_date"), history_id__lt=models.OuterRef("history_id"))
    )
    previous_id = models.Subquery(previous.order_by("-history_date", "-history_id").values("history_id")[:1])
    page_records = history_model.objects.filter(history_id__in=history_ids).order_by()
    # A UNION rather than an OR, so that the database reads both sets through the primary key.
    wanted = page_records.values("history_id").union(
        page_records.annotate(previous_id=previous_id).values("previous_id"), all=True
    )
    records = (
        history_model.objects.filter(history_id__in=wanted)
        .select_related("history_user")
        .annotate(previous_history_id=previous_id)
        .order_by()
    )
    _fields, m2m_fields = _tracked_fields(source.model)
    if m2m_fields:
        records = records.prefetch_related(*[_history_m2m_accessor(history_model, f) for f in m2m_fields])
    return list(records)


def product_timeline(
    product, kind: str | None, page_number: Any, per_page: int = 20
) -> tuple[Page, list[HistoryEntry]]:
    """One page of every change of a product and of what belongs to it, newest first, optionally of one kind.

    Queries: one count, one for the page's keys, one per source present on the page (its records and
    the previous ones, to diff against), plus one per related model named in the page; none per entry,
    and none for sources absent from the page.
    """
    sources = [source for source in HISTORY_SOURCES if kind in (None, source.kind)]
    paginator = Paginator(_Timeline(product, sources), per_page)
    page = paginator.get_page(page_number)
    page_records: list = list(page.object_list)

    # Snapshots of every record and its previous one, then the names of related objects in one pass.
    fields_of = {source: _tracked_fields(source.model) for source, _record, _previous in page_records}
    rows = []
    wanted_names: list[tuple[list[models.Field], list[dict]]] = []
    for source, record, previous_record in page_records:
        fields, m2m_fields = fields_of[source]
        current = _snapshot(record, fields, m2m_fields)
        previous = _snapshot(previous_record, fields, m2m_fields) if previous_record is not None else None
        rows.append((source, record, current, previous))
        wanted_names.append((fields + m2m_fields, [current] + ([previous] if previous else [])))
    related_names = _related_names_many(wanted_names)

    kinds = HISTORY_KINDS
    entries = []
    for source, record, current, previous in rows:
        fields, m2m_fields = fields_of[source]
        entries.append(
            HistoryEntry(
                date=record.history_date,
                author=str(record.history_user) if record.history_user else "Système",
                action=_action(record, current, previous),
                changes=_changes(
                    fields + m2m_fields, current, previous, related_names, TIMELINE_VALUE_LENGTH, source=source
                ),
                reason=record.history_change_reason or "",
                kind=kinds[source.kind].label,
                subject=_subject(source, current, related_names, record),
            )
        )
    return page, entries


def _snapshot(record, fields: list[models.Field], m2m_fields: list[models.Field]) -> dict:
    values = {f.name: getattr(record, f.attname) for f in fields}
    values.update(_m2m_values(record, m2m_fields))
    return values


def _changes(
    fields: list[models.Field],
    current: dict,
    previous: dict | None,
    related_names: dict,
    max_length: int | None = None,
    source: HistorySource | None = None,
) -> list[FieldChange]:
    """The fields that differ from the previous record, their values shown as people read them and,
    given `max_length`, cut there with « … » (cheaper here than a template filter on every value)."""
    changes = []

    def display(model_field: models.Field, value: Any) -> str:
        if source is not None and source.describe is not None and model_field.name in source.label_fields:
            return source.describe(model_field.name, value) if value not in (None, "") else EMPTY
        return _display(model_field, value, related_names)

    for model_field in fields:
        new_value = current[model_field.name]
        old_value = previous[model_field.name] if previous else None
        if previous is not None and old_value == new_value:
            continue
        if previous is None and new_value in (None, "", [], False):
            continue
        changes.append(
            FieldChange(
                label=str(model_field.verbose_name).capitalize(),
                old=_shorten(display(model_field, old_value), max_length) if previous else EMPTY,
                new=_shorten(display(model_field, new_value), max_length),
            )
        )
    return changes


def _shorten(text: str, max_length: int | None) -> str:
    """`text` cut to `max_length` characters, the last one « … », like the truncatechars filter."""
    if max_length is None or len(text) <= max_length:
        return text
    return text[: max_length - 1] + "…"


def _subject(source: HistorySource, values: dict, related_names: dict, record) -> str:
    """The changed object as people name it: its model and its label fields (« Indicateur « Taux » »)."""
    name = str(source.model._meta.verbose_name).capitalize()
    if not source.label_fields:  # one per product: its kind names it
        return name
    parts = []
    for field_name in source.label_fields:
        model_field = source.model._meta.get_field(field_name)
        value = values.get(field_name)
        if source.describe is not None and value not in (None, ""):
            shown = source.describe(field_name, value)
        else:
            shown = _display(model_field, value, related_names)
        if shown != EMPTY:
            parts.append(shown)
    if not parts:
        return f"{name} n° {record.id}"
    return f"{name} « {' — '.join(parts)} »"


def _related_names_many(groups: list[tuple[list[models.Field], list[dict]]]) -> dict:
    """Like `_related_names`, for snapshots of several models: one query per related model in all."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for fields, snapshots in groups:
        for model_field in fields:
            if not model_field.is_relation:
                continue
            for values in snapshots:
                value = values[model_field.name]
                if isinstance(value, list):
                    wanted[model_field.related_model].update(value)
                elif value is not None:
                    wanted[model_field.related_model].add(value)
    names = {}
    for related_model, pks in wanted.items():
        # Names often mention their required parents (« Rituel (Produit) »): joined, not fetched one by one.
        for obj in related_model._default_manager.filter(pk__in=pks).select_related():
            names[(related_model, obj.pk)] = str(obj)
    return names
