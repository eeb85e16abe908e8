from django.core.management.base import BaseCommand

from concerto.councils.models import Council
from concerto.privacy.retention import purge


class Command(BaseCommand):
    help = "Applique les durées de conservation (anonymisation, destruction). --dry-run : compte sans rien modifier."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run, **options):
        for council in Council.objects.order_by("code"):
            counts = purge(council, dry_run=dry_run)
            prefix = "(simulation) " if dry_run else ""
            self.stdout.write(f"{prefix}{council.code} : " + ", ".join(f"{k}={v}" for k, v in counts.items()))
