from django.core.management.base import BaseCommand

from concerto.core.backups import backup


class Command(BaseCommand):
    help = "Sauvegarde la base et les fichiers déposés dans var/backups/<date> (voir docs/deployment.md)."

    def add_arguments(self, parser):
        parser.add_argument("--target", help="dossier des sauvegardes (défaut : var/backups)")

    def handle(self, *args, target=None, **options):
        self.stdout.write(str(backup(target)))
