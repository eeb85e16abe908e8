"""Indicators of the filière appartement over a period (both ends included), computed from the rows (feeding the
reports). Definitions:

- a place is *open* on a day when one of its conventions runs and it is not unavailable (works); it offers
  `capacity` place-days that day;
- a place-day is *occupied* when an occupancy covers it: from the entry day, the exit day excluded (a night
  count), and only on open days;
- occupancy rate = occupied place-days / open place-days; vacancy days of a place = its open place-days not
  occupied;
- waiting time = days from the application's completion to the entry, for the entries of the period;
- length of stay = days from entry to exit, for the exits of the period;
- people supported = distinct applications with an occupancy on at least one day of the period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from django.db.models import Count, Q
from django.utils import timezone

from concerto.core.registry import Indicator
from concerto.housing.enums import CLOSING, WAITING, ExitReason
from concerto.housing.models import Application, Deposit, Occupancy, Place, kind_choices
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import Meeting


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)] if end >= start else []


@dataclass
class PlaceDays:
    place: Place
    open_days: int = 0  # place-days (days × capacity)
    occupied_days: int = 0

    @property
    def vacancy_days(self) -> int:
        return self.open_days - self.occupied_days


@dataclass
class Indicators:
    start: date
    end: date
    places: list[PlaceDays] = field(default_factory=list)
    waiting_list: int = 0
    waiting_times: list[int] = field(default_factory=list)
    stays: list[int] = field(default_factory=list)
    exits_by_reason: dict[str, int] = field(default_factory=dict)
    deposits_paid: int = 0
    deposits_paid_amount: Decimal = Decimal(0)
    deposits_returned: int = 0
    deposits_returned_amount: Decimal = Decimal(0)
    people_supported: int = 0

    @property
    def open_days(self) -> int:
        return sum(p.open_days for p in self.places)

    @property
    def occupied_days(self) -> int:
        return sum(p.occupied_days for p in self.places)

    @property
    def occupancy_rate(self) -> float | None:
        return self.occupied_days / self.open_days if self.open_days else None

    @property
    def average_waiting_days(self) -> float | None:
        return sum(self.waiting_times) / len(self.waiting_times) if self.waiting_times else None

    @property
    def average_stay_days(self) -> float | None:
        return sum(self.stays) / len(self.stays) if self.stays else None


def place_days(place: Place, start: date, end: date, conventions, unavailabilities, occupancies) -> PlaceDays:
    row = PlaceDays(place)
    for day in _days(start, end):
        if not any(c.runs_on(day) for c in conventions):
            continue
        if any(u.starts_on <= day and (u.ends_on is None or day <= u.ends_on) for u in unavailabilities):
            continue
        row.open_days += place.capacity
        row.occupied_days += min(place.capacity, sum(1 for o in occupancies if o.occupied_on(day)))
    return row


def places_days(council, start: date, end: date) -> list[PlaceDays]:
    """The open and occupied place-days of each place of the council over [start, end] (four queries)."""
    places = Place.objects.filter(council=council).prefetch_related("conventions", "unavailabilities", "occupancies")
    return [
        place_days(
            place,
            start,
            end,
            list(place.conventions.all()),
            list(place.unavailabilities.all()),
            list(place.occupancies.all()),
        )
        for place in places
    ]


def compute(council, start: date, end: date) -> Indicators:
    """Every indicator of the council over [start, end], in a constant number of queries."""
    result = Indicators(start, end)
    result.places = places_days(council, start, end)
    occupancies = Occupancy.objects.filter(place__council=council).select_related("application")
    in_period = occupancies.filter(entry_on__lte=end).filter(Q(exit_on__isnull=True) | Q(exit_on__gt=start))
    result.people_supported = in_period.values("application_id").distinct().count()
    for occupancy in occupancies.filter(entry_on__range=(start, end), application__completed_on__isnull=False):
        result.waiting_times.append((occupancy.entry_on - occupancy.application.completed_on).days)
    exits = occupancies.filter(exit_on__range=(start, end))
    result.stays = [(o.exit_on - o.entry_on).days for o in exits]
    result.exits_by_reason = dict(Counter(o.exit_reason for o in exits))
    result.waiting_list = Application.objects.filter(council=council, status__in=WAITING).count()
    deposits = Deposit.objects.filter(occupancy__place__council=council)
    paid = list(deposits.filter(paid_on__range=(start, end)))
    returned = list(deposits.filter(returned_on__range=(start, end)))
    result.deposits_paid, result.deposits_paid_amount = len(paid), sum((d.amount for d in paid), Decimal(0))
    result.deposits_returned = len(returned)
    result.deposits_returned_amount = sum((d.returned_amount for d in returned), Decimal(0))
    return result


# --- the Bilan's figures (issue 14) --------------------------------------------------------------------------------
# `(council, start, end, cell=None)`: the filière appartement belongs to the council, not to a cell (`cell` is
# ignored and the definitions say so). A constant number of queries whatever the number of places and occupancies.

COUNCIL_WIDE = " Chiffre de l'ensemble du conseil : la filière appartement ne dépend d'aucune cellule."
NO_REASON = "Motif non renseigné"


def _days_summary(values: list[int]) -> list[tuple[str, float | None]]:
    if not values:
        return [("Moyenne", None), ("Médiane", None)]
    return [("Moyenne", round(sum(values) / len(values), 1)), ("Médiane", round(float(median(values)), 1))]


def occupancy_rate(council, start, end, cell=None) -> float | None:
    rows = places_days(council, start, end)
    opened = sum(r.open_days for r in rows)
    return round(100 * sum(r.occupied_days for r in rows) / opened, 1) if opened else None


def vacancy_days(council, start, end, cell=None) -> int:
    return sum(r.vacancy_days for r in places_days(council, start, end))


def places_by_kind(council, start, end, cell=None) -> list[tuple[str, int]]:
    """Places whose convention runs on the last day of the period, by kind (national kinds, then the council's)."""
    ends_after = Q(conventions__ends_on__isnull=True) | Q(conventions__ends_on__gte=end)
    running = Q(conventions__starts_on__lte=end) & ends_after
    counts = dict(
        Place.objects.filter(council=council)
        .filter(running)
        .values_list("kind")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    labels = kind_choices(council)
    rows = [(label, counts.pop(code, 0)) for code, label in labels]
    return rows + sorted(counts.items())  # a kind the council has since removed: its code


def _occupancies(council):
    return Occupancy.objects.filter(place__council=council)


def people_housed(council, start, end, cell=None) -> int:
    in_period = _occupancies(council).filter(entry_on__lte=end).filter(Q(exit_on__isnull=True) | Q(exit_on__gt=start))
    return in_period.values("application_id").distinct().count()


def admissions(council, start, end, cell=None) -> int:
    return _occupancies(council).filter(entry_on__range=(start, end)).count()


def exits_by_reason(council, start, end, cell=None) -> list[tuple[str, int]]:
    counts = dict(
        _occupancies(council)
        .filter(exit_on__range=(start, end))
        .values_list("exit_reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [(label, counts.pop(reason, 0)) for reason, label in ExitReason.choices]
    unknown = sum(counts.values())
    return rows + [(NO_REASON, unknown)] if unknown else rows


def length_of_stay(council, start, end, cell=None) -> list[tuple[str, float | None]]:
    exits = _occupancies(council).filter(exit_on__range=(start, end)).values_list("entry_on", "exit_on")
    return _days_summary([(exit_on - entry_on).days for entry_on, exit_on in exits])


def waiting_list(council, start, end, cell=None) -> int:
    """Applications complete on the last day of the period and still waiting then: not closed (refused, withdrawn,
    left) on or before that day, and not yet entered in a place."""
    entered = _occupancies(council).filter(entry_on__lte=end).values("application_id")
    closed = Q(closed_on__lte=end) | Q(status__in=CLOSING, closed_on__isnull=True)
    return (
        Application.objects.filter(council=council, completed_on__lte=end)
        .exclude(closed)
        .exclude(pk__in=entered)
        .count()
    )


def waiting_time(council, start, end, cell=None) -> list[tuple[str, float | None]]:
    entries = _occupancies(council).filter(entry_on__range=(start, end), application__completed_on__isnull=False)
    values = entries.values_list("application__completed_on", "entry_on")
    return _days_summary([(entry_on - completed_on).days for completed_on, entry_on in values])


def commission_sessions(council, start, end, cell=None) -> int:
    """Sessions of the Commission appartement held: signed off, or planned and already ended (cancelled excluded)."""
    held = Q(status=MeetingStatus.SIGNED_OFF) | Q(status=MeetingStatus.PLANNED, ends_at__lte=timezone.now())
    sessions = Meeting.objects.filter(council=council, body=Body.HOUSING, starts_at__date__range=(start, end))
    return sessions.filter(held).count()


INDICATORS = [
    Indicator(
        "housing_occupancy_rate",
        "Taux d'occupation des places",
        "Journées-places occupées rapportées aux journées-places ouvertes (jours où une convention court, hors "
        "travaux, multipliés par la capacité de la place) ; le jour de sortie n'est pas compté." + COUNCIL_WIDE,
        "housing",
        50,
        occupancy_rate,
        suppressible=False,
        unit="%",
        summable=False,
    ),
    Indicator(
        "housing_places",
        "Places de la filière appartement par type",
        "Places dont une convention court le dernier jour de la période, selon leur type." + COUNCIL_WIDE,
        "housing",
        51,
        places_by_kind,
        suppressible=False,
    ),
    Indicator(
        "housing_people_housed",
        "Personnes logées",
        "Demandes (une par personne) dont une occupation couvre au moins un jour de la période." + COUNCIL_WIDE,
        "housing",
        52,
        people_housed,
    ),
    Indicator(
        "housing_admissions",
        "Entrées dans une place",
        "Occupations commencées pendant la période (une personne qui change de place compte deux entrées)."
        + COUNCIL_WIDE,
        "housing",
        53,
        admissions,
    ),
    Indicator(
        "housing_exits_by_reason",
        "Sorties par motif",
        "Occupations terminées pendant la période, selon le motif de sortie." + COUNCIL_WIDE,
        "housing",
        54,
        exits_by_reason,
    ),
    Indicator(
        "housing_length_of_stay",
        "Durée des séjours terminés",
        "Nombre de jours entre l'entrée et la sortie, pour les occupations terminées pendant la période : moyenne "
        "et médiane." + COUNCIL_WIDE,
        "housing",
        55,
        length_of_stay,
        suppressible=False,
        unit="jours",
        partition=False,
        summable=False,
    ),
    Indicator(
        "housing_vacancy_days",
        "Journées de vacance",
        "Journées-places ouvertes pendant la période et non occupées." + COUNCIL_WIDE,
        "housing",
        56,
        vacancy_days,
        suppressible=False,
        unit="jours",
    ),
    Indicator(
        "housing_waiting_list",
        "Liste d'attente à la fin de la période",
        "Demandes complètes au dernier jour de la période qui attendaient encore ce jour-là : ni entrées dans une "
        "place, ni refusées, retirées ou closes." + COUNCIL_WIDE,
        "housing",
        57,
        waiting_list,
    ),
    Indicator(
        "housing_waiting_time",
        "Délai d'attente avant l'entrée",
        "Nombre de jours entre la date où la demande est complète et l'entrée dans une place, pour les entrées de "
        "la période : moyenne et médiane." + COUNCIL_WIDE,
        "housing",
        58,
        waiting_time,
        suppressible=False,
        unit="jours",
        partition=False,
        summable=False,
    ),
    Indicator(
        "housing_commission_sessions",
        "Séances de la Commission appartement",
        "Séances tenues pendant la période : relevé de décisions signé, ou prévues et déjà terminées (séances "
        "annulées exclues)." + COUNCIL_WIDE,
        "housing",
        59,
        commission_sessions,
        suppressible=False,
    ),
]
