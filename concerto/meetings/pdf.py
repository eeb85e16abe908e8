"""The record of decisions as a PDF (WeasyPrint), rendered for one reader (architecture invariant 10): each
recipient and each downloader gets only the items and the classes of information the disclosure policy opens to
them; the coordinator's archived copy (`ARCHIVE`) is complete. Always pseudonymised: codes, never a name."""

from django.template.loader import render_to_string
from django.utils import timezone

from concerto.meetings.access import invited_to_whole_meeting
from concerto.meetings.disclosure import ARCHIVE, items_for


def record_pdf(meeting, reader=ARCHIVE) -> bytes:
    from weasyprint import HTML

    whole = reader is ARCHIVE or invited_to_whole_meeting(reader, meeting)
    html = render_to_string(
        "meetings/record_pdf.html",
        {
            "meeting": meeting,
            "items": items_for(reader, meeting, record=True),
            # An actor invited for one item does not see who else attended.
            "attendances": meeting.attendances.select_related("user", "replaced_by") if whole else None,
            "archive": reader is ARCHIVE,
            "generated_at": timezone.now(),
        },
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
