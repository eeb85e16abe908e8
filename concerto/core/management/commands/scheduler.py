import time

from django.core.management.base import BaseCommand

from concerto.core.scheduling import enqueue_due


class Command(BaseCommand):
    help = (
        "Boucle qui met en file les tâches quotidiennes (utilisée par make demo ; en production, cron + run_scheduled)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=300, help="secondes entre deux passages")
        parser.add_argument("--iterations", type=int, default=0, help="nombre de passages (0 : sans fin)")

    def handle(self, *args, interval, iterations, **options):
        done = 0
        while True:
            jobs = enqueue_due()
            if jobs:
                self.stdout.write(f"en file : {', '.join(jobs)}")
            done += 1
            if iterations and done >= iterations:
                return
            time.sleep(interval)
