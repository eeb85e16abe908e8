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

from django.db.models import Q

from concerto.housing.enums import WAITING
from concerto.housing.models import Application, Deposit, Occupancy, Place


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


def compute(council, start: date, end: date) -> Indicators:
    """Every indicator of the council over [start, end], in a constant number of queries."""
    result = Indicators(start, end)
    places = Place.objects.filter(council=council).prefetch_related("conventions", "unavailabilities", "occupancies")
    for place in places:
        result.places.append(
            place_days(
                place,
                start,
                end,
                list(place.conventions.all()),
                list(place.unavailabilities.all()),
                list(place.occupancies.all()),
            )
        )
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
