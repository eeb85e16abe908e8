"""The council's life on the year of activity with known answers (concerto/reports/tests/year.py builds the cell's
year and nothing of this): the test adds a small housing filière, the bodies' meetings, decisions and project groups,
events and trainings, and a year of fees, then asserts their indicators on the Bilan (`report.build(..., exact=True)`).

The governance, events and fees objects are those of each app's own indicator test (their builders document the
answers, repeated below); the housing filière is built here for the whole year:

  place     kind      capacity  convention          open place-days
  P1        sublet    1         since Y-1           the days of Y (365 or 366)
  P2        hostel    2         from 01/07          184 × 2 = 368
  occupancy place  completed   entry        exit (reason)       occupied in Y
  O1        P1     01/11/Y-1   01/12/Y-1    01/04/Y (family)    1 January → 31 March (90 or 91)
  O2        P2     01/05/Y     01/07/Y      —                   184
  O3        P2     11/06/Y     01/08/Y      01/11/Y (death)     92
  Entries in Y: O2 (61 days of waiting), O3 (51) → average and median 56.0. Stays ended in Y: O1 (121 or 122),
  O3 (92). On 31 December: a complete application (October) and a waitlisted one (September) wait; one refused in
  May does not. Commission sessions: March and September held (signed), June cancelled → 2."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from concerto.directory.enums import OrganisationType
from concerto.events.enums import EventKind, TrainingKind
from concerto.events.tests.test_indicators import build as build_events
from concerto.fees.tests.test_indicators import build as build_fees
from concerto.governance.tests.test_indicators import build as build_governance
from concerto.housing.enums import ApplicationStatus, ExitReason, NationalPlaceKind
from concerto.housing.tests.factories import make_application, make_occupancy, make_place
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import Meeting
from concerto.reports import report

pytestmark = pytest.mark.django_db

# The indicators this module asserts (test_year.py's guard unites it with the other year modules' COVERED).
COVERED = {
    "housing_occupancy_rate",
    "housing_places",
    "housing_people_housed",
    "housing_admissions",
    "housing_exits_by_reason",
    "housing_length_of_stay",
    "housing_vacancy_days",
    "housing_waiting_list",
    "housing_waiting_time",
    "housing_commission_sessions",
    "governance_meetings",
    "governance_decisions",
    "governance_projects",
    "events_by_kind",
    "events_workshops_by_topic",
    "events_participants",
    "events_workshop_average",
    "events_evaluations",
    "events_evaluation_scores",
    "trainings_by_kind",
    "trainings_people_trained",
    "fees_amounts",
    "fees_members",
}


def _housing(year) -> None:
    y, council = year.y, year.council
    landlord, team = year.orgs["social_landlord"], year.orgs["cmp"]
    p1 = make_place(council, landlord, label="P1", starts_on=date(y - 1, 1, 1))
    p2 = make_place(council, landlord, label="P2", capacity=2, starts_on=date(y, 7, 1), kind=NationalPlaceKind.HOSTEL)
    admitted = ApplicationStatus.ADMITTED
    a1 = make_application(council, team, status=admitted, completed_on=date(y - 1, 11, 1))
    a2 = make_application(council, team, status=admitted, completed_on=date(y, 5, 1))
    a3 = make_application(council, team, status=admitted, completed_on=date(y, 6, 11))
    make_occupancy(p1, a1, date(y - 1, 12, 1), exit_on=date(y, 4, 1), exit_reason=ExitReason.FAMILY)
    make_occupancy(p2, a2, date(y, 7, 1))
    make_occupancy(p2, a3, date(y, 8, 1), exit_on=date(y, 11, 1), exit_reason=ExitReason.DEATH)
    make_application(council, team, status=ApplicationStatus.COMPLETE, completed_on=date(y, 10, 1))
    make_application(council, team, status=ApplicationStatus.WAITLISTED, completed_on=date(y, 9, 1))
    make_application(council, team, status=ApplicationStatus.REFUSED, completed_on=date(y, 2, 1),
                     closed_on=date(y, 5, 1))  # fmt: skip
    for month, status in ((3, MeetingStatus.SIGNED_OFF), (6, MeetingStatus.CANCELLED), (9, MeetingStatus.SIGNED_OFF)):
        starts = datetime.combine(date(y, month, 15), time(14), timezone.get_current_timezone())
        Meeting.objects.create(
            council=council, body=Body.HOUSING, status=status, starts_at=starts, ends_at=starts.replace(hour=16)
        )


def test_the_council_life_on_the_year(year):
    y = year.y
    _housing(year)
    build_governance(year.council)
    build_events(year.council)
    build_fees(year.council)

    built = report.build(year.council, year.start, year.end, exact=True)
    rows = {
        r.indicator.code: [(row.label, row.value) for row in r.rows]
        for r in built.results
        if r.indicator.code in COVERED
    }

    days = (year.end - year.start).days + 1
    first_quarter = (date(y, 4, 1) - year.start).days
    opened, occupied = days + 184 * 2, first_quarter + 184 + 92
    first_stay = (date(y, 4, 1) - date(y - 1, 12, 1)).days
    places, exits = dict(NationalPlaceKind.choices), {ExitReason.FAMILY, ExitReason.DEATH}
    kinds, trainings = dict(EventKind.choices), dict(TrainingKind.choices)
    organisation_types = dict(OrganisationType.choices)
    assert rows == {
        "housing_occupancy_rate": [("", round(100 * occupied / opened, 1))],
        "housing_places": [(label, 1 if code in {"flat_sublet", "hostel"} else 0) for code, label in places.items()],
        "housing_people_housed": [("", 3)],
        "housing_admissions": [("", 2)],
        "housing_exits_by_reason": [(label, 1 if reason in exits else 0) for reason, label in ExitReason.choices],
        "housing_length_of_stay": [
            ("Moyenne", round((first_stay + 92) / 2, 1)),
            ("Médiane", round((first_stay + 92) / 2, 1)),
        ],
        "housing_vacancy_days": [("", opened - occupied)],
        "housing_waiting_list": [("", 2)],
        "housing_waiting_time": [("Moyenne", 56.0), ("Médiane", 56.0)],
        "housing_commission_sessions": [("", 2)],
        # Governance (governance/tests/test_indicators.py): the year's COPIL meeting has no body, it is not counted.
        "governance_meetings": [
            ("Comité de pilotage (COPIL)", 2),
            ("Bureau", 1),
            ("Assemblée plénière", 0),
            ("Groupe de travail", 3),
        ],  # fmt: skip
        "governance_decisions": [("", 3)],
        "governance_projects": [("Permanent", 1), ("En cours", 1), ("À venir", 1), ("Terminé", 1)],
        # Events and trainings (events/tests/test_indicators.py).
        "events_by_kind": [(label, {EventKind.WORKSHOP: 4, EventKind.SISM: 1}.get(k, 0)) for k, label in kinds.items()],
        "events_workshops_by_topic": [("Sommeil", 2), ("Sans thème", 1), ("Stress", 1)],
        "events_participants": [
            (label, {EventKind.WORKSHOP: 18, EventKind.SISM: 40}.get(k, 0)) for k, label in kinds.items()
        ],  # fmt: skip
        "events_workshop_average": [("", 6.0)],
        "events_evaluations": [("", 4)],
        "events_evaluation_scores": [("Satisfaction générale", 4.5), ("Utilité", 4.0)],
        "trainings_by_kind": [
            (label, 1 if k in {TrainingKind.PSSM, TrainingKind.SUICIDE} else 0) for k, label in trainings.items()
        ],  # fmt: skip
        "trainings_people_trained": [
            (organisation_types[OrganisationType.CCAS], 5),
            (organisation_types[OrganisationType.SOCIAL_LANDLORD], 1),
            ("Sans structure", 1),
            ("Structure hors annuaire", 1),
        ],  # fmt: skip
        # Fees (fees/tests/test_indicators.py): amounts in euros, members are communes and establishments.
        "fees_amounts": [
            ("Appelé", Decimal("2934.56")),
            ("Reçu", Decimal("2500.00")),
            ("Restant dû", Decimal("434.56")),
        ],
        "fees_members": [("À jour", 1), ("Avec un solde restant dû", 2)],
    }


def test_counts_of_people_are_suppressed_outside_the_cell_and_the_rest_shown(year):
    _housing(year)
    build_events(year.council)
    build_fees(year.council)
    built = report.build(year.council, year.start, year.end, exact=False)
    shown = {r.indicator.code: [row.shown for row in r.rows] for r in built.results if r.indicator.code in COVERED}
    assert shown["housing_people_housed"] == ["< 5"]
    assert shown["housing_waiting_time"] == ["56,0", "56,0"]  # days are not people
    assert shown["events_evaluations"] == ["< 5"]
    assert shown["fees_amounts"] == ["2\u202f934,56", "2\u202f500,00", "434,56"]
