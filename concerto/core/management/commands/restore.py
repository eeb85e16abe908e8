from django.core.management.base import BaseCommand, CommandError

from concerto.core.backups import restore, row_counts


class Command(BaseCommand):
    help = "Restaure une sauvegarde faite par `manage.py backup` et vérifie le nombre de lignes de chaque table."

    def add_arguments(self, parser):
        parser.add_argument("source", help="dossier de la sauvegarde (var/backups/<date>)")

    def handle(self, *args, source, **options):
        expected = restore(source)
        actual = row_counts()
        differences = {k: (v, actual.get(k)) for k, v in expected.items() if actual.get(k) != v}
        if differences:
            raise CommandError(f"Restauration incomplète : {differences}")
        self.stdout.write(f"Restauration vérifiée : {sum(expected.values())} lignes dans {len(expected)} tables.")
