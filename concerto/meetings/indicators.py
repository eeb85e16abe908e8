"""The meetings' indicators of the Bilan page (issue 14), declared in core's registry by `declarations.py`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from concerto.core.registry import Indicator
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import Meeting

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        following = month.month % 12 + 1
        month = month.replace(year=month.year + (following == 1), month=following)
    return months


def sessions_per_month(council, start, end, cell=None) -> list[tuple[str, int]]:
    """Cell sessions held: signed off, or planned and already ended (not cancelled), by month of their start."""
    sessions = Meeting.objects.filter(council=council, body=Body.CELL).filter(
        Q(status=MeetingStatus.SIGNED_OFF) | Q(status=MeetingStatus.PLANNED, ends_at__lte=timezone.now())
    )
    if cell is not None:
        sessions = sessions.filter(cell=cell)
    sessions = sessions.filter(starts_at__date__range=(start, end))
    counts = {
        (row["month"].date() if hasattr(row["month"], "date") else row["month"]): row["n"]
        for row in sessions.annotate(month=TruncMonth("starts_at")).values("month").annotate(n=Count("id"))
    }
    return [(f"{MONTHS[m.month - 1]} {m.year}", counts.get(m, 0)) for m in _months(start, end)]


INDICATORS = [
    Indicator(
        "sessions_per_month",
        "Séances de cellule tenues par mois",
        "Séances de cellule de concertation dont le relevé de décisions est signé, ou prévues et déjà terminées "
        "(séances annulées exclues), selon le mois de leur début.",
        "meetings",
        30,
        sessions_per_month,
    ),
]
