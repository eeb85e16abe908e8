"""The cell's calendar (issue 11): the year's sessions generated from the rule, a "next review" date chosen in session
feeding the first session on or after it, and an accepted alert put on the next session."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.core.errors import DomainError
from concerto.core.typography import french_spaces as fr
from concerto.councils.models import CellMember, Frequency, HolidayRule, Ordinal, Weekday
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.meetings import calendar, services
from concerto.meetings.enums import ItemKind, MeetingStatus
from concerto.meetings.models import AgendaItem, Meeting
from concerto.meetings.tasks import propose_reviews
from concerto.situations.enums import AlertStatus
from concerto.situations.models import Situation
from concerto.situations.tests.factories import AlertFactory, CellFactory, SituationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    cell = CellFactory(
        council=council, frequency=Frequency.MONTHLY, week_ordinal=Ordinal.SECOND, weekday=Weekday.TUESDAY,
        months_off="8", holiday_rule=HolidayRule.NEXT_WEEK, venue="CCAS",
    )  # fmt: skip
    member = MembershipFactory(council=council, role=Role.CELL_MEMBER)
    CellMember.objects.create(cell=cell, membership=member)
    return council, cell, coordinator, member


def session(cell, days: int, **kwargs) -> Meeting:
    start = timezone.localtime() + datetime.timedelta(days=days)
    return Meeting.objects.create(
        council=cell.council, cell=cell, starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs
    )


def test_plan_year_creates_moves_and_skips_with_reasons_and_is_idempotent(world):
    council, cell, coordinator, member = world
    year = timezone.localdate().year + 1
    expected = [d for d in calendar.year_dates(cell, year) if d.day is not None]
    assert not [d for d in expected if d.day.month == 8]
    # A session the coordinator already created by hand on one of the rule's days: kept, not duplicated.
    by_hand = expected[2].day
    start = timezone.make_aware(datetime.datetime.combine(by_hand, datetime.time(14, 0)))
    services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    result = calendar.plan_year(cell, year, coordinator.user)
    assert len(result.meetings) == len(expected) - 1
    assert [reason for _s, reason in result.skipped] == [f"{by_hand:%d/%m/%Y} : une séance de la cellule existe déjà"]
    assert all(m.invitations.filter(user=member.user).exists() for m in result.meetings)
    assert {m.status for m in result.meetings} == {MeetingStatus.PLANNED}
    assert [m.reason for m in result.moved] == [d.reason for d in expected if d.moved]
    again = calendar.plan_year(cell, year, coordinator.user)
    assert again.meetings == [] and len(again.skipped) == len(expected)
    assert Meeting.objects.filter(cell=cell).count() == len(expected)


def test_dates_already_past_are_not_created(world):
    _council, cell, coordinator, _member = world
    year = timezone.localdate().year + 1
    dates = [d.day for d in calendar.year_dates(cell, year) if d.day is not None]
    today = dates[4]  # as if planning in the middle of the year
    result = calendar.plan_year(cell, year, coordinator.user, today=today)
    assert [timezone.localdate(m.starts_at) for m in result.meetings] == dates[5:]
    assert sum("date passée" in reason for _s, reason in result.skipped) == 5


def test_plan_year_refuses_a_cell_without_rule(world):
    council, _cell, coordinator, _member = world
    with pytest.raises(DomainError, match="rythme"):
        calendar.plan_year(CellFactory(council=council), timezone.localdate().year + 1, coordinator.user)


def test_next_review_chosen_in_session_feeds_the_first_session_on_or_after_it(world):
    council, cell, coordinator, _member = world
    situation = SituationFactory(council=council, cell=cell)
    past = session(cell, -20, status=MeetingStatus.SIGNED_OFF)
    review_on = timezone.localdate() + datetime.timedelta(days=40)
    AgendaItem.objects.create(meeting=past, situation=situation, next_review=review_on)
    soon, after, later = session(cell, 10), session(cell, 50), session(cell, 80)
    assert services.reviews_due(soon) == [] and services.reviews_due(after) == [situation]

    assert propose_reviews.call() == 1
    item = AgendaItem.objects.get(situation=situation, meeting__status=MeetingStatus.PLANNED)
    assert item.meeting == after and item.kind == ItemKind.REVIEW
    assert propose_reviews.call() == 0
    assert not later.items.exists() and not soon.items.exists()


def test_a_session_created_after_the_review_date_takes_the_situation(world):
    council, cell, coordinator, _member = world
    situation = SituationFactory(council=council, cell=cell)
    past = session(cell, -20, status=MeetingStatus.SIGNED_OFF)
    AgendaItem.objects.create(
        meeting=past, situation=situation, next_review=timezone.localdate() + datetime.timedelta(days=30)
    )
    start = timezone.localtime() + datetime.timedelta(days=35)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    assert list(meeting.items.values_list("situation", flat=True)) == [situation.pk]


def test_without_a_chosen_date_the_review_months_still_apply(world):
    council, cell, _coordinator, _member = world
    situation = SituationFactory(council=council, cell=cell)
    past = session(cell, -100, status=MeetingStatus.SIGNED_OFF)
    AgendaItem.objects.create(meeting=past, situation=situation)
    assert services.reviews_due(session(cell, 10)) == [situation]  # M+3 has passed


# --- an accepted alert put on the next session ---------------------------------------------------------------


def accept(client, coordinator, alert, cell, **extra):
    client.force_login(coordinator.user)
    data = {"decision": "accept", "cell": cell.pk, "schedule": "on"} | extra
    return client.post(reverse("situations:alert_qualify", args=[alert.pk]), data)


def test_the_qualification_offers_the_next_session_with_its_date(client, world):
    council, cell, coordinator, _member = world
    meeting = session(cell, 20)
    alert = AlertFactory(council=council)
    client.force_login(coordinator.user)
    page = client.get(reverse("situations:alert_qualify", args=[alert.pk])).content.decode()
    assert f"Inscrire à la prochaine séance ({timezone.localtime(meeting.starts_at):%d/%m/%Y})" in page
    assert "Prioritaire" in page


def test_with_several_cells_the_qualification_lists_each_next_session(client, world):
    council, cell, coordinator, _member = world
    meeting = session(cell, 20)
    other = CellFactory(council=council, name="Cellule Sud")
    alert = AlertFactory(council=council)
    client.force_login(coordinator.user)
    page = client.get(reverse("situations:alert_qualify", args=[alert.pk])).content.decode()
    assert "Inscrire à la prochaine séance de la cellule choisie" in page
    assert fr(f"{cell.name} : {timezone.localtime(meeting.starts_at):%d/%m/%Y}") in page
    assert fr(f"{other.name} : aucune séance planifiée") in page


def test_accepting_an_alert_puts_the_situation_on_the_next_session(client, world):
    council, cell, coordinator, _member = world
    meeting = session(cell, 20)
    session(cell, 50)
    alert = AlertFactory(council=council)
    response = accept(client, coordinator, alert, cell)
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACCEPTED
    item = AgendaItem.objects.get(situation=alert.situation)
    assert item.meeting == meeting and item.kind == ItemKind.NEW and not item.priority


def test_a_full_agenda_refuses_and_nothing_is_written(client, world):
    council, cell, coordinator, _member = world
    cell.max_agenda_items = 1
    cell.save()
    meeting = session(cell, 20)
    AgendaItem.objects.create(meeting=meeting, situation=SituationFactory(council=council, cell=cell))
    alert = AlertFactory(council=council)
    response = accept(client, coordinator, alert, cell)
    assert response.status_code == 200
    assert "compte déjà 1 situations, le maximum de la cellule" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SUBMITTED and alert.situation is None
    assert Situation.objects.count() == 1 and meeting.items.count() == 1


def test_a_closed_agenda_refuses_unless_priority(client, world):
    council, cell, coordinator, _member = world
    meeting = session(cell, 3)  # closes 7 days before
    alert = AlertFactory(council=council)
    response = accept(client, coordinator, alert, cell)
    assert "L&#x27;ordre du jour est clos depuis le" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SUBMITTED and not meeting.items.exists()

    response = accept(client, coordinator, alert, cell, priority="on")
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACCEPTED
    item = meeting.items.get()
    assert item.situation == alert.situation and item.priority


def test_no_planned_session_refuses_and_accepting_without_inscription_still_works(client, world):
    council, cell, coordinator, _member = world
    session(cell, -5, status=MeetingStatus.SIGNED_OFF)
    alert = AlertFactory(council=council)
    response = accept(client, coordinator, alert, cell)
    assert "Aucune séance de la cellule n&#x27;est planifiée" in response.content.decode()
    response = accept(client, coordinator, alert, cell, priority="on", schedule="")
    assert "Cochez aussi" in response.content.decode()
    assert accept(client, coordinator, alert, cell, schedule="").status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACCEPTED and not AgendaItem.objects.filter(situation=alert.situation).exists()
