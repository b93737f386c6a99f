"""The compliance reminders, run by the daily job (`manage.py daily`)."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command

from equipage.core.jobs import daily_job


@daily_job("compliance", "Rappels de conformité", order=20)
def compliance_reminders(today: datetime.date) -> str:
    """The `compliance_due` command with its e-mails: due items in 30 days, the homologation ladder."""
    out = StringIO()
    call_command("compliance_due", "--days", "30", "--send-email", stdout=out, stderr=out)
    return out.getvalue().strip()
