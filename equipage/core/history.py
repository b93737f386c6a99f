"""Readable change logs built from django-simple-history records, for any tracked model.

A page shows who changed what and when, with old and new values as people read them
(choice labels, names of related objects), in a bounded number of queries per page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.utils import formats, timezone

EMPTY = "—"
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
    tracked_names = {f.name for f in instance.history.model.tracked_fields}
    tracked_fields = [
        f
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False)
        and not f.many_to_many
        and not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
        and f.name in tracked_names
    ]
    history_manager = instance.history
    m2m_fields = [f for f in model._meta.many_to_many if f.name in _tracked_m2m_names(model)]
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

    snapshots = []
    for record in chain:
        values = {f.name: getattr(record, f.attname) for f in tracked_fields}
        values.update(_m2m_values(record, m2m_fields))
        snapshots.append(values)

    related_names = _related_names(tracked_fields + m2m_fields, snapshots)
    entries = []
    for index, record in enumerate(page_records):
        current = snapshots[index]
        previous = snapshots[index + 1] if index + 1 < len(chain) else None
        changes = []
        for model_field in tracked_fields + m2m_fields:
            new_value = current[model_field.name]
            old_value = previous[model_field.name] if previous else None
            if previous is not None and old_value == new_value:
                continue
            if previous is None and new_value in (None, "", [], False):
                continue
            changes.append(
                FieldChange(
                    label=str(model_field.verbose_name).capitalize(),
                    old=_display(model_field, old_value, related_names) if previous else EMPTY,
                    new=_display(model_field, new_value, related_names),
                )
            )
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


def _tracked_m2m_names(model: type[models.Model]) -> set[str]:
    history_manager = model.history.model
    return {f.name for f in getattr(history_manager, "_history_m2m_fields", [])}


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
