"""The home page of a member of the Commission appartement (role « membre de la Commission appartement »): the next
session they are invited to (date, venue, chair, link) and the applications on its agenda to read, and the six-monthly
reviews due. A few queries whatever the size of the council; references and place labels only, never an identity
(the application's page applies the disclosure policy)."""

from __future__ import annotations

from django.utils import timezone

from concerto.housing.commission import reviews_due, venue_of
from concerto.meetings.access import meetings_visible_to
from concerto.meetings.enums import Body, MeetingStatus, SubjectKind

LIMIT = 10


def _next_session(request):
    """The next planned session the reader is invited to (looked up once per request: both panels use it)."""
    if not hasattr(request, "_housing_next_session"):
        request._housing_next_session = (
            meetings_visible_to(request)
            .filter(body=Body.HOUSING, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now())
            .select_related("chair__user", "chair__organisation")
            .order_by("starts_at", "pk")
            .first()
        )
    return request._housing_next_session


def _agenda(session, kind: str):
    return session.items.filter(subject_kind=kind).order_by("position", "pk")


def next_commission_panel(request) -> dict:
    session = _next_session(request)
    if session is None:
        return {"session": None, "venue": None, "applications": [], "more": 0}
    items = _agenda(session, SubjectKind.APPLICATION).select_related("application")
    applications = [item.application for item in items[: LIMIT + 1]]
    return {
        "session": session,
        "venue": venue_of(session),
        "applications": applications[:LIMIT],
        "more": items.count() - LIMIT if len(applications) > LIMIT else 0,
    }


def reviews_panel(request) -> dict:
    session = _next_session(request)
    scheduled = []
    if session is not None:
        items = _agenda(session, SubjectKind.OCCUPANCY_REVIEW).select_related(
            "occupancy__place", "occupancy__application"
        )
        scheduled = [item.occupancy for item in items[:LIMIT]]
    return {"session": session, "scheduled": scheduled, "unscheduled": reviews_due(request.council).count()}
