"""What the home page shows: the coordinator's follow-up board and each member's own agenda.
Every list is bounded (a few queries, whatever the size of the council)."""

from datetime import timedelta

from django.db.models import CharField, Count, Max, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from concerto.core.models import Event
from concerto.meetings.enums import MeetingStatus
from concerto.meetings.models import Meeting
from concerto.plans.enums import OPEN_STATUSES
from concerto.plans.models import Action
from concerto.situations.enums import AlertStatus, SituationStatus

INACTIVITY_DAYS = 60
REVIEW_HORIZON_DAYS = 14
LIMIT = 10


def coordinator_board(council) -> dict:
    now, today = timezone.now(), timezone.localdate()
    open_situations = council.situations.exclude(status=SituationStatus.CLOSED)
    last_event = (
        Event.objects.filter(target_type="situations.situation", target_id=Cast(OuterRef("pk"), CharField()))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    next_session = (
        Meeting.objects.filter(council=council, status=MeetingStatus.PLANNED, starts_at__gte=now)
        .annotate(item_count=Count("items"))
        .select_related("cell")
        .order_by("starts_at")
        .first()
    )
    return {
        "alerts_waiting": council.alerts.filter(status=AlertStatus.SUBMITTED).count(),
        "withdrawals": list(
            council.situations.filter(withdrawal_pending_since__isnull=False).order_by("withdrawal_pending_since")[
                :LIMIT
            ]
        ),
        "next_session": next_session,
        "overdue_by_partner": list(
            Action.objects.filter(council=council, status__in=OPEN_STATUSES, due_on__lt=today)
            .values("owner_organisation__name")
            .annotate(n=Count("id"))
            .order_by("-n", "owner_organisation__name")[:LIMIT]
        ),
        "inactive": list(
            open_situations.annotate(last_activity=Subquery(last_event))
            .filter(last_activity__lt=now - timedelta(days=INACTIVITY_DAYS))
            .order_by("last_activity")[:LIMIT]
        ),
        "due_for_review": list(
            open_situations.annotate(review=Max("agenda_items__next_review"))
            .filter(review__lte=today + timedelta(days=REVIEW_HORIZON_DAYS))
            .order_by("review")[:LIMIT]
        ),
        "unsigned": list(
            Meeting.objects.filter(council=council, status=MeetingStatus.PLANNED, starts_at__lt=now).order_by(
                "starts_at"
            )[:LIMIT]
        ),
    }


def member_board(request) -> dict:
    from concerto.meetings.access import meetings_visible_to
    from concerto.plans.access import my_actions
    from concerto.situations.access import active_participations

    now = timezone.now()
    return {
        "next_meetings": list(
            meetings_visible_to(request)
            .filter(status=MeetingStatus.PLANNED, starts_at__gte=now)
            .order_by("starts_at")[:5]
        ),
        "open_actions": list(my_actions(request).filter(status__in=OPEN_STATUSES)[:LIMIT]),
        "my_participations": list(
            active_participations(request.user)
            .filter(situation__council=request.council)
            .select_related("situation")
            .order_by("-situation__opened_on")[:LIMIT]
        ),
    }
