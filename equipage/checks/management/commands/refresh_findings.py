import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from equipage.checks.store import refresh_all
from equipage.core import french


class Command(BaseCommand):
    help = (
        "Recalcule et enregistre les points de vigilance de tout le portefeuille. À lancer chaque jour "
        "(les règles dépendent de la date : fins d’affectation, échéances, ancienneté des mesures et "
        "des autodiagnostics) et après tout changement des règles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="jour de référence AAAA-MM-JJ (aujourd’hui par défaut)")

    def handle(self, *args, **options) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"Date invalide : « {options['date']} » (attendu AAAA-MM-JJ).") from error
        stored = refresh_all(today)
        recorded = french.agree("enregistré", plural=stored > 1)
        self.stdout.write(self.style.SUCCESS(f"{french.plural(stored, 'point')} de vigilance {recorded}."))
