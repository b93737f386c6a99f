import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from equipage.checks.models import StoredFinding
from equipage.checks.store import refresh_all
from equipage.core.jobs import run_daily
from equipage.registry.models import Product
from equipage.trends.models import PortfolioDay, ProductSnapshot
from equipage.trends.snapshots import (
    State,
    change,
    encode_codes,
    previous_states,
    prune,
    retention_start,
    take_snapshots,
    write_day,
)
from tests.factories import ProductFactory

DAY = datetime.date(2026, 3, 2)
pytestmark = pytest.mark.django_db


def state(*codes, rank=1, blocking=0):
    return State(level_rank=rank, blocking=blocking, watch=len(codes) - blocking, codes=frozenset(codes))


def test_rules_newly_failed_are_opened_and_rules_passed_again_closed():
    moved = change(state("A", "B", rank=2), state("B", "C", "D", rank=1))
    assert (moved.opened, moved.closed, moved.level_delta) == (2, 1, -1)


def test_a_products_first_snapshot_is_its_baseline_not_a_wave_of_new_findings():
    assert change(None, state("A", "B")) == change(state("A", "B"), state("A", "B"))


def test_codes_are_kept_compact_sorted_once_each_and_framed_to_match_whole_codes():
    assert encode_codes(["B", "A", "B"]) == " A B "
    assert encode_codes([]) == ""


def test_a_snapshot_holds_counts_level_and_codes_of_the_stored_findings():
    product = ProductFactory()
    refresh_all(DAY)
    codes = set(StoredFinding.objects.filter(product=product).values_list("code", flat=True))
    assert codes, "a bare product fails some rules"
    assert take_snapshots(DAY) == 1
    snapshot = ProductSnapshot.objects.get(product=product, day=DAY)
    assert snapshot.code_set == codes
    assert snapshot.blocking + snapshot.watch + snapshot.info == StoredFinding.objects.filter(product=product).count()
    assert PortfolioDay.objects.get(day=DAY).products == 1


def test_a_snapshot_keeps_the_products_directorate_phase_and_public_service_flag_of_its_day():
    product = ProductFactory(phase="construction", public_service=True)
    take_snapshots(DAY)
    Product.objects.filter(pk=product.pk).update(phase="acceleration", is_public_service=False)
    take_snapshots(DAY + datetime.timedelta(days=1))
    scopes = ProductSnapshot.objects.filter(product=product).values_list("sponsor_id", "phase", "is_public_service")
    assert list(scopes.order_by("day")) == [
        (product.sponsor_id, "construction", True),
        (product.sponsor_id, "acceleration", False),
    ]


def test_the_migration_gives_existing_snapshots_their_products_current_scope():
    backfill_scope = importlib.import_module("equipage.trends.migrations.0002_snapshot_scope").backfill_scope
    north, south = ProductFactory(phase="construction", public_service=True), ProductFactory(phase="acceleration")
    write_day(DAY, {north.pk: state("A"), south.pk: state()}, {})  # rows as they were before the migration
    assert set(ProductSnapshot.objects.values_list("sponsor_id", "phase")) == {(None, "")}
    backfill_scope(apps, SimpleNamespace(connection=connection))
    assert set(ProductSnapshot.objects.values_list("product_id", "sponsor_id", "phase", "is_public_service")) == {
        (north.pk, north.sponsor_id, "construction", True),
        (south.pk, south.sponsor_id, "acceleration", False),
    }


def test_archived_products_are_not_snapshotted():
    ProductFactory(archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert take_snapshots(DAY) == 0


def test_taking_the_same_days_snapshot_twice_replaces_it():
    a, b = ProductFactory(), ProductFactory()
    write_day(DAY, {a.pk: state("A"), b.pk: state()}, {})
    write_day(DAY, {a.pk: state("A", "B"), b.pk: state()}, {})
    assert ProductSnapshot.objects.filter(day=DAY).count() == 2
    assert ProductSnapshot.objects.get(product=a, day=DAY).codes == " A B "
    assert PortfolioDay.objects.filter(day=DAY).count() == 1


def test_the_day_compares_each_product_with_its_previous_snapshot_and_sums_the_portfolio():
    a, b = ProductFactory(), ProductFactory()
    write_day(DAY, {a.pk: state("A", rank=1), b.pk: state("B", rank=2)}, {})
    next_day = DAY + datetime.timedelta(days=3)  # days without a run in between
    write_day(next_day, {a.pk: state("A", "C", rank=2), b.pk: state(rank=1)}, previous_states(next_day))
    assert ProductSnapshot.objects.get(product=a, day=next_day).opened == 1
    assert ProductSnapshot.objects.get(product=b, day=next_day).closed == 1
    day = PortfolioDay.objects.get(day=next_day)
    assert (day.opened, day.closed, day.level_up, day.level_down) == (1, 1, 1, 1)
    assert day.levels == {"1": 1, "2": 1}


def test_the_snapshot_reads_a_fixed_number_of_queries_whatever_the_portfolio_size():
    ProductFactory()
    refresh_all(DAY)
    take_snapshots(DAY)
    with CaptureQueriesContext(connection) as one:
        take_snapshots(DAY + datetime.timedelta(days=1))
    for _ in range(5):
        ProductFactory()
    refresh_all(DAY)
    with CaptureQueriesContext(connection) as six:
        take_snapshots(DAY + datetime.timedelta(days=2))
    assert len(six) == len(one), [q["sql"][:80] for q in six.captured_queries]


def test_pruning_removes_only_what_is_older_than_three_years():
    product = ProductFactory()
    today = datetime.date(2026, 3, 2)
    oldest_kept = datetime.date(2023, 3, 2)
    for day in (oldest_kept - datetime.timedelta(days=1), oldest_kept, today):
        write_day(day, {product.pk: state("A")}, {})
    assert prune(today) == 1
    assert sorted(ProductSnapshot.objects.values_list("day", flat=True)) == [oldest_kept, today]
    assert sorted(PortfolioDay.objects.values_list("day", flat=True)) == [oldest_kept, today]
    assert prune(today) == 0


def test_retention_of_a_29th_of_february_starts_the_28th():
    assert retention_start(datetime.date(2028, 2, 29)) == datetime.date(2025, 2, 28)


def test_the_daily_job_snapshots_after_recomputing_the_findings():
    product = ProductFactory()
    StoredFinding.objects.all().delete()  # the daily job recomputes them before the snapshot
    results = {r.key: r for r in run_daily(DAY, only=["findings", "snapshots"])}
    assert results["snapshots"].outcome == "ran"
    assert "1 instantané enregistré" in results["snapshots"].report
    assert ProductSnapshot.objects.get(product=product, day=DAY).codes != ""
