"""Signing a record moves the examined situations through the table of allowed moves, never around it."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.core.transitions import Transitions
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.meetings import services
from concerto.meetings.enums import ItemKind
from concerto.meetings.models import AgendaItem
from concerto.situations import enums as situation_enums
from concerto.situations.enums import SituationStatus
from concerto.situations.tests.factories import CellFactory, SituationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_on_commit(run_on_commit):
    """The record is rendered and sent on commit."""


@pytest.fixture
def session():
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user,
        data={"cell": cell, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)},
    )  # fmt: skip
    situations = {}
    for position, status in enumerate(
        [SituationStatus.TO_EXAMINE, SituationStatus.WATCH, SituationStatus.CLOSED, SituationStatus.FOLLOWED]
    ):
        situation = SituationFactory(council=council, cell=cell, status=status)
        AgendaItem.objects.create(meeting=meeting, situation=situation, kind=ItemKind.NEW, position=position)
        situations[status] = situation
    not_examined = SituationFactory(council=council, cell=cell, status=SituationStatus.TO_EXAMINE)
    return coordinator, meeting, situations, not_examined


def _sign_off(client, coordinator, meeting):
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=30), tick=False):
        client.force_login(coordinator.user)
        response = client.post(reverse("meetings:sign_off", args=[meeting.pk]))
        assert response.status_code == 302, response
        assert response.url == reverse("meetings:detail", args=[meeting.pk]), response.url


def _statuses(situations):
    return {status: type(s).objects.get(pk=s.pk).status for status, s in situations.items()}


def test_sign_off_moves_examined_situations_to_followed_only_from_to_examine(client, session):
    coordinator, meeting, situations, not_examined = session
    _sign_off(client, coordinator, meeting)
    assert _statuses(situations) == {
        SituationStatus.TO_EXAMINE: SituationStatus.FOLLOWED,
        # The table lets no "watch" situation move to followed; a closed one is reopened only on purpose.
        SituationStatus.WATCH: SituationStatus.WATCH,
        SituationStatus.CLOSED: SituationStatus.CLOSED,
        SituationStatus.FOLLOWED: SituationStatus.FOLLOWED,
    }
    not_examined.refresh_from_db()
    assert not_examined.status == SituationStatus.TO_EXAMINE


def test_sign_off_follows_the_transition_table(client, session, monkeypatch):
    """Were the table to forbid "to examine" → "followed", the sign-off would leave the situation as it is."""
    coordinator, meeting, situations, _ = session
    table = situation_enums.SITUATION_TRANSITIONS
    without = Transitions(
        {state: targets - {SituationStatus.FOLLOWED} for state, targets in table.moves.items()}, table.labels
    )
    monkeypatch.setattr(services, "SITUATION_TRANSITIONS", without)
    _sign_off(client, coordinator, meeting)
    assert _statuses(situations)[SituationStatus.TO_EXAMINE] == SituationStatus.TO_EXAMINE


def test_sources_for_lists_the_states_allowed_to_reach_a_target():
    table = Transitions({"a": {"b", "c"}, "b": {"c"}, "c": set()}, {})
    assert table.sources_for("c") == {"a", "b"}
    assert table.sources_for("b") == {"a"}
    assert table.sources_for("a") == frozenset()
    assert situation_enums.SITUATION_TRANSITIONS.sources_for(SituationStatus.FOLLOWED) == {
        SituationStatus.TO_EXAMINE,
        SituationStatus.CLOSED,
    }
