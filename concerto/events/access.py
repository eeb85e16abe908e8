"""Access helpers of events and trainings: the ONLY way views load them (architecture invariant 2).

Who sees what:
- the coordinator manages everything of the council, and alone sees the registrants, the trainees (names,
  addresses), the questionnaire's results and the certificates (every certificate issued is logged);
- every other member of the council reads the events, the trainings and the counts (never a registrant's or a
  trainee's name);
- an object of another council: 404. The public pages (registration, cancellation, questionnaire) are opened by
  their token, not by a membership (public_views.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from concerto.accounts.enums import Role
from concerto.core.events import log_access
from concerto.events.enums import Attendance
from concerto.events.models import Event, Trainee, TrainingSession


def manages(request) -> bool:
    return request.membership is not None and request.membership.role == Role.COORDINATOR


def check_manager(request) -> None:
    if not manages(request):
        raise PermissionDenied


def events_for(request) -> QuerySet:
    return Event.objects.filter(council=request.council)


def event_for(request, pk: int, *, manage: bool = False) -> Event:
    if manage:
        check_manager(request)
    return get_object_or_404(events_for(request).select_related("topic", "council"), pk=pk)


def trainings_for(request) -> QuerySet:
    return TrainingSession.objects.filter(council=request.council)


def training_for(request, pk: int, *, manage: bool = False) -> TrainingSession:
    if manage:
        check_manager(request)
    return get_object_or_404(trainings_for(request), pk=pk)


def certificate_trainee(request, pk: int) -> Trainee:
    """The trainee whose certificate the coordinator downloads: of the council, marked present and not anonymised
    (else 404); the read of the name is logged."""
    check_manager(request)
    trainee = get_object_or_404(
        Trainee.objects.filter(session__council=request.council, anonymised_at__isnull=True).select_related(
            "session__council", "organisation"
        ),
        pk=pk,
    )
    if trainee.attendance != Attendance.PRESENT:
        raise Http404
    log_access(
        council=request.council, user=request.user, target=trainee, scope="certificate",
        source=request.path,
    )  # fmt: skip
    return trainee
