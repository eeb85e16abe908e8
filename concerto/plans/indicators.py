"""The actions' indicators of the Bilan page (issue 14), declared in core's registry by `declarations.py`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from concerto.core.registry import Indicator
from concerto.plans.enums import OPEN_STATUSES, ActionStatus
from concerto.plans.models import Action


def _bounds(start, end):
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def actions(council, start, end, cell=None) -> list[tuple[str, int]]:
    rows = Action.objects.filter(council=council)
    if cell is not None:
        rows = rows.filter(situation__cell=cell)
    since, until = _bounds(start, end)
    created = Q(created_at__gte=since, created_at__lt=until)
    counts = rows.aggregate(
        created=Count("id", filter=created),
        done=Count("id", filter=created & Q(status=ActionStatus.DONE)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=min(end, timezone.localdate()))),
    )
    return [
        ("Créées pendant la période", counts["created"]),
        ("Dont faites", counts["done"]),
        ("En retard à la fin de la période", counts["overdue"]),
    ]


INDICATORS = [
    Indicator(
        "actions",
        "Actions",
        "Actions décidées pour les situations : créées pendant la période, parmi elles celles qui sont faites "
        "aujourd'hui, et actions encore ouvertes (à faire, en cours) dont l'échéance était passée au dernier jour "
        "de la période (ou aujourd'hui si la période n'est pas finie).",
        "plans",
        40,
        actions,
        partition=False,
    ),
]
