"""The situations' indicators of the Bilan (issue 14): each on a small dataset with known answers (exact rows), and
a number of queries that does not grow with the caseload (the same bound with 3 rows and with 30)."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from concerto.core.registry import registry
from concerto.councils.models import ProblemType
from concerto.factories import CommuneFactory, CouncilFactory
from concerto.meetings.enums import Body, ItemKind, MeetingStatus
from concerto.meetings.models import AgendaItem, Meeting
from concerto.situations import indicators, indicators_people
from concerto.situations.enums import (
    AgeBand,
    AlertStatus,
    HousingStatus,
    LegalProtection,
    PersonMode,
    Problem,
    Sex,
    SituationStatus,
    Urgency,
)
from concerto.situations.services import situation_reopen
from concerto.situations.tests.factories import AlertFactory, CellFactory, SituationFactory

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1  # a whole past year: every session of it is over
START, END = date(Y, 1, 1), date(Y, 12, 31)


def at(day: date, hour: int = 14) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def session(council, day: date, *situations, kind=ItemKind.NEW, status=MeetingStatus.SIGNED_OFF, cell=None):
    meeting = Meeting.objects.create(
        council=council, cell=cell, body=Body.CELL, status=status, starts_at=at(day), ends_at=at(day, 16)
    )
    for situation in situations:
        AgendaItem.objects.create(meeting=meeting, situation=situation, kind=kind)
    return meeting


def received(council, day: date, **fields):
    return AlertFactory(council=council, received_on=day, **fields)


@pytest.fixture
def council():
    return CouncilFactory()


def test_alerts_by_commune_most_first_then_by_name_and_the_qpv_share(council):
    arras, bethune, lens = (CommuneFactory(name=name) for name in ("Arras", "Béthune", "Lens"))
    for commune, qpv in [(arras, True), (arras, False), (lens, True), (bethune, False), (None, True)]:
        received(council, date(Y, 4, 1), commune=commune, is_qpv=qpv)
    received(council, date(Y, 4, 1), commune=arras, is_qpv=True, status=AlertStatus.DRAFT)  # a draft: not received
    received(council, date(Y - 1, 12, 31), commune=lens, is_qpv=True)  # before the period
    received(CouncilFactory(), date(Y, 4, 1), commune=lens, is_qpv=True)  # another council
    assert indicators_people.alerts_by_commune(council, START, END) == [
        ("Arras", 2), ("Béthune", 1), ("Commune non renseignée", 1), ("Lens", 1),
    ]  # fmt: skip
    assert indicators_people.alerts_in_qpv(council, START, END) == 3


def test_two_communes_of_the_same_name_show_their_department(council):
    for department in ("59", "62"):
        received(council, date(Y, 4, 1), commune=CommuneFactory(name="Saint-Martin", department_code=department))
    assert indicators_people.alerts_by_commune(council, START, END) == [
        ("Saint-Martin (59)", 1), ("Saint-Martin (62)", 1),
    ]  # fmt: skip


def test_alerts_by_problem_count_each_problem_an_alert_reports(council):
    ProblemType.objects.create(council=council, code="local_debt", label="Dette de cantine", position=0)
    for problems in (
        [Problem.HOARDING, Problem.CARE_REFUSAL],
        [Problem.HOARDING],
        ["local_debt"],  # not the national « debt »: the quoted code matches one code only
        [],
    ):
        received(council, date(Y, 6, 1), problems=problems)
    received(council, date(Y - 1, 6, 1), problems=[Problem.DEBT])  # before the period
    labels = dict(Problem.choices)
    assert indicators_people.alerts_by_problem(council, START, END) == [
        (labels["hoarding"], 2), ("Dette de cantine", 1), (labels["care_refusal"], 1), ("Aucun problème indiqué", 1),
    ]  # fmt: skip


def test_alerts_by_urgency_and_by_person_mode_in_choice_order_with_zeros(council):
    cell = CellFactory(council=council)
    received(council, date(Y, 2, 1), urgency=Urgency.HIGH, person_mode=PersonMode.ANONYMOUS, cell=cell)
    received(council, date(Y, 2, 1), urgency=Urgency.HIGH, person_mode=PersonMode.INITIALS)
    received(council, date(Y, 2, 1), urgency=Urgency.LOW, person_mode=PersonMode.INITIALS)
    assert indicators_people.alerts_by_urgency(council, START, END) == [
        ("Peu urgente", 1), ("À traiter dans le mois", 0), ("Urgente (dans la semaine)", 2),
    ]  # fmt: skip
    assert indicators_people.alerts_by_person_mode(council, START, END) == [
        ("Anonyme", 1), ("Initiales", 2), ("Nominatif", 0),
    ]  # fmt: skip
    assert indicators_people.alerts_by_urgency(council, START, END, cell) == [
        ("Peu urgente", 0), ("À traiter dans le mois", 0), ("Urgente (dans la semaine)", 1),
    ]  # fmt: skip


def test_consent_at_alert_not_asked_refused_given_partial(council):
    for informed, agrees in [
        ("no", "unknown"), ("unknown", "unknown"),  # not asked
        ("yes", "no"), ("no", "no"),  # refused
        ("yes", "yes"),  # given
        ("yes", "unknown"), ("yes", "unknown"), ("yes", "unknown"),  # partial: informed, agreement unknown
    ]:  # fmt: skip
        received(council, date(Y, 9, 1), person_informed=informed, person_agrees=agrees)
    assert indicators_people.alerts_by_consent(council, START, END) == [
        ("Non demandé", 2), ("Refusé", 2), ("Donné", 1), ("Partiel (personne informée, accord non recueilli)", 3),
    ]  # fmt: skip


def test_new_situations_by_age_band_sex_housing_and_legal_protection(council):
    for age, sex, housing, protection in [
        (AgeBand.AGE_18_24, Sex.FEMALE, HousingStatus.SOCIAL_TENANT, LegalProtection.CURATORSHIP),
        (AgeBand.AGE_18_24, Sex.MALE, HousingStatus.SOCIAL_TENANT, LegalProtection.NONE),
        (AgeBand.OVER_75, "", "", LegalProtection.UNKNOWN),
    ]:
        SituationFactory(
            council=council, opened_on=date(Y, 3, 1), age_band=age, sex=sex, housing_status=housing,
            legal_protection=protection,
        )  # fmt: skip
    SituationFactory(council=council, opened_on=date(Y - 1, 3, 1), age_band=AgeBand.UNDER_25)  # before the period
    assert indicators_people.situations_by_age_band(council, START, END) == [
        ("Moins de 18 ans", 0), ("18 à 24 ans", 2), ("25 à 39 ans", 0), ("40 à 59 ans", 0), ("60 à 74 ans", 0),
        ("75 ans et plus", 1), ("Inconnu", 0),
    ]  # fmt: skip
    assert indicators_people.situations_by_sex(council, START, END) == [
        ("Femme", 1), ("Homme", 1), ("Autre ou non précisé", 0), ("Non renseigné", 1),
    ]  # fmt: skip
    assert indicators_people.situations_by_housing_status(council, START, END) == [
        ("Locataire du parc social", 2), ("Locataire du parc privé", 0), ("Propriétaire", 0),
        ("Hébergé·e (famille, tiers, structure)", 0), ("Sans domicile", 0), ("Autre", 0), ("Non renseigné", 1),
    ]  # fmt: skip
    assert indicators_people.situations_by_legal_protection(council, START, END) == [
        ("Aucune", 1), ("Demande en cours", 0), ("Sauvegarde de justice", 0), ("Curatelle", 1), ("Tutelle", 0),
        ("Inconnue", 1),
    ]  # fmt: skip


def test_the_former_under_25_band_shows_only_when_used(council):
    SituationFactory(council=council, opened_on=date(Y, 3, 1), age_band=AgeBand.UNDER_25)
    rows = dict(indicators_people.situations_by_age_band(council, START, END))
    assert rows["Moins de 25 ans (ancienne tranche)"] == 1 and rows["18 à 24 ans"] == 0


def test_delay_from_the_alert_to_the_first_session_median_maximum_and_share_within_target(council):
    first = SituationFactory(council=council, opened_on=date(Y, 3, 2))
    received(council, date(Y, 3, 1), situation=first)
    session(council, date(Y, 3, 11), first)  # 10 days
    second = SituationFactory(council=council, opened_on=date(Y, 3, 2))
    received(council, date(Y, 3, 1), situation=second)
    received(council, date(Y, 4, 1), situation=second)  # attached later: the first alert counts
    session(council, date(Y, 3, 5), second, status=MeetingStatus.CANCELLED)  # cancelled: not a session
    session(council, date(Y, 4, 10), second)  # 40 days
    third = SituationFactory(council=council, opened_on=date(Y, 5, 2))
    received(council, date(Y, 5, 1), situation=third)
    session(council, date(Y, 5, 21), third)  # 20 days
    session(council, date(Y, 6, 30), third, kind=ItemKind.REVIEW)  # not the first session
    before = SituationFactory(council=council, opened_on=date(Y - 1, 12, 2))
    received(council, date(Y - 1, 12, 1), situation=before)
    session(council, date(Y - 1, 12, 20), before)  # first session before the period
    session(council, date(Y, 1, 20), before, kind=ItemKind.REVIEW)
    session(council, date(Y, 2, 1), SituationFactory(council=council, opened_on=date(Y, 1, 30)))  # no alert
    assert indicators.first_session_delay(council, START, END) == [("Médiane", 20.0), ("Maximum", 40)]
    assert indicators.first_session_within_target(council, START, END) == [
        ("Dans l'objectif du conseil (30 jours)", 66.7)
    ]
    council.first_session_target_days = 10
    assert indicators.first_session_within_target(council, START, END) == [
        ("Dans l'objectif du conseil (10 jours)", 33.3)
    ]
    assert indicators.first_session_delay(council, date(Y, 4, 1), date(Y, 4, 30)) == [
        ("Médiane", 40.0),
        ("Maximum", 40),
    ]
    assert indicators.first_session_delay(council, date(Y, 7, 1), END) == [("Médiane", None), ("Maximum", None)]
    assert indicators.first_session_within_target(council, date(Y, 7, 1), END) == [
        ("Dans l'objectif du conseil (10 jours)", None)
    ]


def test_a_session_not_yet_held_is_not_a_first_session(council):
    today = timezone.localdate()
    situation = SituationFactory(council=council, opened_on=today - timedelta(days=3))
    received(council, today - timedelta(days=3), situation=situation)
    session(council, today + timedelta(days=2), situation, status=MeetingStatus.PLANNED)
    assert indicators.first_session_delay(council, today - timedelta(days=10), today + timedelta(days=10)) == [
        ("Médiane", None), ("Maximum", None),
    ]  # fmt: skip


def test_situations_reviewed_in_a_session_of_the_period(council):
    cell = CellFactory(council=council)
    twice, once, new_only, cancelled, other_cell = (SituationFactory(council=council, cell=cell) for _ in range(5))
    other_cell.cell = CellFactory(council=council)
    other_cell.save()
    session(council, date(Y, 2, 1), twice, once, other_cell, kind=ItemKind.REVIEW)
    session(council, date(Y, 3, 1), twice, kind=ItemKind.REVIEW)
    session(council, date(Y, 3, 1), new_only)  # a first examination, not a review
    session(council, date(Y, 4, 1), cancelled, kind=ItemKind.REVIEW, status=MeetingStatus.CANCELLED)
    session(council, date(Y - 1, 12, 1), new_only, kind=ItemKind.REVIEW)  # before the period
    assert indicators.situations_reviewed(council, START, END) == 3
    assert indicators.situations_reviewed(council, START, END, cell) == 2
    assert indicators.situations_reviewed(council, date(Y, 3, 1), END) == 1


def test_situations_reopened_during_the_period_from_the_journal(council):
    cell = CellFactory(council=council)
    closed = dict(status=SituationStatus.CLOSED, opened_on=date(Y - 1, 1, 1), closed_on=date(Y - 1, 6, 1))
    twice = SituationFactory(council=council, cell=cell, **closed)
    elsewhere = SituationFactory(council=council, **closed)
    late = SituationFactory(council=council, cell=cell, **closed)
    with time_machine.travel(at(date(Y, 3, 1)), tick=False):
        situation_reopen(situation=twice, actor=None, reason="worsened")
        situation_reopen(situation=elsewhere, actor=None, reason="worsened")
    twice.refresh_from_db()
    twice.status, twice.closed_on = SituationStatus.CLOSED, date(Y, 4, 1)
    twice.save()
    with time_machine.travel(at(date(Y, 5, 1)), tick=False):
        situation_reopen(situation=twice, actor=None, reason="other")
    with time_machine.travel(at(date(Y + 1, 1, 2)), tick=False):
        situation_reopen(situation=late, actor=None, reason="other")  # after the period
    assert indicators.situations_reopened(council, START, END) == 2
    assert indicators.situations_reopened(council, START, END, cell) == 1
    assert indicators.situations_reopened(CouncilFactory(), START, END) == 0


def test_situations_under_watch_at_the_end_of_the_period(council):
    closed = dict(status=SituationStatus.CLOSED, opened_on=date(Y - 1, 1, 1))
    SituationFactory(council=council, closed_on=date(Y, 6, 1), watch_until=date(Y + 1, 6, 1), **closed)
    SituationFactory(council=council, closed_on=date(Y, 6, 1), watch_until=END, **closed)  # last day: still
    SituationFactory(council=council, closed_on=date(Y, 1, 1), watch_until=date(Y, 7, 1), **closed)  # over
    SituationFactory(council=council, closed_on=date(Y + 1, 1, 5), watch_until=date(Y + 1, 7, 5), **closed)  # later
    SituationFactory(council=council, opened_on=date(Y, 1, 1))  # open
    assert indicators.situations_under_watch(council, START, END) == 2
    assert indicators.situations_under_watch(council, START, date(Y, 6, 30)) == 3


def test_anonymous_situations_discussed_in_a_session_of_the_period(council):
    anonymous = dict(council=council, person_mode=PersonMode.ANONYMOUS)
    discussed, cancelled, earlier = (SituationFactory(**anonymous) for _ in range(3))
    named = SituationFactory(council=council, person_mode=PersonMode.INITIALS)
    session(council, date(Y, 2, 1), discussed, named)
    session(council, date(Y, 3, 1), discussed, kind=ItemKind.REVIEW)
    session(council, date(Y, 4, 1), cancelled, status=MeetingStatus.CANCELLED)
    session(council, date(Y - 1, 11, 1), earlier)
    assert indicators.situations_anonymous_discussed(council, START, END) == 1


def test_every_situations_indicator_is_declared_with_its_kind():
    declared = {i.code: i for i in registry.indicators if i.app == "situations"}
    for indicator in indicators.INDICATORS:
        assert declared[indicator.code] is indicator and 10 <= indicator.order <= 29
    for code in ("first_session_delay", "first_session_within_target"):
        assert not declared[code].summable and not declared[code].suppressible and not declared[code].partition
    assert declared["first_session_delay"].unit == "jours" and declared["first_session_within_target"].unit == "%"
    assert (
        not declared["alerts_by_problem"].partition
        and "plusieurs problèmes" in declared["alerts_by_problem"].definition
    )
    assert declared["alerts_by_consent"].partition and declared["situations_by_age_band"].partition


def caseload(council, n: int) -> None:
    """n alerts and n situations of every kind the indicators count, over three communes and three sessions."""
    cell = CellFactory(council=council)
    communes = [CommuneFactory() for _ in range(3)]
    meetings = [session(council, date(Y, month, 10), cell=cell) for month in (2, 5, 9)]
    for i in range(n):
        situation = SituationFactory(
            council=council, cell=cell, opened_on=date(Y, 1 + i % 12, 1), person_mode=PersonMode.ANONYMOUS,
            age_band=AgeBand.AGE_18_24, sex=Sex.FEMALE, closed_on=date(Y, 12, 1) if i % 2 else None,
            watch_until=date(Y + 1, 6, 1) if i % 2 else None,
        )  # fmt: skip
        received(council, date(Y, 1, 1 + i % 28), cell=cell, situation=situation, commune=communes[i % 3],
                 problems=[Problem.HOARDING, Problem.DEBT], is_qpv=bool(i % 2))  # fmt: skip
        AgendaItem.objects.create(meeting=meetings[i % 3], situation=situation, kind=ItemKind.REVIEW)


QUERIES = {"alerts_by_problem": 2}  # the council's list of problem types, then the counts


@pytest.mark.parametrize("indicator", indicators.INDICATORS, ids=lambda i: i.code)
def test_the_query_count_does_not_grow_with_the_caseload(indicator, django_assert_max_num_queries):
    bound = QUERIES.get(indicator.code, 1)
    small, large = CouncilFactory(), CouncilFactory()
    caseload(small, 3)
    caseload(large, 30)
    for council in (small, large):
        for cell in (None, council.cells.get()):
            with django_assert_max_num_queries(bound):
                indicator.compute(council, START, END, cell)
