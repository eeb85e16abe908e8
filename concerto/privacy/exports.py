"""The access log as an XLSX workbook (real date cells), for the DPO."""

from io import BytesIO

from django.utils import timezone

from concerto.privacy.selectors import AccessLogRow


def access_log_xlsx(rows: list[AccessLogRow]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Consultations"
    sheet.append(["Date", "Personne", "Nature", "Objet", "Page"])
    for row in rows:
        sheet.append(
            [timezone.localtime(row.created_at).replace(tzinfo=None), str(row.user or "—"), row.scope_label,
             row.target_label, row.source]
        )  # fmt: skip
    for cell in sheet["A"][1:]:
        cell.number_format = "DD/MM/YYYY HH:MM"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
