"""The one daily entry point for cron or any scheduler (see `equipage/core/jobs.py`):

python manage.py daily
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from equipage.core import french
from equipage.core.jobs import daily_jobs, run_daily


class Command(BaseCommand):
    help = (
        "Lance les tâches quotidiennes de toutes les applications (points de vigilance, rappels de conformité, "
        "instantanés, campagnes, synthèses), chacune une fois par jour même sur plusieurs instances."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="jour de référence AAAA-MM-JJ (aujourd’hui par défaut)")
        parser.add_argument("--only", action="append", metavar="TÂCHE", help="ne lancer que cette tâche (répétable)")
        parser.add_argument("--list", action="store_true", help="lister les tâches enregistrées, dans leur ordre")

    def handle(self, *args, **options) -> None:
        jobs = daily_jobs()
        if options["list"]:
            for job in jobs:
                self.stdout.write(f"{job.order:>4}  {job.key} — {job.label}")
            return
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"Date invalide : « {options['date']} » (attendu AAAA-MM-JJ).") from error
        only = options["only"]
        if only:
            unknown = sorted(set(only) - {job.key for job in jobs})
            if unknown:
                known = ", ".join(job.key for job in jobs)
                raise CommandError(f"Tâche inconnue : {', '.join(unknown)} (tâches : {known}).")
        results = run_daily(today, only=only)
        for result in results:
            line = f"[{result.key}] {result.label} : {result.report}"
            if result.failed:
                self.stderr.write(self.style.ERROR(f"ÉCHEC {line}"))
            elif result.outcome == "done":
                self.stdout.write(line)
            else:
                self.stdout.write(self.style.SUCCESS(line))
        failed = [result.key for result in results if result.failed]
        if failed:
            raise CommandError(f"{french.plural(len(failed), 'tâche')} en échec : {', '.join(failed)}.")
