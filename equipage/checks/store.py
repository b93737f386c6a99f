"""Stored findings, kept current on write.

Rules stay functions over facts (`engine.py`); their results are stored per product in
`StoredFinding` so that the vigilance pages read them with one aggregating query instead of
evaluating the whole portfolio on every request.

Keeping them current:

- every fact declares the models it reads (`@fact(..., watch={Model: products_of})`); a
  `post_save` or `pre_delete` of one of those rows, or a change of its many-to-many links, marks
  the products it concerns as stale;
- the stale products are recomputed **inside the transaction of the write**: the
  `RefreshFindingsMiddleware` runs every unsafe request (POST, PUT, PATCH, DELETE) in a
  transaction and recomputes before it commits; a write outside any transaction is recomputed at
  once; a write in a transaction opened elsewhere (a command, the shell) is recomputed right after
  it commits, and in any case before the next read of stored findings in the same thread;
- writes that bypass signals (bulk imports) call `mark_stale(product_ids)` themselves;
- findings that depend on the date alone (a membership that ends, a statement that ages) are
  recomputed by the daily `manage.py refresh_findings`, which recomputes everything.

Other per-product derived rows an app computes from the same facts (compliance's heat-map states)
are registered with `register_derived(model, build)` and rewritten with the findings, at the
same moments, from the same batch of loaded facts. The deadlines every app lists
(`core/deadlines.py`) are stored the same way in `StoredDeadline`: their sources read models the
facts already watch.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils import timezone

from equipage.core.deadlines import collect_deadlines
from equipage.core.vocabulary import LEVEL_RANK, Severity
from equipage.registry.models import Product

from .engine import RULES, Batch, Finding, evaluate_batch, watched_models
from .levels import area_progress, compute_level, progress_to_stored
from .models import FindingSummary, StoredDeadline, StoredFinding

_state = threading.local()
logger = logging.getLogger(__name__)


def _pending() -> set[int]:
    if not hasattr(_state, "pending"):
        _state.pending = set()
    return _state.pending


# --- Writing ---

# Per-product derived tables rewritten with the findings: (model keyed by `product_id`, builder of its rows).
DERIVED: list[tuple[type, Callable[[Batch], Iterable]]] = []


def register_derived(model: type, build: Callable[[Batch], Iterable]) -> None:
    """Store `build(batch)`'s rows (of `model`, one or more per active product of the batch) with the findings."""
    if all(registered is not model for registered, _ in DERIVED):
        DERIVED.append((model, build))


# Told of the blocking findings a write has just raised (the rows stored, unsaved copies): the header's
# notifications (`myspace`) need them at once, not at the next daily job. Not called by `refresh_all`,
# whose callers (the daily job) bring every account up to date themselves.
NEW_BLOCKING_LISTENERS: list[Callable[[list[StoredFinding]], None]] = []


def on_new_blocking(listener: Callable[[list[StoredFinding]], None]) -> None:
    """Call `listener(findings)` with the blocking findings a recompute stores that were not there before."""
    if listener not in NEW_BLOCKING_LISTENERS:
        NEW_BLOCKING_LISTENERS.append(listener)


def refresh(product_ids: Iterable[int], today: datetime.date | None = None, *, tell: bool = True) -> int:
    """Recompute and store the findings of these products (archived ones keep none). Returns the rows stored.

    Meant for the few products a write touches: their facts are read by their ids."""
    ids = set(product_ids)
    if not ids:
        return 0
    today = today or timezone.localdate()
    tell = tell and bool(NEW_BLOCKING_LISTENERS)
    before = (
        set(
            StoredFinding.objects.filter(
                product_id__in=ids, severity=Severity.BLOCKING, waived_until__isnull=True
            ).values_list("product_id", "code", "message")
        )
        if tell
        else set()
    )
    batch = Batch(Product.objects.filter(pk__in=ids, archived_at__isnull=True).for_listing().order_by("pk"), today)
    with transaction.atomic():
        for model in (StoredFinding, FindingSummary, *(model for model, _build in DERIVED)):
            model.objects.filter(product_id__in=ids).delete()
        _delete_deadlines(StoredDeadline.objects.filter(product_id__in=ids))
        rows = _store(batch)
        if tell:
            new = [
                row
                for row in rows
                if row.severity == Severity.BLOCKING
                and row.waived_until is None
                and (row.product_id, row.code, row.message) not in before
            ]
            for listener in NEW_BLOCKING_LISTENERS if new else ():
                try:
                    with transaction.atomic():  # a savepoint: a listener failing never undoes the write
                        listener(new)
                except Exception:
                    logger.exception("Listener %s failed on new blocking findings", listener)
    return len(rows)


def _store(batch: Batch) -> list[StoredFinding]:
    """Evaluate a batch and store its findings, summaries, derived rows and deadlines (the old ones deleted);
    returns the findings stored."""
    found = evaluate_batch(batch)
    today = batch.today
    rows = [
        StoredFinding(
            product_id=product_id,
            code=finding.code,
            severity=finding.severity,
            rank=_rank(finding.severity),
            message=finding.message,
            remedy=finding.remedy,
            owner_id=finding.owner_id,
            waived_until=finding.waived_until,
            position=position,
            computed_on=today,
        )
        for product_id, findings in found.items()
        for position, finding in enumerate(findings)
    ]
    summaries = []
    for product_id, findings in found.items():
        severities = [finding.severity for finding in findings if finding.waived_until is None]
        level = compute_level(findings)
        summaries.append(
            FindingSummary(
                product_id=product_id,
                blocking=severities.count(Severity.BLOCKING),
                watch=severities.count(Severity.WATCH),
                info=severities.count(Severity.INFO),
                total=len(severities),
                waived=len(findings) - len(severities),
                level=level,
                level_rank=LEVEL_RANK[level],
                areas=progress_to_stored(area_progress(findings)),
            )
        )
    StoredFinding.objects.bulk_create(rows, batch_size=1000)
    FindingSummary.objects.bulk_create(summaries, batch_size=1000)
    for model, build in DERIVED:
        model.objects.bulk_create(build(batch), batch_size=1000)
    _store_deadlines(batch)
    return rows


def _delete_deadlines(rows: QuerySet[StoredDeadline]) -> None:
    """Delete these stored deadlines and their owners' links in two statements.

    `delete()` would first load every row to cascade to the links (and send their ids back in a long
    list); the links are deleted here by the same conditions, and the rows, derived data with no
    history nor signal, by a raw delete."""
    StoredDeadline.owners.through.objects.filter(storeddeadline__in=rows.values("pk")).delete()
    rows._raw_delete(rows.db)


def _store_deadlines(batch: Batch) -> None:
    """Store the batch's deadlines as every app's source gives them (`core/deadlines.py`); an archived product
    keeps none. The batch's products come with their sponsor, as the sources expect."""
    deadlines = collect_deadlines(batch.products, batch.today, facts=batch)
    rows = StoredDeadline.objects.bulk_create(
        [
            StoredDeadline(
                product_id=deadline.product.pk,
                kind=deadline.kind,
                date=deadline.date,
                label=deadline.label[:500],
                url=deadline.url,
                key=deadline.key,
            )
            for deadline in deadlines
        ],
        batch_size=1000,
    )
    links = StoredDeadline.owners.through
    links.objects.bulk_create(
        [
            links(storeddeadline_id=row.pk, person_id=person.pk)
            for row, deadline in zip(rows, deadlines, strict=True)
            for person in {person.pk: person for person in deadline.owners}.values()
        ],
        batch_size=1000,
    )


# The full recompute evaluates the active products in slices of this many, each selected by a range of
# keys (a subquery in every fact's query, no list of ids), so that memory stays bounded at any size.
FULL_RECOMPUTE_SLICE = 1000


def refresh_all(today: datetime.date | None = None) -> int:
    """Recompute every product's findings (the daily job and after a rule changes). Returns the rows stored."""
    _pending().clear()
    today = today or timezone.localdate()
    with transaction.atomic():
        for model in (StoredFinding, FindingSummary, *(model for model, _build in DERIVED)):
            model.objects.all().delete()
        _delete_deadlines(StoredDeadline.objects.all())
        active = Product.objects.active()
        ids = list(active.order_by("pk").values_list("pk", flat=True))
        stored = 0
        for start in range(0, len(ids), FULL_RECOMPUTE_SLICE):
            chunk = active.filter(pk__gte=ids[start], pk__lte=ids[min(start + FULL_RECOMPUTE_SLICE, len(ids)) - 1])
            stored += len(_store(Batch(chunk.for_listing().order_by("pk"), today, scope=chunk.values("pk"))))
        if connection.vendor == "postgresql":
            # The tables were rewritten: let the planner know their new sizes at once.
            with connection.cursor() as cursor:
                tables = ["checks_storedfinding", "checks_findingsummary"]
                tables += [model._meta.db_table for model, _ in DERIVED]
                tables += [StoredDeadline._meta.db_table, StoredDeadline.owners.through._meta.db_table]
                cursor.execute(f"ANALYZE {', '.join(tables)}")
        return stored


def mark_stale(product_ids: Iterable[int]) -> None:
    """These products' facts changed: recompute their findings before the transaction commits (see above)."""
    ids = {pk for pk in product_ids if pk is not None}
    if not ids:
        return
    _pending().update(ids)
    if not transaction.get_connection().in_atomic_block:
        flush()
    elif not getattr(_state, "deferred", False):
        # Inside a transaction opened outside a request (a command, the shell): right after it commits.
        transaction.on_commit(flush)


def flush() -> None:
    """Recompute the products marked stale in this thread, if any."""
    pending = _pending()
    if pending:
        ids = set(pending)
        pending.clear()
        refresh(ids)


def _on_write(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures
    ids: set[int] = set()
    for products_of in WATCHED.get(sender, ()):
        ids.update(products_of(instance))
    mark_stale(ids)


def _on_m2m_change(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A many-to-many link of a watched row changed (say, the products a committee session reviews):
    the products it concerned before a removal and after an addition are stale."""
    if action not in {"pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"}:
        return
    ids: set[int] = set()
    rows = [instance]
    if reverse:  # `instance` is the other side; the watched rows are `model` with these keys
        rows = list(model.objects.filter(pk__in=pk_set)) if pk_set else []
        if isinstance(instance, Product):
            ids.add(instance.pk)
    elif model is Product and pk_set:
        ids.update(pk_set)
    for row in rows:
        for products_of in WATCHED.get(type(row), ()):
            ids.update(products_of(row))
    mark_stale(ids)


WATCHED: dict[type, list] = {}


def connect_signals() -> None:
    """Listen to writes of every model a registered fact reads (called once the rules are registered)."""
    WATCHED.clear()
    WATCHED.update(watched_models())
    # The product itself (its configuration, its name in messages, its archiving) feeds every rule.
    WATCHED.setdefault(Product, []).append(lambda product: {product.pk})
    for model in WATCHED:
        post_save.connect(_on_write, sender=model, dispatch_uid=f"findings-save-{model._meta.label}")
        pre_delete.connect(_on_write, sender=model, dispatch_uid=f"findings-delete-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=f"findings-m2m-{through._meta.label}")


class RefreshFindingsMiddleware:
    """Run each write request in a transaction and recompute the findings it made stale before committing."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.SAFE_METHODS:
            return self.get_response(request)
        _state.deferred = True
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if not transaction.get_rollback():  # a refused write (a 409) leaves nothing to recompute
                    flush()
        finally:
            _state.deferred = False
        return response


# --- Reading ---


def _rank(severity: str) -> int:
    return {Severity.BLOCKING: 0, Severity.WATCH: 1, Severity.INFO: 2}[severity]


def _as_finding(row: StoredFinding) -> Finding:
    registered = RULES.get(row.code)
    return Finding(
        code=row.code,
        severity=Severity(row.severity),
        message=row.message,
        remedy=row.remedy,
        guide_url=registered.guide_url if registered else "",
        owner_id=row.owner_id,
        waived_until=row.waived_until,
    )


def current_findings() -> QuerySet[StoredFinding]:
    """Stored findings of rules still registered, after recomputing what this thread left stale."""
    flush()
    return StoredFinding.objects.filter(code__in=list(RULES))


def findings_by_product(product_ids: Iterable[int]) -> dict[int, list[Finding]]:
    """The stored findings of these products, by product id, most severe first (one query)."""
    found: dict[int, list[Finding]] = defaultdict(list)
    rows = (
        current_findings().filter(product_id__in=list(product_ids)).order_by("product_id", "rank", "code", "position")
    )
    for row in rows:
        found[row.product_id].append(_as_finding(row))
    return found


def product_findings(product: Product) -> list[Finding]:
    if product.is_archived:
        return []
    return findings_by_product([product.pk]).get(product.pk, [])


def with_severity_counts(products: QuerySet[Product]) -> QuerySet[Product]:
    """Annotate each product with its number of findings per severity (`n_bloquant`, …) and in all (`n_findings`),
    read from the per-product summary (a join, no aggregation)."""
    flush()
    return products.annotate(
        n_bloquant=Coalesce("vigilance_summary__blocking", 0),
        n_a_surveiller=Coalesce("vigilance_summary__watch", 0),
        n_information=Coalesce("vigilance_summary__info", 0),
        n_findings=Coalesce("vigilance_summary__total", 0),
    )


SUMMARY_FIELDS = {Severity.BLOCKING: "blocking", Severity.WATCH: "watch", Severity.INFO: "info"}


def having_severity(products: QuerySet[Product], severity: str) -> QuerySet[Product]:
    """Only the products with at least one finding of this severity."""
    flush()
    return products.filter(**{f"vigilance_summary__{SUMMARY_FIELDS[Severity(severity)]}__gt": 0})


def severity_counts_of(product: Product) -> dict[str, int]:
    """The counts annotated by `with_severity_counts`, keyed by severity."""
    return {severity: getattr(product, f"n_{severity}") for severity in Severity.values}
