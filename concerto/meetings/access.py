"""Access helper for meetings: the coordinator sees every meeting of the council; an invited person (member
or actor) sees the meetings they are invited to; anyone else gets 404. The same rule holds for every body: a
COPIL, a plenary, a working group or the housing commission is seen by the coordinator and its invitees only
(the DPO and the observer see no meeting, as before)."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.meetings.models import Meeting, MeetingInvitation


def meetings_visible_to(reader) -> QuerySet:
    """Members invited to the whole meeting see it; an actor invited for one situation sees it while their access
    window is open."""
    meetings = Meeting.objects.filter(council=reader.council).select_related("cell")
    if reader.membership.role == Role.COORDINATOR:
        return meetings
    today = timezone.localdate()
    invited = MeetingInvitation.objects.filter(user=reader.user).filter(
        Q(item__isnull=True) | Q(access_until__gte=today)
    )
    return meetings.filter(pk__in=invited.values("meeting_id"))


def invited_to_whole_meeting(reader, meeting: Meeting) -> bool:
    return (
        reader.membership.role == Role.COORDINATOR
        or meeting.invitations.filter(user=reader.user, item__isnull=True).exists()
    )


def attended(reader, meeting: Meeting) -> bool:
    """Present at the meeting, or the substitute of someone who was: they receive the record of decisions."""
    from concerto.meetings.enums import AttendanceStatus

    present = (AttendanceStatus.PRESENT, AttendanceStatus.REPLACED)
    return meeting.attendances.filter(Q(user=reader.user, status__in=present) | Q(replaced_by=reader.user)).exists()


def meeting_for(reader, pk: int, *, manage: bool = False) -> Meeting:
    """`manage=True`: the coordinator only (404 for anyone else, so existence does not leak)."""
    meetings = meetings_visible_to(reader)
    if manage and reader.membership.role != Role.COORDINATOR:
        meetings = meetings.none()
    return get_object_or_404(meetings, pk=pk)
