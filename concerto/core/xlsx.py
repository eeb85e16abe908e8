"""The lists' XLSX exports: a bold frozen header, real date cells, free text neutralised against spreadsheet
formulas, and the download response."""

import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MAX_ROWS = 50_000
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value):
    """Neutralises spreadsheet formulas in free text (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return safe(value)


def workbook(title: str, headers: list[str], rows) -> tuple[bytes, int]:
    """The workbook of `rows` (lists of values, at most MAX_ROWS) and its number of rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows:
        if count >= MAX_ROWS:
            break
        sheet.append([_cell(value) for value in row])
        count += 1
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(50, len(header) + 6))
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count


def response(content: bytes, name: str, council) -> HttpResponse:
    """The download of an export named `name`-<council>-<date>.xlsx."""
    result = HttpResponse(content, content_type=CONTENT_TYPE)
    filename = f"{name}-{council.code.lower()}-{timezone.localdate():%Y-%m-%d}.xlsx"
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
