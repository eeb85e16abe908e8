"""The situations' indicators of the Bilan page (issue 14), declared in core's registry by `declarations.py`
(`INDICATORS`, with the breakdowns by commune, problem, age band… of `indicators_people.py`).

Every function takes `(council, start, end, cell=None)` (both ends of the period included) and runs aggregate queries:
their number does not grow with the caseload. Definitions are shown to the readers, next to each figure.

The cell sessions are read through the situation's agenda items (`Situation.agenda_items`, the meetings app's
`AgendaItem.situation`, and its `meeting`) by string lookups: the meetings app lies above this one. A session
*discussed* a situation when it has an item about it, was not cancelled, and has started."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Case, CharField, Count, F, Min, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from concerto.core.models import Event
from concerto.core.registry import Indicator
from concerto.directory.enums import OrganisationType
from concerto.situations.enums import AlertStatus, ClosureReason, PersonMode
from concerto.situations.indicators_people import PEOPLE_INDICATORS
from concerto.situations.indicators_people import council_situations as _situations
from concerto.situations.indicators_people import received as _received
from concerto.situations.models import Alert

UNKNOWN_REFERRER = "Structure hors annuaire"
ATTACH_MARGIN = timedelta(minutes=1)
CANCELLED = "cancelled"  # meetings.enums.MeetingStatus.CANCELLED (the meetings app lies above this one)
REVIEW = "review"  # meetings.enums.ItemKind.REVIEW


def _instants(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as local instants: from the first day's midnight, up to (excluded) the midnight after the last."""
    first = timezone.make_aware(datetime.combine(start, time.min))
    return first, timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))


def _discussed(start: date, end: date, **item) -> Q:
    """A situation discussed in a session of the period: an agenda item (with the `item` lookups) on a meeting that
    started in the period, before now, and was not cancelled. Used as an aggregate's filter, on one joined item."""
    first, after = _instants(start, end)
    return Q(
        agenda_items__meeting__starts_at__gte=first,
        agenda_items__meeting__starts_at__lt=after,
        agenda_items__meeting__starts_at__lte=timezone.now(),
        **{f"agenda_items__{lookup}": value for lookup, value in item.items()},
    ) & ~Q(agenda_items__meeting__status=CANCELLED)


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


def _first_session_delays(council, start, end, cell) -> list[int]:
    """Days from a situation's first alert (the earliest reception day of its alerts) to the first session that
    discussed it, for the situations whose first session took place in the period (one query; the median is taken
    over the values it returns). A situation discussed before any alert reached the council is left out."""
    not_cancelled = ~Q(agenda_items__meeting__status=CANCELLED)
    situations = (
        _situations(council, cell)
        .annotate(
            first_session=Min("agenda_items__meeting__starts_at", filter=not_cancelled),
            first_alert=Min("alerts__received_on", filter=~Q(alerts__status=AlertStatus.DRAFT)),
        )
        .filter(first_alert__isnull=False)
    )
    first, after = _instants(start, end)
    situations = situations.filter(first_session__gte=first, first_session__lt=after).filter(
        first_session__lte=timezone.now()
    )
    delays = [
        (timezone.localdate(session) - alert).days
        for alert, session in situations.values_list("first_alert", "first_session")
    ]
    return [delay for delay in delays if delay >= 0]


def first_session_delay(council, start, end, cell=None) -> list[tuple[str, int | float | None]]:
    delays = _first_session_delays(council, start, end, cell)
    if not delays:
        return [("Médiane", None), ("Maximum", None)]
    return [("Médiane", round(float(median(delays)), 1)), ("Maximum", max(delays))]


def first_session_within_target(council, start, end, cell=None) -> list[tuple[str, float | None]]:
    """The share (percent, one decimal) of those delays within the council's target."""
    target = council.first_session_target_days
    delays = _first_session_delays(council, start, end, cell)
    share = round(100 * sum(1 for delay in delays if delay <= target) / len(delays), 1) if delays else None
    return [(f"Dans l'objectif du conseil ({target} jours)", share)]


def situations_reviewed(council, start, end, cell=None) -> int:
    """Situations with a « point d'étape » item (a review, `AgendaItem.kind`) in a session of the period."""
    reviewed = _discussed(start, end, kind=REVIEW)
    return _situations(council, cell).aggregate(n=Count("id", distinct=True, filter=reviewed))["n"]


def situations_reopened(council, start, end, cell=None) -> int:
    """Situations reopened during the period: the « situation_reopened » events recorded then (a situation reopened
    twice counts once)."""
    first, after = _instants(start, end)
    events = Event.objects.filter(
        council=council,
        verb="situation_reopened",
        target_type="situations.situation",
        created_at__gte=first,
        created_at__lt=after,
    )
    if cell is not None:
        keys = _situations(council, cell).annotate(key=Cast("pk", CharField())).values("key")
        events = events.filter(target_id__in=keys)
    return events.values("target_id").distinct().count()


def situations_under_watch(council, start, end, cell=None) -> int:
    return _situations(council, cell).filter(closed_on__lte=end, watch_until__gte=end).count()


def situations_anonymous_discussed(council, start, end, cell=None) -> int:
    anonymous = _situations(council, cell).filter(person_mode=PersonMode.ANONYMOUS)
    return anonymous.aggregate(n=Count("id", distinct=True, filter=_discussed(start, end)))["n"]


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
    Indicator(
        "first_session_delay",
        "Délai entre l'alerte et la première séance",
        "Nombre de jours entre la réception de la première alerte d'une situation et la première séance de la "
        "cellule qui l'a examinée (séances annulées exclues), pour les situations dont cette première séance a eu "
        "lieu pendant la période : médiane et maximum.",
        "situations",
        19,
        first_session_delay,
        suppressible=False,
        unit="jours",
        partition=False,
        summable=False,
    ),
    Indicator(
        "first_session_within_target",
        "Alertes examinées en séance dans l'objectif du conseil",
        "Part des situations dont la première séance a eu lieu pendant la période et au plus tard le nombre de jours "
        "que le conseil s'est fixé comme objectif après la réception de la première alerte (30 jours par défaut, "
        "réglable dans les paramètres du conseil ; l'objectif retenu est rappelé sur la ligne).",
        "situations",
        19,
        first_session_within_target,
        suppressible=False,
        unit="%",
        partition=False,
        summable=False,
    ),
    Indicator(
        "situations_reviewed",
        "Situations revues en séance",
        "Situations inscrites pour un point d'étape à l'ordre du jour d'une séance de la cellule tenue pendant la "
        "période (séances annulées exclues) ; une situation revue plusieurs fois compte une fois.",
        "situations",
        23,
        situations_reviewed,
    ),
    Indicator(
        "situations_reopened",
        "Situations rouvertes",
        "Situations clôturées puis rouvertes pendant la période (date de la réouverture dans le journal) ; une "
        "situation rouverte plusieurs fois compte une fois.",
        "situations",
        24,
        situations_reopened,
    ),
    Indicator(
        "situations_under_watch",
        "Situations en veille à la fin de la période",
        "Situations clôturées au plus tard le dernier jour de la période avec une veille qui court encore ce "
        "jour-là (date de fin de veille postérieure ou égale).",
        "situations",
        25,
        situations_under_watch,
    ),
    Indicator(
        "situations_anonymous_discussed",
        "Situations examinées de façon anonyme",
        "Situations en mode anonyme aujourd'hui (la personne n'est désignée ni par son nom ni par ses initiales) "
        "examinées au moins une fois en séance de la cellule pendant la période (séances annulées exclues).",
        "situations",
        26,
        situations_anonymous_discussed,
    ),
    *PEOPLE_INDICATORS,
]
