"""Directory exports: XLSX through the shared writer (core/xlsx.py: bold frozen header, real date cells, formulas
neutralised), CSV for Excel (UTF-8 with BOM, semicolons)."""

import csv
import io
from datetime import date

from django.utils import timezone

from concerto.core import xlsx

HEADERS = [
    "Structure",
    "Type",
    "Adresse",
    "Code postal",
    "Ville",
    "Téléphone",
    "Courriel",
    "Site internet",
    "Communes desservies",
    "Services proposés",
    "Contacts",
    "Membres du conseil",
    "Mise à jour",
]


def _rows(organisations) -> list[list]:
    rows = []
    for org in organisations:
        row = [
            org.name,
            org.get_type_display(),
            org.address,
            org.postal_code,
            org.city,
            org.phone,
            org.email,
            org.website,
            ", ".join(c.name for c in org.communes_served.all()),
            "; ".join(line.strip() for line in org.services.splitlines() if line.strip()),
            "; ".join(
                " — ".join(part for part in (c.name, c.role, c.phone, c.email) if part) for c in org.contacts.all()
            ),
            "; ".join(str(m.user) for m in org.members.all() if m.is_active),
            timezone.localtime(org.updated_at).date(),
        ]
        rows.append([xlsx.safe(value) for value in row])
    return rows


def directory_xlsx(organisations) -> bytes:
    content, _count = xlsx.workbook("Annuaire", HEADERS, _rows(organisations))
    return content


def directory_csv(organisations) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for row in _rows(organisations):
        writer.writerow([value.strftime("%d/%m/%Y") if isinstance(value, date) else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")
