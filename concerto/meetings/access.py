"""Access helper for meetings: the coordinator sees every meeting of the council; an invited person (member
or actor) sees the meetings they are invited to; anyone else gets 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from concerto.accounts.enums import Role
from concerto.meetings.models import Meeting


def meetings_visible_to(request) -> QuerySet:
    meetings = Meeting.objects.filter(council=request.council).select_related("cell")
    if request.membership.role == Role.COORDINATOR:
        return meetings
    return meetings.filter(invitations__user=request.user).distinct()


def meeting_for(request, pk: int, *, manage: bool = False) -> Meeting:
    """`manage=True`: the coordinator only (404 for anyone else, so existence does not leak)."""
    meetings = meetings_visible_to(request)
    if manage and request.membership.role != Role.COORDINATOR:
        meetings = meetings.none()
    return get_object_or_404(meetings, pk=pk)
