"""CSV imports of a backlog (Jira's export or a plain spreadsheet) and of field feedback.

All or nothing: every line is checked first and the problems are listed by line and column; nothing is
written unless the whole file is right. Importing the same file twice duplicates nothing: a story is
recognised by its key (Jira's « Issue key », or the « identifiant » column) or, without one, by its
title; a feedback by its identifier or, without one, by its date and verbatim.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from equipage.core import french, spreadsheets
from equipage.core.formats import parse_date, parse_decimal
from equipage.registry.models import Product

from . import services
from .models import (
    IMPACT_CHOICES,
    Channel,
    Feedback,
    Story,
    StoryStatus,
    readiness_error,
    rice_score,
    split_tags,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_LISTED_PROBLEMS = 100


@dataclass
class Problem:
    line: int | None
    column: str
    message: str


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(french.plural(len(problems), "problème"))
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)


def _normalise(header: str) -> str:
    text = header.strip().lower().replace("’", "'")
    for accented, plain in (("é", "e"), ("è", "e"), ("ê", "e"), ("à", "a"), ("ç", "c"), ("ô", "o"), ("î", "i")):
        text = text.replace(accented, plain)
    return re.sub(r"\s+", " ", text)


STORY_COLUMNS = {
    "title": {"titre", "title", "summary", "resume"},
    "key": {"identifiant", "issue key", "cle", "key", "cle du ticket"},
    "description": {"description", "precisions"},
    "status": {"statut", "status"},
    "as_a": {"en tant que", "as a"},
    "i_want": {"je veux", "i want"},
    "so_that": {"afin de", "so that"},
    "criteria": {"criteres", "criteres d'acceptation", "acceptance criteria", "custom field (acceptance criteria)"},
    "estimate": {"estimation", "story points", "custom field (story points)", "story point estimate"},
    "reach": {"portee", "reach"},
    "impact": {"impact"},
    "confidence": {"confiance", "confidence"},
    "effort": {"effort"},
}
FEEDBACK_COLUMNS = {
    "date": {"date", "created", "cree le"},
    "channel": {"canal", "channel", "source"},
    "verbatim": {"verbatim", "texte", "message", "retour", "description"},
    "tags": {"etiquettes", "tags", "labels"},
    "key": {"identifiant", "id", "reference", "ticket"},
}
JIRA_STATUSES = {
    "backlog": StoryStatus.IDEA,
    "open": StoryStatus.IDEA,
    "new": StoryStatus.IDEA,
    "to do": StoryStatus.TO_REFINE,
    "a faire": StoryStatus.TO_REFINE,
    "selected for development": StoryStatus.READY,
    "ready": StoryStatus.READY,
    "in progress": StoryStatus.IN_PROGRESS,
    "en cours": StoryStatus.IN_PROGRESS,
    "in review": StoryStatus.IN_ACCEPTANCE,
    "testing": StoryStatus.IN_ACCEPTANCE,
    "qa": StoryStatus.IN_ACCEPTANCE,
    "done": StoryStatus.DONE,
    "closed": StoryStatus.DONE,
    "resolved": StoryStatus.DONE,
    "termine": StoryStatus.DONE,
    "won't do": StoryStatus.DROPPED,
    "cancelled": StoryStatus.DROPPED,
    "canceled": StoryStatus.DROPPED,
}
STATUSES = {
    **JIRA_STATUSES,
    **{_normalise(value): value for value in StoryStatus.values},
    **{_normalise(label): value for value, label in StoryStatus.choices},
}
CHANNELS = {
    **{_normalise(value): value for value in Channel.values},
    **{_normalise(label): value for value, label in Channel.choices},
    "email": Channel.EMAIL,
    "mail": Channel.EMAIL,
}


def _decode(content: bytes) -> str:
    """Text in whichever encoding French spreadsheets save it (`equipage.core.spreadsheets`)."""
    try:
        return spreadsheets.decode_text(content)
    except spreadsheets.UnreadableFile as error:
        raise ImportRefused([Problem(error.line, "", error.message[:1].upper() + error.message[1:])]) from error


def _rows(content: bytes, columns: dict[str, set[str]], required: set[str]):
    if len(content) > MAX_BYTES:
        raise ImportRefused([Problem(None, "", "Le fichier dépasse 5 Mo : découpez-le.")])
    text = _decode(content)
    if not text.strip():
        raise ImportRefused([Problem(None, "", "Le fichier est vide.")])
    reader = csv.reader(io.StringIO(text, newline=""), dialect=spreadsheets.sniff_dialect(text))
    try:
        lines = list(reader)
    except csv.Error as error:
        raise ImportRefused([Problem(reader.line_num, "", f"Ligne CSV illisible ({error}).")]) from error
    header, reader = lines[0], iter(lines[1:])
    mapping: dict[int, str] = {}
    ignored = []
    for index, name in enumerate(header):
        target = next((key for key, names in columns.items() if _normalise(name) in names), None)
        if target and target not in mapping.values():
            mapping[index] = target
        elif name.strip():
            ignored.append(name.strip())
    missing = required - set(mapping.values())
    if missing:
        names = ", ".join(f"« {sorted(columns[name])[0]} »" for name in sorted(missing))
        raise ImportRefused([Problem(1, "", f"Colonne obligatoire absente : {names}.")])
    rows = []
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        rows.append(
            (line, {target: values[index].strip() if index < len(values) else "" for index, target in mapping.items()})
        )
        if len(rows) > MAX_ROWS:
            raise ImportRefused([Problem(None, "", f"Le fichier dépasse {MAX_ROWS} lignes : découpez-le.")])
    header_names = {target: header[index].strip() for index, target in mapping.items()}
    return rows, header_names, ignored


def _number(text: str, kind=int):
    """A number as people and spreadsheets write it (« 1 200 », « 0,5 »), read by the one helper of `core.formats`."""
    if not text:
        return None
    value = parse_decimal(text)
    if kind is int:
        if value != value.to_integral_value():
            raise ValueError(f"« {text} » n’est pas un nombre entier.")
        return int(value)
    return value


def _impact(text: str):
    value = _number(text, Decimal)
    if value is None:
        return None
    for choice, _label in IMPACT_CHOICES:
        if value == choice:
            return choice
    raise ValueError("L’impact vaut 0,25, 0,5, 1, 2 ou 3.")


def import_stories(product: Product, content: bytes, *, user) -> ImportResult:
    rows, names, ignored = _rows(content, STORY_COLUMNS, {"title"})
    problems: list[Problem] = []
    parsed = []
    seen_keys: dict[str, int] = {}
    for line, row in rows:

        def problem(column: str, message: str, line=line) -> None:
            problems.append(Problem(line, names.get(column, column), message))

        title = row.get("title", "")
        if not title:
            problem("title", "Le titre est vide.")
        elif len(title) > 200:
            problem("title", "Le titre dépasse 200 caractères.")
        key = row.get("key", "")
        if key and key in seen_keys:
            problem("key", f"L’identifiant « {key} » figure déjà ligne {seen_keys[key]}.")
        if key:
            seen_keys.setdefault(key, line)
        status = StoryStatus.IDEA
        if row.get("status"):
            status = STATUSES.get(_normalise(row["status"]))
            if status is None:
                problem("status", f"Statut inconnu « {row['status']} ».")
                status = StoryStatus.IDEA
        criteria = [c.strip() for c in re.split(r"\n|\|", row.get("criteria", "")) if c.strip()]
        values = {}
        for column, kind in (("estimate", int), ("reach", int), ("confidence", int), ("effort", Decimal)):
            try:
                values[column] = _number(row.get(column, ""), kind)
            except ValueError as error:
                problem(column, str(error))
        try:
            values["impact"] = _impact(row.get("impact", ""))
        except ValueError as error:
            problem("impact", str(error))
        if all(column in values for column in ("reach", "impact", "confidence", "effort")):
            try:
                rice_score(values["reach"], values["impact"], values["confidence"], values["effort"])
            except ValidationError as error:
                problem("effort", " ".join(error.messages))
        readiness = readiness_error(status, len(criteria))
        if readiness:
            problem("status", readiness)
        parsed.append((line, row, key, title, status, criteria, values))
    if problems:
        raise ImportRefused(problems)

    result = ImportResult(ignored_columns=ignored)
    existing_by_key = {s.external_key: s for s in Story.objects.filter(product=product).exclude(external_key="")}
    existing_by_title = {s.title: s for s in Story.objects.filter(product=product, external_key="")}
    with transaction.atomic():
        for _line, row, key, title, status, criteria, values in parsed:
            story = existing_by_key.get(key) if key else existing_by_title.get(title)
            fields = {
                "title": title,
                "description": row.get("description", ""),
                "status": status,
                "as_a": row.get("as_a", ""),
                "i_want": row.get("i_want", ""),
                "so_that": row.get("so_that", ""),
                **{name: value for name, value in values.items()},
            }
            if story is None:
                story = Story(product=product, external_key=key, **fields)
                services.save_story(story, criteria, user=user, reason="Import CSV")
                result.created += 1
                continue
            current_criteria = list(story.criteria.order_by("position").values_list("text", flat=True))
            changed = any(getattr(story, name) != value for name, value in fields.items())
            if not changed and (not criteria or criteria == current_criteria):
                result.unchanged += 1
                continue
            for name, value in fields.items():
                setattr(story, name, value)
            services.save_story(story, criteria or None, user=user, reason="Import CSV")
            result.updated += 1
    return result


def import_feedback(product: Product, content: bytes, *, user) -> ImportResult:
    rows, names, ignored = _rows(content, FEEDBACK_COLUMNS, {"date", "verbatim"})
    problems: list[Problem] = []
    parsed = []
    for line, row in rows:

        def problem(column: str, message: str, line=line) -> None:
            problems.append(Problem(line, names.get(column, column), message))

        try:
            day = parse_date(row.get("date", ""))
        except ValueError as error:
            problem("date", str(error))
            day = None
        if not row.get("verbatim"):
            problem("verbatim", "Le verbatim est vide.")
        channel = Channel.OTHER
        if row.get("channel"):
            channel = CHANNELS.get(_normalise(row["channel"]))
            if channel is None:
                problem(
                    "channel",
                    f"Canal inconnu « {row['channel']} » : support, réseau d’agents, formulaire, courriel ou autre.",
                )
        parsed.append((row, day, channel))
    if problems:
        raise ImportRefused(problems)
    result = ImportResult(ignored_columns=ignored)
    keys = set(Feedback.objects.filter(product=product).exclude(external_id="").values_list("external_id", flat=True))
    pairs = set(Feedback.objects.filter(product=product).values_list("date", "verbatim"))
    new = []
    for row, day, channel in parsed:
        key = row.get("key", "")[:80]
        if (key and key in keys) or (not key and (day, row["verbatim"]) in pairs):
            result.unchanged += 1
            continue
        keys.add(key)
        pairs.add((day, row["verbatim"]))
        new.append(
            Feedback(
                product=product,
                date=day,
                channel=channel,
                verbatim=row["verbatim"],
                tags=", ".join(split_tags(row.get("tags", ""))),
                external_id=key,
            )
        )
    with transaction.atomic():
        for item in new:
            item._history_user = user
            item.save()
    result.created = len(new)
    return result
