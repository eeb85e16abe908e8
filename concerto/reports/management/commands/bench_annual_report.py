"""Times the annual activity report of a council (issue 14: « in one click in under 10 s on the demo data»): the
content gathered once, then each document built from it. A benchmark, not a test: `make bench-report` runs it on a
throw-away copy of the demo. The processor time is printed too: on a machine shared with other jobs the wall-clock
time measures the neighbours as much as the report."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from concerto.councils.models import Council
from concerto.reports.annual import spreadsheet, word
from concerto.reports.annual.content import annual_content
from concerto.reports.annual.pdf import annual_pdf

DEMO_COUNCIL = "VAL"  # concerto/demo/data.py (reports may not import the demo app)
BUILDERS = (("pdf", annual_pdf), ("docx", word.annual_docx), ("xlsx", spreadsheet.annual_xlsx))


class Command(BaseCommand):
    help = "Mesure le temps de production du rapport annuel d'activité (PDF, DOCX, XLSX) d'un conseil."

    def add_arguments(self, parser):
        parser.add_argument(
            "--council", default=DEMO_COUNCIL, help="Code du conseil (par défaut : le conseil de démonstration)."
        )
        parser.add_argument("--year", type=int, default=None, help="Année du rapport (par défaut : l'année dernière).")

    def handle(self, *args, council: str, year: int | None, **options):
        found = Council.objects.filter(code=council).first()
        if found is None:
            raise CommandError(f"Aucun conseil de code {council!r} : chargez la démonstration (make demo-data).")
        year = year or timezone.localdate().year - 1
        total = total_cpu = 0.0
        for kind, build in BUILDERS:
            started, cpu = time.perf_counter(), time.process_time()
            document = build(annual_content(found, year))  # each click gathers the content again
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            total, total_cpu = total + seconds, total_cpu + cpu
            self.stdout.write(f"{kind:5} {seconds:6.2f} s  (processeur {cpu:6.2f} s, {len(document) // 1024} Kio)")
        self.stdout.write(f"total {total:6.2f} s  (processeur {total_cpu:6.2f} s) — conseil {found.code}, année {year}")
