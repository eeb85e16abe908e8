"""The coordinator's export of the meetings (XLSX): dates, bodies, places and counts, never an item's content."""

from django.db.models import Count, Q

from concerto.core import xlsx
from concerto.meetings.enums import AttendanceStatus

HEADERS = ["Date", "Instance", "Cellule", "Lieu", "Statut", "Points à l'ordre du jour", "Présent·es"]


def meetings_xlsx(meetings) -> tuple[bytes, int]:
    meetings = meetings.annotate(
        items_count=Count("items", distinct=True),
        present_count=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT), distinct=True),
    )
    rows = (
        [
            meeting.starts_at,
            meeting.get_body_display(),
            meeting.cell.name if meeting.cell else "",
            meeting.place,
            meeting.get_status_display(),
            meeting.items_count,
            meeting.present_count,
        ]
        for meeting in meetings
    )
    return xlsx.workbook("Réunions", HEADERS, rows)
