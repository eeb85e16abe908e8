"""The governance's indicators of the Bilan page (issue 14), declared in core's registry by `declarations.py`: the
bodies' meetings held, the decisions of the register, the project groups by status at the end of the period.

`(council, start, end, cell=None)`, both ends of the period included; the bodies belong to the council, not to a
cell (`cell` is ignored, the definitions say so). Aggregate queries: their number does not grow with the data."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from concerto.core.registry import Indicator
from concerto.governance.enums import BodyKind, ProjectStatus
from concerto.governance.models import BodyMeeting, Decision, ProjectGroup, ProjectStatusChange
from concerto.meetings.enums import MeetingStatus

COUNCIL_WIDE = " Chiffre de l'ensemble du conseil : les instances ne dépendent d'aucune cellule."


def _after(day):
    """The first instant after `day` (local midnight of the next day)."""
    return datetime.combine(day + timedelta(days=1), time.min, timezone.get_current_timezone())


def meetings_by_body_kind(council, start, end, cell=None) -> list[tuple[str, int]]:
    """Meetings of the bodies held: signed off, or planned and already ended (cancelled excluded)."""
    held = Q(meeting__status=MeetingStatus.SIGNED_OFF) | Q(
        meeting__status=MeetingStatus.PLANNED, meeting__ends_at__lte=timezone.now()
    )
    counts = dict(
        BodyMeeting.objects.filter(body__council=council, meeting__starts_at__date__range=(start, end))
        .filter(held)
        .values_list("body__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(label, counts.get(kind, 0)) for kind, label in BodyKind.choices]


def decisions_adopted(council, start, end, cell=None) -> int:
    return Decision.objects.filter(council=council, decided_on__range=(start, end)).count()


def projects_by_status(council, start, end, cell=None) -> list[tuple[str, int]]:
    """The status each project group had at the end of the period: the last change of its history up to that day,
    else the status it left by its first later change, else (no history) its status today. Groups created after the
    period are left out."""
    after = _after(end)
    changes = ProjectStatusChange.objects.filter(project=OuterRef("pk"))
    last_before = changes.filter(changed_at__lt=after).order_by("-changed_at", "-id").values("to_status")[:1]
    first_after = changes.filter(changed_at__gte=after).order_by("changed_at", "id").values("from_status")[:1]
    status_then = Coalesce(Subquery(last_before), NullIf(Subquery(first_after), Value("")), F("status"))
    counts = dict(
        ProjectGroup.objects.filter(council=council, created_at__lt=after)
        .annotate(status_then=status_then)
        .values_list("status_then")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(label, counts.get(status, 0)) for status, label in ProjectStatus.choices]


INDICATORS = [
    Indicator(
        "governance_meetings",
        "Réunions des instances par type d'instance",
        "Réunions des instances de gouvernance (comité de pilotage, bureau, assemblée plénière, groupes de travail) "
        "tenues pendant la période : relevé signé, ou prévues et déjà terminées (réunions annulées exclues)."
        + COUNCIL_WIDE,
        "governance",
        60,
        meetings_by_body_kind,
        suppressible=False,
    ),
    Indicator(
        "governance_decisions",
        "Décisions adoptées",
        "Décisions inscrites au registre des instances dont la date est dans la période." + COUNCIL_WIDE,
        "governance",
        61,
        decisions_adopted,
        suppressible=False,
    ),
    Indicator(
        "governance_projects",
        "Groupes-projets par état à la fin de la période",
        "Groupes-projets créés avant la fin de la période, selon l'état qu'ils avaient le dernier jour de la période "
        "(d'après l'historique de leurs changements d'état)." + COUNCIL_WIDE,
        "governance",
        62,
        projects_by_status,
        suppressible=False,
    ),
]
