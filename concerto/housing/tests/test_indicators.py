"""The indicators of the filière appartement against a count made by hand.

Period: 1 March → 31 December of last year (306 days whatever the year: no 29 February inside). Three places,
four occupancies, a period of works, three deposits."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.housing.enums import ApplicationStatus, ExitReason
from concerto.housing.indicators import compute
from concerto.housing.models import Deposit, Unavailability
from concerto.housing.tests.factories import make_application, make_occupancy, make_place

pytestmark = pytest.mark.django_db


def test_indicators_match_the_hand_count():
    y = timezone.localdate().year - 1
    council = CouncilFactory()
    landlord, team = OrganisationFactory(council=council), OrganisationFactory(council=council)
    # A: one person, convention since the year before, open the whole period (306 place-days).
    a = make_place(council, landlord, label="A", starts_on=date(y - 1, 1, 1))
    # B: two people, convention 1 April → 30 November (244 days × 2 = 488 place-days).
    b = make_place(council, landlord, label="B", capacity=2, starts_on=date(y, 4, 1), ends_on=date(y, 11, 30))
    # C: one person, works in March (open 306 − 31 = 275 place-days).
    c = make_place(council, landlord, label="C", starts_on=date(y - 1, 1, 1))
    Unavailability.objects.create(place=c, starts_on=date(y, 3, 1), ends_on=date(y, 3, 31), reason="Travaux")
    first = make_application(council, team, status=ApplicationStatus.ADMITTED, completed_on=date(y - 1, 5, 1))
    second = make_application(council, team, status=ApplicationStatus.ADMITTED, completed_on=date(y, 3, 15))
    third = make_application(council, team, status=ApplicationStatus.ADMITTED, completed_on=date(y, 3, 1))
    make_application(council, team, status=ApplicationStatus.COMPLETE)
    make_application(council, team, status=ApplicationStatus.WAITLISTED)
    make_application(council, team, status=ApplicationStatus.REFUSED)
    # O1 in A: entered before the period, left 1 May (1 March → 30 April occupied: 31 + 30 = 61).
    o1 = make_occupancy(a, first, date(y - 1, 6, 1), exit_on=date(y, 5, 1), exit_reason=ExitReason.SLIDING_DONE)
    # O2 in A: from 1 June, still there (June → December: 30+31+31+30+31+30+31 = 214).
    o2 = make_occupancy(a, second, date(y, 6, 1))
    # O3 in B: 1 April → 1 September (April → August: 30+31+30+31+31 = 153), hospitalised.
    o3 = make_occupancy(b, third, date(y, 4, 1), exit_on=date(y, 9, 1), exit_reason=ExitReason.HOSPITAL)
    # O4 in C: the same person back, 1 October → 1 December (31 + 30 = 61).
    make_occupancy(c, third, date(y, 10, 1), exit_on=date(y, 12, 1), exit_reason=ExitReason.OWN_LEASE)
    Deposit.objects.create(occupancy=o1, amount=Decimal(350), paid_on=date(y - 1, 6, 1), returned_on=date(y, 5, 15))
    Deposit.objects.create(occupancy=o2, amount=Decimal(400), paid_on=date(y, 6, 1))
    Deposit.objects.create(occupancy=o3, amount=Decimal(300), paid_on=date(y, 4, 1), returned_on=date(y, 10, 1),
                           kept_amount=Decimal(50), kept_reason="Dégradations")  # fmt: skip

    result = compute(council, date(y, 3, 1), date(y, 12, 31))

    by_place = {row.place.label: (row.open_days, row.occupied_days, row.vacancy_days) for row in result.places}
    assert by_place == {"A": (306, 275, 31), "B": (488, 153, 335), "C": (275, 61, 214)}
    assert (result.open_days, result.occupied_days) == (1069, 489)
    assert result.occupancy_rate == pytest.approx(489 / 1069)
    # Entries of the period: O2 (15 March → 1 June: 78 days), O3 (1 March → 1 April: 31), O4 (1 March → 1 October).
    assert sorted(result.waiting_times) == [31, 78, 214]
    assert result.waiting_list == 2  # complete and waitlisted; the refused one is not waiting
    assert sorted(result.stays) == sorted([(date(y, 5, 1) - date(y - 1, 6, 1)).days, 153, 61])
    assert result.exits_by_reason == {ExitReason.SLIDING_DONE: 1, ExitReason.HOSPITAL: 1, ExitReason.OWN_LEASE: 1}
    assert (result.deposits_paid, result.deposits_paid_amount) == (2, Decimal(700))
    assert (result.deposits_returned, result.deposits_returned_amount) == (2, Decimal(600))  # 350 + (300 − 50)
    assert result.people_supported == 3
