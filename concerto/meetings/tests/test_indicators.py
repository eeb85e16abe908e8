"""The sessions' indicators of the Bilan (issue 14): situations per session, attendance rate by organisation (small
organisations grouped so that no rate tells about one person), records signed and the delay to their signature, on
a small year with known answers, per cell and council-wide, with a constant number of queries."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import indicators
from concerto.meetings.enums import AttendanceStatus, Body, MeetingStatus, SubjectKind
from concerto.meetings.models import AgendaItem, Attendance, Meeting
from concerto.reports import report
from concerto.situations.tests.factories import CellFactory, SituationFactory

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1  # a whole past year: every session of it is over
START, END = date(Y, 1, 1), date(Y, 12, 31)
P, E, A, R = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT, AttendanceStatus.REPLACED


def at(day: date, hour: int = 14) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def session(council, cell, day, *, status=MeetingStatus.SIGNED_OFF, body=Body.CELL, signed_after=None, situations=0):
    meeting = Meeting.objects.create(
        council=council, cell=cell, body=body, status=status, starts_at=at(day), ends_at=at(day, 16),
        signed_off_at=at(day + timedelta(days=signed_after), 10) if signed_after is not None else None,
    )  # fmt: skip
    for _ in range(situations):
        AgendaItem.objects.create(meeting=meeting, situation=SituationFactory(council=council, cell=cell))
    return meeting


@pytest.fixture
def year():
    """Cell 1: January (signed 2 days after; 3 situations and a free topic), February (held, not signed; 1
    situation), September (signed 10 days after; none); March cancelled (5 situations). Cell 2: June (signed 4 days
    after; 2 situations). A COPIL and a session of the year before do not count."""
    council = CouncilFactory()
    cell, other_cell = CellFactory(council=council), CellFactory(council=council)
    jan = session(council, cell, date(Y, 1, 10), signed_after=2, situations=3)
    AgendaItem.objects.create(meeting=jan, subject_kind=SubjectKind.TOPIC, topic="Point sur le partenariat")
    feb = session(council, cell, date(Y, 2, 14), status=MeetingStatus.PLANNED, situations=1)
    mar = session(council, cell, date(Y, 3, 14), status=MeetingStatus.CANCELLED, situations=5)
    sep = session(council, cell, date(Y, 9, 5), signed_after=10)
    jun = session(council, other_cell, date(Y, 6, 1), signed_after=4, situations=2)
    copil = session(council, None, date(Y, 1, 20), body=Body.COPIL, signed_after=1)
    before = session(council, cell, date(Y - 1, 12, 12), signed_after=30, situations=4)

    ccas, cmp_, landlord = (OrganisationFactory(council=council, name=n) for n in ("CCAS", "CMP", "Bailleur"))
    people = {
        "ccas1": MembershipFactory(council=council, organisation=ccas).user,
        "ccas2": MembershipFactory(council=council, organisation=ccas).user,
        "cmp": MembershipFactory(council=council, organisation=cmp_).user,
        "landlord": MembershipFactory(council=council, organisation=landlord).user,
        "none1": MembershipFactory(council=council, organisation=None).user,
        "none2": MembershipFactory(council=council, organisation=None).user,
    }
    # The first CCAS member also belongs to another council, with another organisation: not this council's.
    MembershipFactory(user=people["ccas1"], organisation=OrganisationFactory(name="Structure d'ailleurs"))
    sheet = {
        jan: {"ccas1": P, "ccas2": P, "cmp": P, "landlord": P, "none1": P, "none2": P},
        feb: {"ccas1": P, "ccas2": R, "cmp": P, "none1": P, "none2": A},
        sep: {"ccas1": P, "ccas2": E, "cmp": P, "none1": P, "none2": E},
        jun: {"ccas1": P, "ccas2": A, "cmp": A},
        mar: {"ccas1": A},  # cancelled: not counted
        copil: {"cmp": P},  # not a cell session
        before: {"landlord": A},  # the year before
    }
    Attendance.objects.bulk_create(
        [Attendance(meeting=m, user=people[who], status=s) for m, row in sheet.items() for who, s in row.items()]
    )
    return council, cell


def test_situations_per_session(year):
    council, cell = year
    # Held: January 3, February 1, September 0, June (cell 2) 2.
    assert indicators.situations_per_session(council, START, END) == [("Moyenne", 1.5), ("Maximum", 3)]
    assert indicators.situations_per_session(council, START, END, cell) == [("Moyenne", 1.3), ("Maximum", 3)]
    assert isinstance(indicators.situations_per_session(council, START, END)[0][1], float)  # not a Decimal: an amount
    assert indicators.situations_per_session(council, date(Y, 3, 1), date(Y, 5, 31)) == [
        ("Moyenne", None),
        ("Maximum", None),
    ]


def test_attendance_by_organisation_groups_small_organisations(year):
    council, cell = year
    # CCAS 8 notes, 6 present or replaced; no organisation 6 notes, 4 present; CMP 4 + landlord 1 grouped: 5, 4.
    assert indicators.attendance_by_organisation(council, START, END) == [
        ("CCAS (8 convocations)", 75.0),
        ("Structure non renseignée (6 convocations)", 66.7),
        ("Autres structures", 80.0),
    ]
    # Cell 1 only: the CMP (3) and the landlord (1) make 4 notes, under k = 5: the group's rate is withheld.
    assert indicators.attendance_by_organisation(council, START, END, cell) == [
        ("CCAS (6 convocations)", 83.3),
        ("Structure non renseignée (6 convocations)", 66.7),
        ("Autres structures", None),
    ]
    council.report_threshold = 3  # a lower threshold shows the CMP on its own line
    assert indicators.attendance_by_organisation(council, START, END, cell) == [
        ("CCAS (6 convocations)", 83.3),
        ("CMP (3 convocations)", 100.0),
        ("Structure non renseignée (6 convocations)", 66.7),
        ("Autres structures", None),
    ]
    assert indicators.attendance_by_organisation(council, date(Y, 3, 1), date(Y, 5, 31)) == []


def test_records_signed_and_delay_to_signature(year):
    council, cell = year
    assert indicators.records_signed(council, START, END) == [
        ("Séances tenues", 4),
        ("Dont relevé de décisions signé", 3),
    ]
    assert indicators.records_signed(council, START, END, cell) == [
        ("Séances tenues", 3),
        ("Dont relevé de décisions signé", 2),
    ]
    assert indicators.signature_delay(council, START, END) == [("Médiane", 4), ("Maximum", 10)]
    assert indicators.signature_delay(council, START, END, cell) == [("Médiane", 6.0), ("Maximum", 10)]
    assert indicators.signature_delay(council, date(Y, 2, 1), date(Y, 2, 28)) == [("Médiane", None), ("Maximum", None)]


CODES = {"records_signed", "attendance_by_organisation", "signature_delay", "situations_per_session"}


def test_outside_the_cell_sessions_rates_and_delays_are_shown(year):
    """Sessions are not people: their counts are not suppressed, no more than rates and delays."""
    council, cell = year
    results = {
        r.indicator.code: r for r in report.build(council, START, END, cell=cell, exact=False, codes=CODES).results
    }
    assert [row.value for row in results["records_signed"].rows] == [3, 2]
    assert [row.value for row in results["attendance_by_organisation"].rows] == [83.3, 66.7, None]
    assert [row.value for row in results["signature_delay"].rows] == [6.0, 10]
    assert [row.value for row in results["situations_per_session"].rows] == [1.3, 3]
    for code in ("situations_per_session", "attendance_by_organisation", "signature_delay"):
        assert results[code].indicator.summable is False and results[code].indicator.suppressible is False


def _activity(council, cell, sessions: int) -> None:
    organisations = [OrganisationFactory(council=council) for _ in range(3)]
    users = [MembershipFactory(council=council, organisation=o).user for o in organisations for _ in range(2)]
    for index in range(sessions):
        meeting = session(council, cell, date(Y, 1 + index % 12, 1 + index // 12), signed_after=index % 7,
                          situations=2)  # fmt: skip
        Attendance.objects.bulk_create([Attendance(meeting=meeting, user=u, status=P) for u in users])


@pytest.mark.parametrize("sessions", [3, 30])
def test_a_constant_number_of_queries(django_assert_max_num_queries, sessions):
    council = CouncilFactory()
    cell = CellFactory(council=council)
    _activity(council, cell, sessions)
    computes = [
        indicators.sessions_per_month, indicators.situations_per_session, indicators.attendance_by_organisation,
        indicators.records_signed, indicators.signature_delay,
    ]  # fmt: skip
    with django_assert_max_num_queries(5):
        figures = [compute(council, START, END, cell) for compute in computes]
    assert sum(n for _, n in figures[0]) == sessions
    assert figures[1] == [("Moyenne", 2.0), ("Maximum", 2)]
    assert figures[3] == [("Séances tenues", sessions), ("Dont relevé de décisions signé", sessions)]
