"""The events' and trainings' figures of the Bilan (issue 14) on a small past year with known answers: events held
by kind and topic, participants (presences or headcount), the workshops' average, the questionnaires and their
scores, training sessions and people trained by type of organisation; constant number of queries."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from concerto.directory.enums import OrganisationType
from concerto.events.enums import Attendance, EventKind, EventStatus, TrainingKind
from concerto.events.indicators import INDICATORS
from concerto.events.models import Evaluation, Event, Topic
from concerto.events.tests.factories import make_event, make_registration, make_trainee, make_training
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.reports import report
from concerto.reports.suppression import Suppressed

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1
START, END = date(Y, 1, 1), date(Y, 12, 31)
CCAS = dict(OrganisationType.choices)[OrganisationType.CCAS]
LANDLORD = dict(OrganisationType.choices)[OrganisationType.SOCIAL_LANDLORD]


def held_on(council, day: date, *, kind=EventKind.WORKSHOP, topic=None, present=0, absent=0, headcount=None,
            scores=(), status=EventStatus.PLANNED) -> Event:  # fmt: skip
    event = make_event(council, kind=kind, topic=topic, headcount=headcount, status=status)
    starts = datetime.combine(day, time(18), timezone.get_current_timezone())
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=2))
    for n in range(present + absent):
        make_registration(event, email=f"p{n}@exemple.test", attendance=Attendance.PRESENT if n < present else "")
    for satisfaction, usefulness in scores:
        Evaluation.objects.create(event=event, satisfaction=satisfaction, usefulness=usefulness, would_return=True)
    return event


def trained_on(council, day: date, kind, trainees: list[tuple[object, str, str]]):
    session = make_training(council, days=(day - timezone.localdate()).days, kind=kind)
    for organisation, other, attendance in trainees:
        make_trainee(session, organisation=organisation, organisation_name=other, attendance=attendance)


def build(council) -> None:
    sleep = Topic.objects.create(council=council, label="Sommeil")
    stress = Topic.objects.create(council=council, label="Stress")
    held_on(council, date(Y, 3, 10), topic=sleep, present=3, absent=2, scores=[(4, 5), (5, 3)])
    held_on(council, date(Y, 4, 10), topic=sleep, headcount=9, scores=[(4, 4)])
    held_on(council, date(Y, 5, 10), topic=stress)  # attendance not recorded
    held_on(council, date(Y, 6, 10), topic=stress, present=5, status=EventStatus.CANCELLED, scores=[(1, 1)])
    held_on(council, date(Y, 11, 10), headcount=6)  # no topic
    held_on(council, date(Y, 10, 5), kind=EventKind.SISM, headcount=40, scores=[(5, 4)])
    held_on(council, date(Y - 1, 10, 5), kind=EventKind.FORUM, headcount=30, scores=[(1, 1)])  # the year before
    ccas = OrganisationFactory(council=council, type=OrganisationType.CCAS)
    landlord = OrganisationFactory(council=council, type=OrganisationType.SOCIAL_LANDLORD)
    present, absent = Attendance.PRESENT, Attendance.ABSENT
    trained_on(council, date(Y, 3, 2), TrainingKind.PSSM, [
        (ccas, "", present), (ccas, "", present), (landlord, "", present), (None, "Mairie", present),
        (None, "", present), (ccas, "", absent),
    ])  # fmt: skip
    trained_on(council, date(Y, 9, 2), TrainingKind.SUICIDE, [(ccas, "", present)] * 3)
    trained_on(council, date(Y - 1, 9, 2), TrainingKind.PSSM, [(ccas, "", present)] * 5)


def rows_by_code(council, *, exact=True) -> dict:
    built = report.build(council, START, END, exact=exact)
    return {
        r.indicator.code: [(row.label, row.value) for row in r.rows]
        for r in built.results
        if r.indicator.app == "events"
    }


def test_the_bilan_counts_events_and_trainings():
    council = CouncilFactory()
    build(council)
    build(CouncilFactory())  # another council's rows never count
    kinds = dict(EventKind.choices)
    trainings = dict(TrainingKind.choices)
    assert rows_by_code(council) == {
        "events_by_kind": [
            (label, {EventKind.WORKSHOP: 4, EventKind.SISM: 1}.get(kind, 0)) for kind, label in kinds.items()
        ],
        "events_workshops_by_topic": [("Sommeil", 2), ("Sans thème", 1), ("Stress", 1)],
        "events_participants": [
            (label, {EventKind.WORKSHOP: 3 + 9 + 6, EventKind.SISM: 40}.get(kind, 0)) for kind, label in kinds.items()
        ],  # fmt: skip
        "events_workshop_average": [("", 6.0)],  # (3 + 9 + 6) / 3: the workshop without attendance is left out
        "events_evaluations": [("", 4)],
        "events_evaluation_scores": [("Satisfaction générale", 4.5), ("Utilité", 4.0)],
        "trainings_by_kind": [
            (label, 1 if kind in {TrainingKind.PSSM, TrainingKind.SUICIDE} else 0) for kind, label in trainings.items()
        ],  # fmt: skip
        "trainings_people_trained": [
            (CCAS, 5),
            (LANDLORD, 1),
            ("Sans structure", 1),
            ("Structure hors annuaire", 1),
        ],  # fmt: skip
    }


def test_people_are_hidden_below_the_threshold_outside_the_cell():
    council = CouncilFactory()
    build(council)
    rows = rows_by_code(council, exact=False)
    assert rows["events_evaluations"] == [("", Suppressed(5))]
    assert rows["events_by_kind"][0] == (dict(EventKind.choices)[EventKind.WORKSHOP], 4)  # events are not people
    # The three single trainees are hidden; beside a total of 8, 8 − 5 = 3 over three hidden rows would give each
    # as 1, so the 5 is hidden too (secondary suppression).
    assert [value for _, value in rows["trainings_people_trained"]] == [Suppressed(5)] * 4


def test_an_empty_year_has_no_average():
    rows = rows_by_code(CouncilFactory())
    assert rows["events_workshop_average"] == [("", None)]
    assert rows["events_evaluation_scores"] == [("Satisfaction générale", None), ("Utilité", None)]
    assert rows["events_workshops_by_topic"] == []


@pytest.mark.parametrize("copies", [1, 10])
def test_the_number_of_queries_does_not_grow(copies, django_assert_max_num_queries):
    council = CouncilFactory()
    for n in range(copies):
        build(council) if n == 0 else held_on(council, date(Y, 2, n), headcount=n, scores=[(3, 3)])
    with django_assert_max_num_queries(10):
        values = {i.code: i.compute(council, START, END, None) for i in INDICATORS}
    assert values["events_evaluations"] == 4 + copies - 1
