"""The council's actions as XLSX (the coordinator's export of the filtered list): real date cells, a bold frozen
header, free text neutralised against spreadsheet formulas."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

HEADERS = [
    "Situation",
    "Cellule",
    "Action",
    "Suite de l'action n°",
    "Structure responsable",
    "Personne responsable",
    "Échéance",
    "Statut",
    "En retard",
]
DUE_COLUMN = HEADERS.index("Échéance") + 1
MAX_ROWS = 50_000


def _safe(value):
    """Neutralises spreadsheet formulas in free text (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _row(action) -> list:
    return [
        _safe(value)
        for value in (
            action.situation.code,
            action.situation.cell.name if action.situation.cell else "",
            action.text,
            action.parent_id or "",
            action.owner_organisation.name,
            str(action.owner_user) if action.owner_user else "",
            action.due_on,
            action.get_status_display(),
            "Oui" if action.overdue else "Non",
        )
    ]


def actions_xlsx(actions) -> tuple[bytes, int]:
    """The workbook and its number of rows (`actions` annotated with `overdue`, see plans.access.with_overdue)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actions"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for action in actions[:MAX_ROWS]:
        sheet.append(_row(action))
        count += 1
    for index, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 50 if header == "Action" else max(14, len(header) + 4)
    for cell in sheet[get_column_letter(DUE_COLUMN)][1:]:
        cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
