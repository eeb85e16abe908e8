"""The indicators of the filière appartement against a count made by hand.

Period: 1 March → 31 December of last year (306 days whatever the year: no 29 February inside). Three places,
four occupancies, a period of works, three deposits."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.housing.enums import ApplicationStatus, ExitReason, NationalPlaceKind
from concerto.housing.indicators import INDICATORS, admissions, compute
from concerto.housing.models import Deposit, Unavailability
from concerto.housing.tests.factories import make_application, make_occupancy, make_place
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import Meeting
from concerto.reports import report
from concerto.reports.suppression import Suppressed

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


# --- the Bilan's figures (issue 14) ---------------------------------------------------------------------------------

Y = timezone.localdate().year - 1
START, END = date(Y, 3, 1), date(Y, 12, 31)


def at(day: date, hour: int = 14) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def session(council, day: date, status=MeetingStatus.SIGNED_OFF, body=Body.HOUSING) -> Meeting:
    return Meeting.objects.create(council=council, body=body, status=status, starts_at=at(day), ends_at=at(day, 16))


@pytest.fixture
def filiere():
    """The hand-counted filière above (places A sublet, B hostel, C sliding lease), with applications waiting or not
    on 31 December and the commission's sessions of the year."""
    council = CouncilFactory()
    landlord, team = OrganisationFactory(council=council), OrganisationFactory(council=council)
    a = make_place(council, landlord, label="A", starts_on=date(Y - 1, 1, 1))
    b = make_place(council, landlord, label="B", capacity=2, starts_on=date(Y, 4, 1), ends_on=date(Y, 11, 30),
                   kind=NationalPlaceKind.HOSTEL)  # fmt: skip
    c = make_place(council, landlord, label="C", starts_on=date(Y - 1, 1, 1), kind=NationalPlaceKind.FLAT_SLIDING)
    Unavailability.objects.create(place=c, starts_on=date(Y, 3, 1), ends_on=date(Y, 3, 31), reason="Travaux")
    admitted = ApplicationStatus.ADMITTED
    first = make_application(council, team, status=admitted, completed_on=date(Y - 1, 5, 1))
    second = make_application(council, team, status=admitted, completed_on=date(Y, 3, 15))
    third = make_application(council, team, status=admitted, completed_on=date(Y, 3, 1))
    make_occupancy(a, first, date(Y - 1, 6, 1), exit_on=date(Y, 5, 1), exit_reason=ExitReason.SLIDING_DONE)
    make_occupancy(a, second, date(Y, 6, 1))
    make_occupancy(b, third, date(Y, 4, 1), exit_on=date(Y, 9, 1), exit_reason=ExitReason.HOSPITAL)
    make_occupancy(c, third, date(Y, 10, 1), exit_on=date(Y, 12, 1), exit_reason=ExitReason.OWN_LEASE)
    # Waiting on 31 December: complete in November, waitlisted since February, admitted only on 1 January after.
    make_application(council, team, status=ApplicationStatus.COMPLETE, completed_on=date(Y, 11, 1))
    make_application(council, team, status=ApplicationStatus.WAITLISTED, completed_on=date(Y, 2, 1))
    late = make_application(council, team, status=admitted, completed_on=date(Y, 10, 1))
    make_occupancy(b, late, date(Y + 1, 1, 1))
    # Not waiting: refused in September, complete only after the period, withdrawn with no date recorded.
    make_application(council, team, status=ApplicationStatus.REFUSED, completed_on=date(Y, 6, 1),
                     closed_on=date(Y, 9, 1))  # fmt: skip
    make_application(council, team, status=ApplicationStatus.COMPLETE, completed_on=date(Y + 1, 1, 1))
    make_application(council, team, status=ApplicationStatus.WITHDRAWN, completed_on=date(Y, 4, 1))
    # Sessions: June signed, September held (planned, over); October cancelled, January before the period, a COPIL.
    session(council, date(Y, 6, 10))
    session(council, date(Y, 9, 10), status=MeetingStatus.PLANNED)
    session(council, date(Y, 10, 10), status=MeetingStatus.CANCELLED)
    session(council, date(Y, 1, 10))
    session(council, date(Y, 6, 20), body=Body.COPIL)
    return council


def rows_by_code(council, start=START, end=END) -> dict:
    built = report.build(council, start, end, exact=True)
    return {
        r.indicator.code: [(row.label, row.value) for row in r.rows]
        for r in built.results
        if r.indicator.app == "housing"
    }


def test_the_bilan_shows_the_hand_count(filiere):
    rows = rows_by_code(filiere)
    first_stay = (date(Y, 5, 1) - date(Y - 1, 6, 1)).days
    stays = sorted([first_stay, 153, 61])
    kinds = dict(NationalPlaceKind.choices)
    assert rows == {
        "housing_occupancy_rate": [("", round(100 * 489 / 1069, 1))],
        "housing_places": [
            (label, {"flat_sublet": 1, "flat_sliding": 1}.get(code, 0)) for code, label in kinds.items()
        ],
        "housing_people_housed": [("", 3)],
        "housing_admissions": [("", 3)],
        "housing_exits_by_reason": [
            (label, 1 if reason in {ExitReason.SLIDING_DONE, ExitReason.HOSPITAL, ExitReason.OWN_LEASE} else 0)
            for reason, label in ExitReason.choices
        ],
        "housing_length_of_stay": [("Moyenne", round(sum(stays) / 3, 1)), ("Médiane", float(stays[1]))],
        "housing_vacancy_days": [("", 1069 - 489)],
        "housing_waiting_list": [("", 3)],
        "housing_waiting_time": [("Moyenne", round((78 + 31 + 214) / 3, 1)), ("Médiane", 78.0)],
        "housing_commission_sessions": [("", 2)],
    }


def test_an_empty_period_has_no_rate_and_no_delay():
    rows = rows_by_code(CouncilFactory())
    assert rows["housing_occupancy_rate"] == [("", None)]
    assert rows["housing_length_of_stay"] == [("Moyenne", None), ("Médiane", None)]
    assert rows["housing_waiting_time"] == [("Moyenne", None), ("Médiane", None)]
    assert rows["housing_vacancy_days"] == [("", 0)]


def test_the_waiting_list_is_taken_on_the_last_day(filiere):
    """On 31 October the application complete in November is not counted yet, the one refused on 1 September is no
    longer counted; the late admission is still waiting."""
    assert rows_by_code(filiere, START, date(Y, 10, 31))["housing_waiting_list"] == [("", 2)]


def test_counts_of_people_are_suppressed_for_a_reader_outside_the_cell(filiere):
    built = report.build(filiere, START, END, exact=False)
    shown = {r.indicator.code: [row.value for row in r.rows] for r in built.results if r.indicator.app == "housing"}
    assert shown["housing_admissions"] == [Suppressed(5)]
    assert shown["housing_vacancy_days"] == [580]  # days are not people
    assert shown["housing_occupancy_rate"] == [45.7]


def _filiere_of(size: int):
    council = CouncilFactory()
    landlord, team = OrganisationFactory(council=council), OrganisationFactory(council=council)
    for n in range(size):
        place = make_place(council, landlord, label=f"P{n}", starts_on=date(Y - 1, 1, 1))
        application = make_application(
            council, team, status=ApplicationStatus.ADMITTED, completed_on=date(Y, 1, n % 28 + 1)
        )
        make_occupancy(place, application, date(Y, 3, n % 28 + 1), exit_on=date(Y, 6, 1), exit_reason=ExitReason.FAMILY)
        make_application(council, team, status=ApplicationStatus.COMPLETE, completed_on=date(Y, 2, 1))
        session(council, date(Y, 4, n % 28 + 1))
    return council


@pytest.mark.parametrize("size", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_filiere(size, django_assert_max_num_queries):
    council = _filiere_of(size)
    with django_assert_max_num_queries(17):
        for indicator in INDICATORS:
            indicator.compute(council, START, END, None)
    assert admissions(council, START, END) == size
