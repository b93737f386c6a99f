"""The digest e-mails and the header notifications, brought up to date by the daily job (`manage.py daily`)."""

from __future__ import annotations

import datetime

from equipage.core.jobs import daily_job

from .digest import send_digests


@daily_job("digests", "Résumés par courriel et notifications", order=50)
def digests(today: datetime.date) -> str:
    """After the findings (10) and the compliance reminders (20): each person's to-do list, e-mailed when due."""
    return str(send_digests(today))
