import subprocess
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from equipage.core.backups import restore_backup


class Command(BaseCommand):
    help = "Restaure une archive de `manage.py backup` dans une base vide."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Archive introuvable : {archive}")
        try:
            restore_backup(archive)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        except subprocess.CalledProcessError as error:
            raise CommandError(
                f"La restauration a échoué (la base est-elle vide ?) : {error.stderr.decode(errors='replace')[:500]}"
            ) from error
        self.stdout.write(f"Archive restaurée : {archive}")
