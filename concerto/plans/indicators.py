"""The actions' indicators of the Bilan page (issue 14), declared in core's registry by `declarations.py`."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from statistics import median

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone

from concerto.core.registry import Indicator
from concerto.plans.enums import OPEN_STATUSES, ActionStatus
from concerto.plans.models import Action

EXTERNAL_OWNERS = "Personnes sans compte (toutes structures)"


def _bounds(start, end):
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def _actions(council, cell):
    rows = Action.objects.filter(council=council)
    return rows.filter(situation__cell=cell) if cell is not None else rows


def _created(start, end) -> Q:
    since, until = _bounds(start, end)
    return Q(created_at__gte=since, created_at__lt=until)


def actions(council, start, end, cell=None) -> list[tuple[str, int]]:
    created = _created(start, end)
    counts = _actions(council, cell).aggregate(
        created=Count("id", filter=created),
        done=Count("id", filter=created & Q(status=ActionStatus.DONE)),
        dropped=Count("id", filter=created & Q(status=ActionStatus.DROPPED)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=min(end, timezone.localdate()))),
    )
    return [
        ("Créées pendant la période", counts["created"]),
        ("Dont faites", counts["done"]),
        ("Dont abandonnées", counts["dropped"]),
        ("En retard à la fin de la période", counts["overdue"]),
    ]


def actions_by_owner(council, start, end, cell=None) -> list[tuple[str, int]]:
    """The actions created during the period by owner organisation, those entrusted to a person without an account
    in one row whatever their organisation (a GP's practice names the GP); most actions first, then by name."""
    created = _actions(council, cell).filter(_created(start, end))
    member = ExpressionWrapper(Q(external_owner_index=""), output_field=BooleanField())
    counts = created.annotate(member=member).values_list("owner_organisation__name", "member").annotate(n=Count("id"))
    rows: dict[str, int] = {}
    for name, member_owner, n in counts:
        label = name if member_owner else EXTERNAL_OWNERS
        rows[label] = rows.get(label, 0) + n
    return sorted(rows.items(), key=lambda row: (-row[1], row[0]))


def done_delay(council, start, end, cell=None) -> list[tuple[str, float | int | None]]:
    """Days from an action's creation to the moment it was marked done, for the actions done during the period (one
    query; the median is taken over the values it returns)."""
    since, until = _bounds(start, end)
    done = _actions(council, cell).filter(status=ActionStatus.DONE, done_at__gte=since, done_at__lt=until)
    delays = [
        (timezone.localdate(done_at) - timezone.localdate(created_at)).days
        for created_at, done_at in done.values_list("created_at", "done_at")
    ]
    if not delays:
        return [("Médiane", None), ("Maximum", None)]
    return [("Médiane", round(median(delays), 1)), ("Maximum", max(delays))]


INDICATORS = [
    Indicator(
        "actions",
        "Actions",
        "Actions décidées pour les situations : créées pendant la période, parmi elles celles qui sont faites "
        "aujourd'hui et celles qui sont abandonnées aujourd'hui, et actions encore ouvertes (à faire, en cours) dont "
        "l'échéance était passée au dernier jour de la période (ou aujourd'hui si la période n'est pas finie).",
        "plans",
        40,
        actions,
        partition=False,
    ),
    Indicator(
        "actions_by_owner",
        "Actions créées par structure responsable",
        "Actions créées pendant la période, selon la structure responsable de l'action ; les actions confiées à une "
        "personne sans compte (un médecin traitant, un proche…) sont regroupées sur une seule ligne, quelle que soit "
        "leur structure.",
        "plans",
        41,
        actions_by_owner,
    ),
    Indicator(
        "done_delay",
        "Délai de réalisation des actions",
        "Nombre de jours entre la création de l'action et le moment où elle a été marquée faite, pour les actions "
        "marquées faites pendant la période (et toujours faites) : médiane et maximum.",
        "plans",
        42,
        done_delay,
        suppressible=False,
        unit="jours",
        partition=False,
        summable=False,
    ),
]
