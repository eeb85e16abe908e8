"""The governance's figures of the Bilan (issue 14) on a small past year with known answers: meetings held per kind
of body, decisions of the register, project groups by the status they had on the last day (from their history)."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from concerto.factories import CouncilFactory
from concerto.governance.enums import BodyKind, ProjectStatus
from concerto.governance.indicators import INDICATORS
from concerto.governance.models import BodyMeeting, Decision, ProjectStatusChange
from concerto.governance.tests.factories import make_body, make_project
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import Meeting
from concerto.reports import report

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1
START, END = date(Y, 1, 1), date(Y, 12, 31)
F, P, D, N = ProjectStatus.FUTURE, ProjectStatus.IN_PROGRESS, ProjectStatus.DONE, ProjectStatus.PERMANENT


def at(day: date, hour: int = 14) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def held(body, day: date, status=MeetingStatus.SIGNED_OFF) -> BodyMeeting:
    meeting = Meeting.objects.create(
        council=body.council, body=Body.COPIL, status=status, starts_at=at(day), ends_at=at(day, 16)
    )
    return BodyMeeting.objects.create(body=body, meeting=meeting)


def project(council, name, status, history: list[tuple[str, str, date]], created: date):
    group = make_project(council, name=name, status=status)
    type(group).objects.filter(pk=group.pk).update(created_at=at(created, 9))
    for from_status, to_status, day in history:
        change = ProjectStatusChange.objects.create(project=group, from_status=from_status, to_status=to_status)
        ProjectStatusChange.objects.filter(pk=change.pk).update(changed_at=at(day, 10))
    return group


def build(council) -> None:
    copil, bureau = make_body(council), make_body(council, kind=BodyKind.BUREAU, name="Bureau")
    group = make_body(council, kind=BodyKind.WORKING_GROUP, name="Groupe logement")
    march = held(copil, date(Y, 3, 12))
    held(copil, date(Y, 10, 8), status=MeetingStatus.PLANNED)  # held, record not signed yet
    held(copil, date(Y, 6, 8), status=MeetingStatus.CANCELLED)
    held(copil, date(Y - 1, 11, 20))  # the year before
    held(bureau, date(Y, 2, 2))
    held(group, date(Y, 5, 5))
    held(group, date(Y, 9, 9))
    held(group, date(Y, 11, 9))
    for day in (date(Y, 3, 12), date(Y, 3, 12), date(Y, 10, 8), date(Y - 1, 11, 20)):
        Decision.objects.create(council=council, body_meeting=march, text="Adopter le plan d'action", decided_on=day)
    # On 31 December: in progress (from future in April), done (in progress, then done in November), permanent (no
    # history), future then (moved to in progress this year: its first later change says so); one created after.
    project(council, "Logement d'abord", P, [("", F, date(Y - 1, 6, 1)), (F, P, date(Y, 4, 1))], date(Y - 1, 6, 1))
    project(council, "Prévention", D, [("", P, date(Y, 1, 5)), (P, D, date(Y, 11, 30))], date(Y, 1, 5))
    project(council, "Ateliers", N, [], date(Y - 1, 2, 1))
    project(council, "Pair-aidance", P, [("", F, date(Y, 7, 1)), (F, P, date(Y + 1, 1, 1))], date(Y, 7, 1))
    project(council, "Nouveau", F, [("", F, date(Y + 1, 1, 1))], date(Y + 1, 1, 1))


def rows_by_code(council) -> dict:
    built = report.build(council, START, END, exact=True)
    return {
        r.indicator.code: [(row.label, row.value) for row in r.rows]
        for r in built.results
        if r.indicator.app == "governance"
    }


def test_the_bilan_counts_the_bodies_life():
    council = CouncilFactory()
    build(council)
    build(CouncilFactory())  # another council's rows never count
    assert rows_by_code(council) == {
        "governance_meetings": [
            ("Comité de pilotage (COPIL)", 2),
            ("Bureau", 1),
            ("Assemblée plénière", 0),
            ("Groupe de travail", 3),
        ],
        "governance_decisions": [("", 3)],
        "governance_projects": [("Permanent", 1), ("En cours", 1), ("À venir", 1), ("Terminé", 1)],
    }


@pytest.mark.parametrize("copies", [1, 10])
def test_the_number_of_queries_does_not_grow(copies, django_assert_max_num_queries):
    council = CouncilFactory()
    for _ in range(copies):
        build(council)
    with django_assert_max_num_queries(3):
        values = {i.code: i.compute(council, START, END, None) for i in INDICATORS}
    assert values["governance_decisions"] == 3 * copies
