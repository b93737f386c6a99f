from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from equipage.core.backups import create_backup


class Command(BaseCommand):
    help = "Écrit une archive datée de la base de données et des pièces justificatives (var/backups/)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(Path(settings.VAR_DIR) / "backups"))

    def handle(self, *args, **options):
        archive = create_backup(Path(options["dir"]))
        self.stdout.write(f"Sauvegarde écrite : {archive}")
