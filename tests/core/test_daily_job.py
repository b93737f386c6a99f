import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from equipage.checks.models import StoredFinding
from equipage.core import jobs
from equipage.core.models import JobRun
from tests.factories import ProductFactory

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def registry(monkeypatch):
    """A registry of test tasks instead of the apps' ones, with a count of their runs."""
    monkeypatch.setattr(jobs, "JOBS", {})
    calls: list[str] = []

    def add(key, order, run=None):
        def default(today):
            calls.append(key)
            return f"{key} fait"

        jobs.register_daily_job(key, key.capitalize(), run or default, order=order)

    return add, calls


def test_every_app_task_is_registered_in_order_findings_first():
    keys = [job.key for job in jobs.daily_jobs()]
    assert keys[:2] == ["findings", "compliance"]
    assert "snapshots" in keys and keys.index("snapshots") > keys.index("findings")


def test_a_task_registered_twice_is_refused(registry):
    add, _ = registry
    add("a", 1)
    with pytest.raises(ValueError):
        add("a", 2)


@pytest.mark.django_db
def test_running_twice_the_same_day_runs_each_task_once(registry):
    add, calls = registry
    add("second", 20)
    add("first", 10)
    first = jobs.run_daily(DAY)
    again = jobs.run_daily(DAY)
    assert calls == ["first", "second"]
    assert [r.outcome for r in first] == ["ran", "ran"]
    assert [r.outcome for r in again] == ["done", "done"]
    assert "first fait" in again[0].report
    assert JobRun.objects.filter(day=DAY, status=JobRun.Status.DONE).count() == 2
    jobs.run_daily(DAY + datetime.timedelta(days=1))
    assert calls == ["first", "second", "first", "second"]


@pytest.mark.django_db
def test_a_second_instance_starting_while_a_task_runs_does_not_run_it_again(registry):
    add, calls = registry
    nested = []

    def slow(today):
        calls.append("slow")
        # Another instance starts `daily` while this task runs: it must neither run this task nor wait forever.
        nested.extend(jobs.run_daily(today, wait=datetime.timedelta(0)))
        return "lent"

    add("slow", 10, slow)
    add("after", 20)
    results = jobs.run_daily(DAY)
    assert calls == ["slow", "after"]
    # …nor the tasks after it, which may read what it writes: the first instance runs them, in order.
    assert [(r.key, r.outcome) for r in nested] == [("slow", "done"), ("after", "left")]
    assert [r.outcome for r in results] == ["ran", "ran"]


@pytest.mark.django_db
def test_a_failing_task_does_not_stop_the_others_and_is_tried_again_later_the_same_day(registry):
    add, calls = registry
    attempts = []

    def flaky(today):
        attempts.append(today)
        if len(attempts) == 1:
            raise RuntimeError("serveur de courriel injoignable")
        return "envoyé"

    add("flaky", 10, flaky)
    add("after", 20)
    results = jobs.run_daily(DAY)
    assert [r.outcome for r in results] == ["failed", "ran"]
    assert "serveur de courriel injoignable" in results[0].report
    assert JobRun.objects.get(key="flaky").status == JobRun.Status.FAILED
    again = jobs.run_daily(DAY)
    assert [r.outcome for r in again] == ["ran", "done"]
    run = JobRun.objects.get(key="flaky")
    assert (run.status, run.attempts, run.report) == (JobRun.Status.DONE, 2, "envoyé")
    assert calls == ["after"]


@pytest.mark.django_db
def test_a_task_left_running_by_a_dead_instance_is_taken_back_after_a_while(registry):
    add, calls = registry
    add("a", 10)
    JobRun.objects.create(key="a", day=DAY, status="running", started_at=timezone.now() - datetime.timedelta(hours=1))
    assert jobs.run_daily(DAY, wait=datetime.timedelta(0))[0].outcome == "done"
    assert calls == []
    JobRun.objects.filter(key="a").update(started_at=timezone.now() - jobs.STALE_AFTER - datetime.timedelta(minutes=1))
    assert jobs.run_daily(DAY)[0].outcome == "ran"
    assert calls == ["a"]


@pytest.mark.django_db
def test_the_command_reports_each_task_and_exits_non_zero_when_one_failed(registry, capsys):
    add, calls = registry

    def broken(today):
        raise ValueError("données illisibles")

    add("broken", 10, broken)
    add("fine", 20)
    with pytest.raises(CommandError, match="1 tâche en échec : broken"):
        call_command("daily", "--date", DAY.isoformat())
    captured = capsys.readouterr()
    assert "[fine] Fine : fine fait" in captured.out
    assert "ÉCHEC [broken]" in captured.err and "données illisibles" in captured.err
    assert calls == ["fine"]


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_task_or_date_in_french(registry):
    add, _ = registry
    add("a", 10)
    with pytest.raises(CommandError, match="Tâche inconnue : b"):
        call_command("daily", "--only", "b")
    with pytest.raises(CommandError, match="Date invalide"):
        call_command("daily", "--date", "02/03/2026")
    assert not JobRun.objects.exists()


@pytest.mark.django_db
def test_the_daily_command_recomputes_the_findings(capsys):
    product = ProductFactory()
    StoredFinding.objects.all().delete()
    call_command("daily", "--only", "findings")
    assert StoredFinding.objects.filter(product=product).exists()
    assert "[findings]" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_two_instances_at_the_same_time_run_each_task_once(registry):
    """Two instances in their own threads and connections, released together, on PostgreSQL.

    SQLite's test database is in memory with a shared cache, where a write beside another
    connection's read fails at once (« database table is locked ») instead of waiting: an instance
    would die with its task left « running », and the other wait for it. There the two instances
    run one after the other, which the claims must handle the same way."""
    add, calls = registry
    started = threading.Barrier(2)
    lock = threading.Lock()

    def counted(key):
        def run(today):
            with lock:
                calls.append(key)
            return key

        return run

    add("a", 10, counted("a"))
    add("b", 20, counted("b"))
    outcomes, errors = [], []

    def instance(together=True):
        try:
            if together:
                started.wait(timeout=30)
            # A bounded wait: were one instance to die before finishing, the other must not wait 3 hours.
            outcomes.append(jobs.run_daily(DAY, wait=datetime.timedelta(seconds=30)))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    if connection.vendor == "sqlite":
        instance(together=False)
        instance(together=False)
    else:
        threads = [threading.Thread(target=instance) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        assert not any(thread.is_alive() for thread in threads), "an instance is still running after 90 s"
    assert errors == []
    assert sorted(calls) == ["a", "b"]
    assert sorted(r.outcome for results in outcomes for r in results) == ["done", "done", "ran", "ran"]
