"""Writing the daily snapshots (the daily job's `snapshots` task) and pruning those past retention.

`take_snapshots(day)` reads the stored findings of every active product in three queries, compares
each product with its previous snapshot (findings opened and closed, level gained or lost) and
writes the day in bulk, in one transaction: written again the same day, it replaces that day's rows.
`prune(day)` removes what is older than `RETENTION_YEARS` and nothing else.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from equipage.checks.models import FindingSummary, StoredFinding
from equipage.registry.models import Product

from .models import PortfolioDay, ProductSnapshot

RETENTION_YEARS = 3
BATCH_SIZE = 1000


def encode_codes(codes: Iterable[str]) -> str:
    """« CODE_A CODE_B » framed by spaces, so that `codes__contains=" CODE_A "` finds whole codes only."""
    unique = sorted(set(codes))
    return f" {' '.join(unique)} " if unique else ""


@dataclass(frozen=True)
class State:
    """A product's vigilance on a day, as its snapshot keeps it, with the scope facts campaigns filter on
    (its sponsoring directorate, phase and public-service flag that day)."""

    level_rank: int = 0
    blocking: int = 0
    watch: int = 0
    info: int = 0
    codes: frozenset[str] = frozenset()
    sponsor_id: int | None = None
    phase: str = ""
    is_public_service: bool = False


@dataclass(frozen=True)
class Change:
    opened: int = 0
    closed: int = 0
    level_delta: int = 0


def change(previous: State | None, current: State) -> Change:
    """What moved since the previous snapshot: rules newly failed, rules passed again, the level's move.

    A product's first snapshot is its baseline (nothing opened): otherwise the day Équipage starts
    recording, every finding of the portfolio would look new."""
    if previous is None:
        return Change()
    return Change(
        opened=len(current.codes - previous.codes),
        closed=len(previous.codes - current.codes),
        level_delta=current.level_rank - previous.level_rank,
    )


def current_states() -> dict[int, State]:
    """Every active product's state from its stored findings and summary (three queries)."""
    scopes = {
        pk: (sponsor_id, phase, public)
        for pk, sponsor_id, phase, public in Product.objects.active().values_list(
            "pk", "sponsor_id", "phase", "is_public_service"
        )
    }
    codes: dict[int, set[str]] = defaultdict(set)
    for product_id, code in StoredFinding.objects.filter(product__archived_at__isnull=True).values_list(
        "product_id", "code"
    ):
        codes[product_id].add(code)
    summaries = {
        row["product_id"]: row
        for row in FindingSummary.objects.filter(product__archived_at__isnull=True).values(
            "product_id", "blocking", "watch", "info", "level_rank"
        )
    }
    states = {}
    for pk, (sponsor_id, phase, public) in scopes.items():
        summary = summaries.get(pk, {})
        states[pk] = State(
            level_rank=summary.get("level_rank", 0),
            blocking=summary.get("blocking", 0),
            watch=summary.get("watch", 0),
            info=summary.get("info", 0),
            codes=frozenset(codes.get(pk, ())),
            sponsor_id=sponsor_id,
            phase=phase,
            is_public_service=public,
        )
    return states


def previous_states(day: datetime.date) -> dict[int, State]:
    """Each product's state on the latest snapshot day before ``day`` (two queries)."""
    previous_day = ProductSnapshot.objects.filter(day__lt=day).aggregate(latest=Max("day"))["latest"]
    if previous_day is None:
        return {}
    return {
        row.product_id: State(row.level_rank, row.blocking, row.watch, row.info, row.code_set)
        for row in ProductSnapshot.objects.filter(day=previous_day).only(
            "product_id", "level_rank", "blocking", "watch", "info", "codes"
        )
    }


def write_day(day: datetime.date, states: dict[int, State], previous: dict[int, State]) -> int:
    """Replace the day's snapshots and portfolio totals with these states. Returns the snapshots written."""
    rows = []
    totals: Counter = Counter()
    levels: Counter = Counter()
    for product_id, state in sorted(states.items()):
        moved = change(previous.get(product_id), state)
        rows.append(
            ProductSnapshot(
                product_id=product_id,
                day=day,
                level_rank=state.level_rank,
                blocking=state.blocking,
                watch=state.watch,
                info=state.info,
                codes=encode_codes(state.codes),
                opened=moved.opened,
                closed=moved.closed,
                level_delta=moved.level_delta,
                sponsor_id=state.sponsor_id,
                phase=state.phase,
                is_public_service=state.is_public_service,
            )
        )
        totals.update(
            blocking=state.blocking,
            watch=state.watch,
            info=state.info,
            opened=moved.opened,
            closed=moved.closed,
            level_up=int(moved.level_delta > 0),
            level_down=int(moved.level_delta < 0),
        )
        levels[str(state.level_rank)] += 1
    with transaction.atomic():
        ProductSnapshot.objects.filter(day=day).delete()
        ProductSnapshot.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        PortfolioDay.objects.update_or_create(
            day=day,
            defaults={
                "products": len(rows),
                "levels": dict(sorted(levels.items())),
                **{key: totals[key] for key in ("blocking", "watch", "info", "opened", "closed")},
                "level_up": totals["level_up"],
                "level_down": totals["level_down"],
            },
        )
    return len(rows)


def take_snapshots(day: datetime.date) -> int:
    """Snapshot every active product for ``day`` from its stored findings (run after they are recomputed)."""
    return write_day(day, current_states(), previous_states(day))


def retention_start(day: datetime.date) -> datetime.date:
    """The oldest day kept: the same date ``RETENTION_YEARS`` years earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - RETENTION_YEARS)
    except ValueError:
        return day.replace(year=day.year - RETENTION_YEARS, day=28)


def prune(day: datetime.date) -> int:
    """Remove the snapshots older than the retention period, and only those. Returns the rows removed."""
    start = retention_start(day)
    removed, _ = ProductSnapshot.objects.filter(day__lt=start).delete()
    PortfolioDay.objects.filter(day__lt=start).delete()
    return removed
