"""What the home page shows a member of the bodies: the next meetings of their bodies, the recent decisions of their
bodies to follow, the projects they pilot. Bounded queries (a few rows each)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from concerto.governance.models import BodyMeeting, BodyMember, Decision, ProjectGroup
from concerto.meetings.enums import MeetingStatus

LIMIT = 5
RECENT_DAYS = 120


def member_home(request) -> dict:
    today = timezone.localdate()
    seats = BodyMember.objects.filter(membership=request.membership).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    bodies = seats.values("body_id")
    next_meetings = (
        BodyMeeting.objects.filter(body__in=bodies, meeting__starts_at__gte=timezone.now())
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("body", "meeting")
        .order_by("meeting__starts_at")[:LIMIT]
    )
    decisions = (
        Decision.objects.filter(body_meeting__body__in=bodies, decided_on__gte=today - timedelta(days=RECENT_DAYS))
        .select_related("body_meeting__body", "project")
        .order_by("-decided_on", "-id")[:LIMIT]
    )
    piloted = ProjectGroup.objects.filter(council=request.council, pilot_membership=request.membership).order_by("name")
    return {
        "next_meetings": list(next_meetings),
        "decisions": list(decisions),
        "piloted": list(piloted[:LIMIT]),
    }


def meeting_section(reader, meeting) -> dict | None:
    """What the generic meeting page and its record show of a meeting held by a body (registered with
    `meetings.disclosure.register_meeting_section`, which lets only the meeting's invitees read it): the body, with a
    link to the body's meeting page when the reader may open it, and the decisions of the register adopted there."""
    from concerto.governance.access import bodies_for, governance_access

    body_meeting = BodyMeeting.objects.filter(meeting=meeting).select_related("body").first()
    if body_meeting is None:
        return None
    decisions = list(body_meeting.decisions.select_related("project").order_by("decided_on", "id"))
    opens = reader is not None and bodies_for(governance_access(reader)).filter(pk=body_meeting.body_id).exists()
    return {
        "template": "governance/meeting_section.html",
        "pdf_template": "governance/meeting_section_pdf.html",
        "body_meeting": body_meeting,
        "body": body_meeting.body,
        "decisions": decisions,
        "opens_body_meeting": opens,
    }
