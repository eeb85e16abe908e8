"""The demo Commission appartement: its shape (73 places, 47/10/4/12) and last year's occupancy indicators computed
by the code (`housing.indicators.compute`) against a hand count from the constants of `demo/housing.py`."""

import calendar
import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from concerto.councils.models import Council
from concerto.demo.housing import load_housing
from concerto.demo.services import load_demo
from concerto.housing import indicators, selectors
from concerto.housing.models import Application, Occupancy, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()  # about two seconds, inside the test's transaction
    return Council.objects.get(code="VAL")


def test_demo_places_and_kinds(demo):
    places = Place.objects.filter(council=demo)
    assert places.count() == 73
    assert Counter(places.values_list("kind", flat=True)) == {
        "flat_sublet": 35, "flat_sliding": 12,  # 47 flats: every fourth one in sliding lease (indices 0, 4, … 44)
        "hostel": 10, "transitional": 4, "residence": 12,
    }  # fmt: skip
    assert len(set(places.values_list("commune", flat=True))) == 3
    assert (
        len(set(places.values_list("landlord", flat=True))) == 7
    )  # 3 landlords of flats, Hirondelles, Colombier, Berges, Peupliers
    # 73 first occupants + 14 departures in L-1 + 12 turnovers and 1 works place in L + 2 refills this year = 102,
    # + 1 admission by the signed commission of two months ago (demo/housing_commission.py) = 103.
    assert Occupancy.objects.filter(place__council=demo).count() == 103
    # 73 - 3 places left vacant this year + the flat that commission filled.
    assert Occupancy.objects.filter(place__council=demo, exit_on__isnull=True).count() == 71


def test_demo_last_year_indicators_match_a_hand_count(demo):
    year = timezone.localdate().year - 1
    days = 366 if calendar.isleap(year) else 365
    figures = indicators.compute(demo, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    # Open place-days: 73 places × every day of the year, less the 45 days of works of one place.
    assert figures.open_days == 73 * days - 45  # 26 600 in a 365-day year
    # Vacancy: 12 turnovers × 30 days between an exit and the next entry; none around the works.
    assert figures.open_days - figures.occupied_days == 360
    assert figures.occupied_days == 73 * days - 45 - 360  # 26 240 in a 365-day year
    assert sum(1 for p in figures.places if p.vacancy_days == 30) == 12
    assert figures.occupancy_rate == pytest.approx((73 * days - 405) / (73 * days - 45))  # 98.6 %
    # People: the 73 present on 1 January, and the 12 + 1 who entered during the year.
    assert figures.people_supported == 86
    # Exits: the 12 turnovers and the works place, with the reasons of EXIT_REASONS_LAST_YEAR.
    assert figures.exits_by_reason == {
        "own_lease": 4, "sliding_done": 2, "hostel": 2, "family": 2, "hospital": 1, "other": 1, "death": 1,
    }  # fmt: skip
    # Waiting times of the 13 entries: 40 + 5·j for j = 0…11 (480 + 5 × 66 = 810), and 90 for the works place.
    assert len(figures.waiting_times) == 13 and sum(figures.waiting_times) == 900
    # Deposits (flats only): 9 turnover flats + the works flat = 10 entries × 450 €; 10 exits returned, 2 × 120 kept.
    assert (figures.deposits_paid, figures.deposits_paid_amount) == (10, Decimal("4500"))
    assert (figures.deposits_returned, figures.deposits_returned_amount) == (10, Decimal("4260"))
    # The waiting list: 5 complete, 2 waitlisted, 1 postponed (OTHER_APPLICATIONS), + the application the signed
    # commission postponed (demo/housing_commission.py): 9. Scheduling on the planned agenda keeps them waiting.
    assert figures.waiting_list == 9


def test_demo_desk_has_something_to_show(demo):
    assert selectors.conventions_to_renew(demo).count() == 4
    assert len(selectors.vacant_places(demo)) == 2  # 3 left vacant this year, one filled by the signed commission
    assert selectors.deposits_outstanding(demo).count() == 2
    assert selectors.arrears_alerts(demo).count() == 3
    assert selectors.letters(demo).count() == 3
    assert all(letter.document.read(5) == b"%PDF-" for letter in selectors.letters(demo))
    assert selectors.prospects(demo).count() == 4


def test_demo_housing_is_idempotent(demo):
    counts = (Place.objects.count(), Application.objects.count(), Occupancy.objects.count())
    load_housing(demo, {o.name: o for o in demo.organisations.all()})
    assert (Place.objects.count(), Application.objects.count(), Occupancy.objects.count()) == counts
