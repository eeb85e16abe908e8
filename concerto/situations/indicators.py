"""The situations' indicators of the Bilan page (issue 14), declared in core's registry by `declarations.py`.

Every function takes `(council, start, end, cell=None)` (both ends of the period included) and runs aggregate queries:
their number does not grow with the caseload. Definitions are shown to the readers, next to each figure."""

from __future__ import annotations

from datetime import timedelta
from statistics import median

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils import timezone

from concerto.core.registry import Indicator
from concerto.directory.enums import OrganisationType
from concerto.situations.enums import AlertStatus, ClosureReason
from concerto.situations.models import Alert, Situation

UNKNOWN_REFERRER = "Structure hors annuaire"
ATTACH_MARGIN = timedelta(minutes=1)


def _received(council, start, end, cell):
    alerts = Alert.objects.filter(council=council, received_on__range=(start, end)).exclude(status=AlertStatus.DRAFT)
    return alerts.filter(cell=cell) if cell is not None else alerts


def _situations(council, cell):
    situations = Situation.objects.filter(council=council)
    return situations.filter(cell=cell) if cell is not None else situations


def alerts_received(council, start, end, cell=None) -> int:
    return _received(council, start, end, cell).count()


def alerts_by_referrer_type(council, start, end, cell=None) -> list[tuple[str, int]]:
    labels = dict(OrganisationType.choices)
    counts = _received(council, start, end, cell).values("referrer_organisation__type").annotate(n=Count("id"))
    rows = [(labels.get(row["referrer_organisation__type"]) or UNKNOWN_REFERRER, row["n"]) for row in counts]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


ATTACHED = "attached"
ACCEPTED_LABELS = {
    AlertStatus.ACCEPTED: "Acceptée, nouvelle situation",
    ATTACHED: "Acceptée, rattachée à une situation déjà ouverte",
}


def alerts_by_commune_code(council, start, end, cell=None) -> dict[str, int]:
    """Alerts received by the INSEE code of their commune (alerts without a commune are left out): the Bilan's map."""
    counts = (
        _received(council, start, end, cell)
        .filter(commune__isnull=False)
        .values_list("commune__insee_code")
        .annotate(n=Count("id"))
    )
    return dict(counts)


def alerts_by_outcome(council, start, end, cell=None) -> list[tuple[str, int]]:
    """An accepted alert is *attached* when its situation existed before the decision (a new situation is created a
    moment before its alert is marked accepted, in the same transaction)."""
    attached = Q(status=AlertStatus.ACCEPTED, situation__created_at__lt=F("decided_at") - ATTACH_MARGIN)
    rows = _received(council, start, end, cell).annotate(
        outcome=Case(When(attached, then=Value(ATTACHED)), default=F("status"), output_field=CharField())
    )
    counts = dict(rows.values_list("outcome").annotate(n=Count("id")))
    outcomes = [
        (ACCEPTED_LABELS.get(status, label), status)
        for status, label in AlertStatus.choices
        if status != AlertStatus.DRAFT
    ]
    outcomes.insert(2, (ACCEPTED_LABELS[ATTACHED], ATTACHED))
    return [(label, counts.get(status, 0)) for label, status in outcomes]


def qualification_delay(council, start, end, cell=None) -> list[tuple[str, int | None]]:
    """Days from reception to the qualification decision, for the alerts decided during the period (one query; the
    median is taken over the values that query returns)."""
    alerts = Alert.objects.filter(council=council, decided_at__isnull=False, received_on__isnull=False)
    if cell is not None:
        alerts = alerts.filter(cell=cell)
    delays = [
        (timezone.localdate(decided_at) - received_on).days
        for received_on, decided_at in alerts.values_list("received_on", "decided_at")
        if start <= timezone.localdate(decided_at) <= end
    ]
    if not delays:
        return [("Médiane", None), ("Maximum", None)]
    return [("Médiane", round(median(delays), 1)), ("Maximum", max(delays))]


def situations_active(council, start, end, cell=None) -> list[tuple[str, int]]:
    counts = _situations(council, cell).aggregate(
        at_start=Count("id", filter=Q(opened_on__lte=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))),
        at_end=Count("id", filter=Q(opened_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))),
    )
    return [("Au début de la période", counts["at_start"]), ("À la fin de la période", counts["at_end"])]


def situations_new(council, start, end, cell=None) -> int:
    return _situations(council, cell).filter(opened_on__range=(start, end)).count()


def situations_closed(council, start, end, cell=None) -> list[tuple[str, int]]:
    closed = _situations(council, cell).filter(closed_on__range=(start, end))
    counts = dict(closed.values_list("closure_reason").annotate(n=Count("id")))
    labels = dict(ClosureReason.choices)
    rows = [(labels.get(reason) or "Motif non renseigné", n) for reason, n in counts.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


INDICATORS = [
    Indicator(
        "alerts_received",
        "Alertes reçues",
        "Alertes transmises au conseil (brouillons exclus) dont la date de réception est dans la période.",
        "situations",
        10,
        alerts_received,
    ),
    Indicator(
        "alerts_by_referrer_type",
        "Alertes reçues par type de structure à l'origine",
        "Les alertes reçues, selon le type de la structure de l'annuaire qui les a transmises ; « Structure hors "
        "annuaire » quand la structure n'y figure pas.",
        "situations",
        11,
        alerts_by_referrer_type,
    ),
    Indicator(
        "alerts_by_outcome",
        "Alertes reçues par issue de la qualification",
        "Les alertes reçues, selon leur statut aujourd'hui : à qualifier, acceptée (une nouvelle situation est "
        "ouverte, ou l'alerte est rattachée à une situation déjà ouverte), réorientée, non recevable.",
        "situations",
        12,
        alerts_by_outcome,
    ),
    Indicator(
        "qualification_delay",
        "Délai entre la réception et la qualification",
        "Nombre de jours entre la réception de l'alerte et la décision de qualification, pour les alertes "
        "qualifiées pendant la période : médiane et maximum.",
        "situations",
        13,
        qualification_delay,
        suppressible=False,
        unit="jours",
        partition=False,
        summable=False,
    ),
    Indicator(
        "situations_active",
        "Situations suivies",
        "Situations ouvertes et non clôturées au premier jour de la période, puis au dernier jour de la période.",
        "situations",
        20,
        situations_active,
        partition=False,
    ),
    Indicator(
        "situations_new",
        "Nouvelles situations",
        "Situations ouvertes pendant la période.",
        "situations",
        21,
        situations_new,
    ),
    Indicator(
        "situations_closed",
        "Situations clôturées par motif",
        "Situations clôturées pendant la période, selon le motif de clôture retenu.",
        "situations",
        22,
        situations_closed,
    ),
]
