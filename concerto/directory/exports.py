"""Directory exports: XLSX with real date cells, CSV for Excel (UTF-8 with BOM, semicolons)."""

import csv
import io
from datetime import date

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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


def _safe(value):
    """Neutralises spreadsheet formulas in free text (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


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
        rows.append([_safe(value) for value in row])
    return rows


def directory_xlsx(organisations) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Annuaire"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(organisations):
        sheet.append(row)
    for index, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(50, len(header) + 6))
    for cell in sheet[get_column_letter(len(HEADERS))][1:]:
        cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def directory_csv(organisations) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for row in _rows(organisations):
        writer.writerow([value.strftime("%d/%m/%Y") if isinstance(value, date) else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")
