from django.utils import timezone
from django_tasks import task

from concerto.meetings.enums import ItemKind, MeetingStatus
from concerto.meetings.models import AgendaItem, Meeting, WorkingNote
from concerto.meetings.services import reviews_due


@task()
def propose_reviews() -> int:
    """Puts the situations due for review (M+3, M+6) on the next planned session of their cell."""
    added = 0
    next_sessions = {}
    for meeting in Meeting.objects.filter(
        status=MeetingStatus.PLANNED, cell__isnull=False, starts_at__gt=timezone.now()
    ).order_by("starts_at"):
        next_sessions.setdefault(meeting.cell_id, meeting)
    for meeting in next_sessions.values():
        for situation in reviews_due(meeting):
            _item, created = AgendaItem.objects.get_or_create(
                meeting=meeting, situation=situation, defaults={"kind": ItemKind.REVIEW}
            )
            added += created
    return added


@task()
def destroy_working_notes() -> int:
    """Safety net: no working note survives a signed-off or cancelled meeting."""
    deleted, _ = WorkingNote.objects.exclude(item__meeting__status=MeetingStatus.PLANNED).delete()
    return deleted
