"""Demo snapshots: a year of weekly snapshots so that trends show, then today's real one.

Deterministic (each product's past drawn from its slug and the seed) and fast at 2,000 products: one
snapshot a week, written in bulk. Each product's past is today's stored findings plus rules it has since
fixed (more failures further back, so the portfolio improves) minus some it failed only lately. Run
again, it adds nothing but today's snapshot.
"""

from __future__ import annotations

import dataclasses
import datetime
import random

from django.utils import timezone

from equipage.checks.engine import RULES
from equipage.core.vocabulary import LEVEL_RANK, RULE_LEVELS, Severity
from equipage.registry.models import Product

from .models import ProductSnapshot
from .snapshots import State, current_states, take_snapshots, write_day

WEEKS = 52


def _level_rank(codes: frozenset[str]) -> int:
    failing = {RULES[code].level for code in codes if code in RULES}
    rank = 0
    for level in RULE_LEVELS:
        if level in failing:
            break
        rank = LEVEL_RANK[level]
    return rank


def _state(now: State, codes: frozenset[str]) -> State:
    """The product's past state with these failing rules, in today's scope (directorate, phase, public
    service): the demo's products keep their scope over the year."""
    severities = [RULES[code].severity for code in codes if code in RULES]
    return dataclasses.replace(
        now,
        level_rank=_level_rank(codes),
        blocking=severities.count(Severity.BLOCKING),
        watch=severities.count(Severity.WATCH),
        info=severities.count(Severity.INFO),
        codes=codes,
    )


def load_demo_trends(seed: int, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if not ProductSnapshot.objects.filter(day__lt=today).exists():
        now = current_states()
        slugs = dict(Product.objects.filter(pk__in=list(now)).values_list("pk", "slug"))
        codes = sorted(RULES)
        # Per product: rules fixed at some week (failing before it), rules failing only since some week.
        fixed: dict[int, list[tuple[str, int]]] = {}
        since: dict[int, list[tuple[str, int]]] = {}
        for pk, state in now.items():
            draw = random.Random(f"{seed}-trends-{slugs[pk]}")  # noqa: S311 - deterministic demo data
            passing = [code for code in codes if code not in state.codes]
            fixed[pk] = [
                (code, draw.randrange(WEEKS)) for code in draw.sample(passing, min(len(passing), draw.randint(0, 4)))
            ]
            since[pk] = [(code, draw.randrange(WEEKS)) for code in sorted(state.codes) if draw.random() < 0.3]
        previous: dict[int, State] = {}
        for week in range(WEEKS, 0, -1):  # oldest first; week w is w weeks before today
            day = today - datetime.timedelta(weeks=week)
            states = {}
            for pk, state in now.items():
                past = set(state.codes)
                past |= {code for code, fixed_at in fixed[pk] if week > fixed_at}
                past -= {code for code, started in since[pk] if week > started}
                states[pk] = _state(state, frozenset(past))
            write_day(day, states, previous)
            previous = states
    take_snapshots(today)
