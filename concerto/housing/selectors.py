"""Reads of the housing sub-group's desk (bureau du sous-groupe): what needs a decision or a letter."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from concerto.core.utils import add_months
from concerto.housing.enums import IncidentKind, PlaceStatus
from concerto.housing.models import RENEWAL_NOTICE_MONTHS, Convention, Deposit, OccupancyIncident, Place

ARREARS_MONTHS = 6


def conventions_to_renew(council, today: date | None = None):
    """Conventions whose renewal falls within the next three months (or is past and the convention still runs)."""
    today = today or timezone.localdate()
    return (
        Convention.objects.filter(place__council=council, renewal_on__lte=add_months(today, RENEWAL_NOTICE_MONTHS))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("place")
        .order_by("renewal_on", "id")
    )


def vacant_places(council, today: date | None = None) -> list[Place]:
    """Vacant places, longest vacancy first, each with `days_vacant`. A place without a running convention is not
    one to fill (e.g. a flat whose lease slid to its occupant has left the stock)."""
    today = today or timezone.localdate()
    running = Convention.objects.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    vacant = Place.objects.filter(council=council, status=PlaceStatus.VACANT, pk__in=running.values("place_id"))
    places = list(vacant.select_related("commune"))
    for place in places:
        place.days_vacant = (today - place.status_since).days
    return sorted(places, key=lambda p: (-p.days_vacant, p.pk))


def deposits_outstanding(council):
    """Deposits paid by the council and not yet returned although the occupant has left."""
    return (
        Deposit.objects.filter(
            occupancy__place__council=council, returned_on__isnull=True, occupancy__exit_on__isnull=False
        )
        .select_related("occupancy__place")
        .order_by("occupancy__exit_on", "id")
    )


def arrears_alerts(council, today: date | None = None):
    """Arrears incidents of the last six months on current occupancies."""
    today = today or timezone.localdate()
    return (
        OccupancyIncident.objects.filter(
            occupancy__place__council=council,
            kind=IncidentKind.ARREARS,
            occupancy__exit_on__isnull=True,
            occurred_on__gte=add_months(today, -ARREARS_MONTHS),
        )
        .select_related("occupancy__place", "occupancy__application")
        .order_by("-occurred_on", "-id")
    )


def letters(council):
    """The sub-group's official letters, latest first."""
    from concerto.housing.desk_models import OfficialLetter

    return OfficialLetter.objects.filter(council=council).order_by("-sent_on", "-id")


def prospects(council):
    """The prospected landlords and structures: those still in progress first, then the concluded, then the others."""
    from concerto.housing.desk_models import ProspectedLandlord

    return ProspectedLandlord.objects.filter(council=council).select_related("organisation")
