"""The one daily entry point: ``python manage.py daily`` runs every app's daily task, once a day.

Each app registers its tasks in its own ``jobs.py`` (discovered when the apps are ready), ordered
by ``order`` (lower first; the findings are recomputed at 10, what reads them comes after):

    from equipage.core.jobs import daily_job

    @daily_job("snapshots", "Instantanés des produits", order=30)
    def take_snapshots(today: datetime.date) -> str:
        ...
        return "2 000 instantanés enregistrés."

A task is a function of the day it runs for, returning a short French report of what it did (or
``None``). It raises to fail: the other tasks still run, and the command exits non-zero.

Why a claim per task and day: cron may start the command on several application instances at
once. Before running a task, ``run_daily`` claims it for the day by inserting a ``JobRun`` row
(unique on task and day): the instance whose insert succeeds runs it, the others see it done or
wait for it to end (the next tasks may read what it writes), so each task runs once per day on
SQLite and PostgreSQL alike. A task that failed is claimed again by the next run the same day;
one left running longer than ``STALE_AFTER`` (its instance died) too. Within a task, what must
never be sent twice over days (a notice, a digest) keeps its own idempotency record.
"""

from __future__ import annotations

import datetime
import os
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

STALE_AFTER = datetime.timedelta(hours=3)
WAIT_POLL_SECONDS = 1.0


@dataclass(frozen=True)
class DailyJob:
    key: str
    label: str
    run: Callable[[datetime.date], str | None]
    order: int


@dataclass(frozen=True)
class JobResult:
    """What one task did on this run: ``ran`` (here), ``done`` (already, or running elsewhere), ``left`` (to the
    instance running an earlier task), ``failed``."""

    key: str
    label: str
    outcome: str
    report: str

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"


JOBS: dict[str, DailyJob] = {}


def daily_job(key: str, label: str, order: int = 100):
    """Register a function of the day as a daily task (see the module's docstring)."""

    def register(run: Callable[[datetime.date], str | None]):
        register_daily_job(key, label, run, order=order)
        return run

    return register


def register_daily_job(key: str, label: str, run: Callable[[datetime.date], str | None], order: int = 100) -> None:
    """Register a daily task without a decorator (a command's logic, a function of another module)."""
    if key in JOBS:
        raise ValueError(f"Daily job {key} is registered twice")
    JOBS[key] = DailyJob(key=key, label=label, run=run, order=order)


def daily_jobs() -> list[DailyJob]:
    return sorted(JOBS.values(), key=lambda job: (job.order, job.key))


def _instance() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def claim(key: str, day: datetime.date) -> bool:
    """Take the task ``key`` for ``day``: True for the one caller that may run it now.

    A new row wins on its insert; a failed or stale row is taken back by one conditional UPDATE,
    which only one of several concurrent callers can match."""
    from .models import JobRun

    now = timezone.now()
    try:
        with transaction.atomic():
            JobRun.objects.create(key=key, day=day, status=JobRun.Status.RUNNING, started_at=now, instance=_instance())
        return True
    except IntegrityError:
        pass
    taken = (
        JobRun.objects.filter(key=key, day=day)
        .filter(Q(status=JobRun.Status.FAILED) | Q(status=JobRun.Status.RUNNING, started_at__lt=now - STALE_AFTER))
        .update(
            status=JobRun.Status.RUNNING,
            started_at=now,
            finished_at=None,
            report="",
            instance=_instance(),
            attempts=F("attempts") + 1,
        )
    )
    return taken == 1


def _finish(key: str, day: datetime.date, status: str, report: str) -> None:
    from .models import JobRun

    JobRun.objects.filter(key=key, day=day).update(status=status, report=report, finished_at=timezone.now())


def _wait_for(key: str, day: datetime.date, wait: datetime.timedelta):
    """Wait while another instance runs the task (what follows may read what it writes); its row at the end."""
    from .models import JobRun

    deadline = time.monotonic() + wait.total_seconds()
    while True:
        run = JobRun.objects.filter(key=key, day=day).first()
        if run is None or run.status != JobRun.Status.RUNNING or time.monotonic() >= deadline:
            return run
        time.sleep(WAIT_POLL_SECONDS)


def run_daily(
    today: datetime.date | None = None,
    only: list[str] | None = None,
    wait: datetime.timedelta = STALE_AFTER,
) -> list[JobResult]:
    """Run every registered task (or those named in ``only``) for ``today``, each at most once a day."""
    from .models import JobRun

    today = today or timezone.localdate()
    results: list[JobResult] = []
    busy_elsewhere = None
    for job in daily_jobs():
        if only is not None and job.key not in only:
            continue
        if busy_elsewhere is not None:
            # An earlier task still runs elsewhere: that instance goes on with the next ones, in order.
            report = f"Laissée à l’instance qui exécute « {busy_elsewhere} »."
            results.append(JobResult(job.key, job.label, "left", report))
            continue
        if not claim(job.key, today):
            run = _wait_for(job.key, today, wait)
            if run is not None and run.status == JobRun.Status.RUNNING:
                outcome, report = "done", "En cours sur une autre instance."
                busy_elsewhere = job.label
            elif run is not None and run.status == JobRun.Status.FAILED:
                outcome, report = "failed", f"En échec sur une autre instance : {run.report}"
            else:
                outcome, report = "done", f"Déjà fait ce jour. {run.report if run else ''}".strip()
            results.append(JobResult(job.key, job.label, outcome, report))
            continue
        try:
            report = job.run(today) or "Fait."
        except Exception as error:  # one failing task must not stop the others
            detail = f"{type(error).__name__} : {error}"
            _finish(job.key, today, JobRun.Status.FAILED, detail + "\n" + traceback.format_exc(limit=5))
            results.append(JobResult(job.key, job.label, "failed", detail))
            continue
        _finish(job.key, today, JobRun.Status.DONE, report)
        results.append(JobResult(job.key, job.label, "ran", report))
    return results
