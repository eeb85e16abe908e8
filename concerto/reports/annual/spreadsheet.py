"""The annual activity report as an XLSX: every indicator (`report.xlsx_rows` of the same suppressed report, the Bilan
export's layout), then the sessions of the cell, the bodies' meetings and the partners, one sheet each."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from concerto.core.xlsx import safe
from concerto.reports import report
from concerto.reports.annual.content import AnnualContent

HEADERS = ["Indicateur", "Détail", "Valeur", "Unité"]


def _sheet(book, title: str, headers: list[str], rows, *, first: bool = False) -> None:
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe(value) for value in row])
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 40 if index <= 2 else 16
    for cell in sheet["A"][1:]:
        if hasattr(cell.value, "year"):
            cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"


def annual_xlsx(content: AnnualContent) -> bytes:
    book = Workbook()
    _sheet(book, "Indicateurs", HEADERS, report.xlsx_rows(content.report), first=True)
    sessions = [[s.day, s.cell, s.situations if isinstance(s.situations, int) else str(s.situations)]
                for s in content.sessions]  # fmt: skip
    _sheet(book, "Séances de la cellule", ["Date", "Cellule", "Situations examinées"], sessions)
    _sheet(book, "Réunions des instances", ["Date", "Instance", "Intitulé"],
           [[m.day, m.body, m.title] for m in content.meetings])  # fmt: skip
    _sheet(book, "Partenaires", ["Structure", "Type", "Participation"],
           [[p.name, p.kind, p.roles] for p in content.partners])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
