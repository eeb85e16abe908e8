"""The record of decisions as a PDF (WeasyPrint): pseudonymised — codes and initials, never a name."""

from django.template.loader import render_to_string
from django.utils import timezone


def record_pdf(meeting) -> bytes:
    from weasyprint import HTML

    items = meeting.items.select_related("situation", "who_tells__organisation").prefetch_related(
        "situation__actions__owner_organisation"
    )
    attendances = meeting.attendances.select_related("user", "replaced_by")
    html = render_to_string(
        "meetings/record_pdf.html",
        {"meeting": meeting, "items": items, "attendances": attendances, "generated_at": timezone.now()},
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
