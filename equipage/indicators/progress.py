"""Where an indicator stands: progress from baseline to target, on track or not, stale or fresh.

Pure functions of an indicator's settings and its latest measurement, so that pages, the API, the
vigilance rule and the tests share one definition.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone

from .models import FREQUENCY_DAYS, GRACE_DAYS, VALUE_DECIMALS, Direction, Frequency, Indicator

# An indicator counts as on track while its progress lags the straight line to the target by less than this.
ON_TRACK_TOLERANCE = 0.10


class Status(models.TextChoices):
    REACHED = "atteinte", "Cible atteinte"
    ON_TRACK = "en_bonne_voie", "En bonne voie"
    OFF_TRACK = "en_retard", "En retard"
    UNKNOWN = "non_evaluable", "Non évaluable"


STATUS_BADGES = {
    Status.REACHED: "success",
    Status.ON_TRACK: "info",
    Status.OFF_TRACK: "warning",
    Status.UNKNOWN: "new",
}


def progress(baseline: Decimal | None, target: Decimal | None, value: Decimal | None, direction: str) -> float | None:
    """Share of the way from baseline to target covered by value: 0 at the baseline, 1 at the target.

    Below 0 when the value moved the wrong way, above 1 beyond the target. None when it cannot be told.
    """
    if baseline is None or target is None or value is None:
        return None
    if target == baseline:
        return 1.0 if is_reached(target, value, direction) else 0.0
    return float((Decimal(value) - Decimal(baseline)) / (Decimal(target) - Decimal(baseline)))


def is_reached(target: Decimal | None, value: Decimal | None, direction: str) -> bool:
    if target is None or value is None:
        return False
    return value >= target if direction == Direction.HIGHER else value <= target


def expected_progress(start: datetime.date, target_date: datetime.date, on: datetime.date) -> float:
    """Where a straight line from the baseline date to the target date stands on a day, between 0 and 1."""
    span = (target_date - start).days
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (on - start).days / span))


def baseline_start(indicator: Indicator) -> datetime.date:
    return indicator.baseline_date or timezone.localtime(indicator.created_at).date()


def status(
    indicator: Indicator, last_value: Decimal | None, last_date: datetime.date | None, today: datetime.date
) -> Status:
    if indicator.target is None or last_value is None or last_date is None:
        return Status.UNKNOWN
    if is_reached(indicator.target, last_value, indicator.direction):
        return Status.REACHED
    if indicator.target_date and today > indicator.target_date:
        return Status.OFF_TRACK
    share = progress(indicator.baseline, indicator.target, last_value, indicator.direction)
    if share is None:
        return Status.UNKNOWN
    if indicator.target_date is None:
        return Status.ON_TRACK if share >= 0 else Status.OFF_TRACK
    expected = expected_progress(baseline_start(indicator), indicator.target_date, last_date)
    return Status.ON_TRACK if share >= expected - ON_TRACK_TOLERANCE else Status.OFF_TRACK


def update_due(frequency: str, last_date: datetime.date) -> datetime.date:
    """The day after which an indicator last measured on last_date counts as stale.

    A measurement is dated at the start of its period: the next value can only exist once the
    following period is over, so it is due two periods after last_date, plus the grace period.
    """
    frequency = Frequency(frequency)
    return last_date + datetime.timedelta(days=2 * FREQUENCY_DAYS[frequency] + GRACE_DAYS[frequency])


def is_stale(indicator: Indicator, last_date: datetime.date | None, today: datetime.date) -> bool:
    """Not updated within its frequency plus a grace period; never measured counts from its creation."""
    if not indicator.is_active:
        return False
    reference = last_date or timezone.localtime(indicator.created_at).date()
    return today > update_due(indicator.frequency, reference)


@dataclass
class IndicatorState:
    indicator: Indicator
    last_value: Decimal | None
    last_date: datetime.date | None
    last_recorded_at: datetime.datetime | None
    progress: float | None
    status: Status
    stale: bool
    due: datetime.date | None

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def progress_percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)

    @property
    def progress_bar(self) -> int:
        """The progress clamped to 0–100, for a gauge."""
        return 0 if self.progress is None else max(0, min(100, round(self.progress * 100)))


def state_of(indicator: Indicator, today: datetime.date | None = None) -> IndicatorState:
    """The state of an indicator annotated by IndicatorQuerySet.with_last_measurement()."""
    today = today or timezone.localdate()
    last_value = getattr(indicator, "last_value", None)
    last_date = getattr(indicator, "last_date", None)
    if last_value is not None:  # some backends hand subquery decimals back as floats or integers
        last_value = Decimal(str(last_value)).quantize(Decimal(1).scaleb(-VALUE_DECIMALS))
    if isinstance(last_date, str):  # some backends hand subquery dates back as text
        last_date = datetime.date.fromisoformat(last_date)
    reference = last_date or timezone.localtime(indicator.created_at).date()
    return IndicatorState(
        indicator=indicator,
        last_value=last_value,
        last_date=last_date,
        last_recorded_at=getattr(indicator, "last_recorded_at", None),
        progress=progress(indicator.baseline, indicator.target, last_value, indicator.direction),
        status=status(indicator, last_value, last_date, today),
        stale=is_stale(indicator, last_date, today),
        due=update_due(indicator.frequency, reference) if indicator.is_active else None,
    )
