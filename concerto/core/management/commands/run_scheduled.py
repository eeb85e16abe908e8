from django.core.management.base import BaseCommand

from concerto.core.scheduling import enqueue_due


class Command(BaseCommand):
    help = "Met en file les tâches quotidiennes qui ne l'ont pas encore été aujourd'hui (à lancer par cron)."

    def handle(self, *args, **options):
        jobs = enqueue_due()
        self.stdout.write(", ".join(jobs) if jobs else "rien à mettre en file")
