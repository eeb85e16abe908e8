"""The slot poll's writes live in `poll_services`: an answer page shows what was answered, and a poll whose date is
chosen takes no more answers nor another choice."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.meetings import poll_services
from concerto.meetings.models import Availability, PollAnswer, PollInvitee
from concerto.situations.tests.factories import CellFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(django_capture_on_commit_callbacks):
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    member = MembershipFactory(council=council, role=Role.CELL_MEMBER, profession=Profession.HEALTH)
    CellMember.objects.create(cell=cell, membership=member)
    start = timezone.now() + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        poll = poll_services.poll_create(
            council=council, actor=coordinator.user, cell=cell, place="Mairie",
            slots=[start, start + datetime.timedelta(days=1)], duration=datetime.timedelta(minutes=90),
        )  # fmt: skip
    return poll, coordinator


def test_an_answer_is_recorded_and_shown_checked(client, poll, monkeypatch):
    poll, _ = poll
    invitee = PollInvitee.objects.get(poll=poll)
    first, second = poll.slots.order_by("starts_at")
    poll_services.poll_answer(invitee=invitee, answers={first.pk: Availability.YES, second.pk: "n'importe quoi"})
    assert list(PollAnswer.objects.values_list("slot", "availability")) == [(first.pk, Availability.YES)]
    monkeypatch.setattr("concerto.meetings.polls.token_hash", lambda token: invitee.token_hash)
    page = client.get(reverse("meetings:poll_answer", args=["jeton"])).content.decode()
    assert f'id="slot-{first.pk}-{Availability.YES}"' in page
    checked = [line for line in page.splitlines() if "checked" in line]
    assert len(checked) == 1


def test_a_chosen_poll_takes_no_more_answers_nor_another_choice(poll, django_capture_on_commit_callbacks):
    poll, coordinator = poll
    first, second = poll.slots.order_by("starts_at")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = poll_services.poll_choose(poll=poll, slot=first, actor=coordinator.user)
    poll.refresh_from_db()
    assert poll.meeting == meeting and meeting.extraordinary and meeting.starts_at == first.starts_at
    with pytest.raises(poll_services.PollClosed):
        poll_services.poll_choose(poll=poll, slot=second, actor=coordinator.user)
    invitee = PollInvitee.objects.select_related("poll").get(poll=poll)
    with pytest.raises(poll_services.PollClosed):
        poll_services.poll_answer(invitee=invitee, answers={first.pk: Availability.NO})
    assert not PollAnswer.objects.exists()
