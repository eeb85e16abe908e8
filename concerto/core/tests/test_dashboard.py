import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings.models import AgendaItem, Meeting, MeetingInvitation
from concerto.plans.models import Action
from concerto.situations.tests.factories import SituationFactory, add_participant

pytestmark = pytest.mark.django_db


def test_coordinator_board_and_member_board(client):
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    partner = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.SOCIAL,
        organisation=OrganisationFactory(council=council, name="CCAS du centre"),
    )  # fmt: skip
    quiet, reviewed = SituationFactory(council=council), SituationFactory(council=council)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=90)):
        Event.objects.create(
            council=council, verb="note_added", target_type="situations.situation", target_id=str(quiet.pk)
        )
    add_participant(reviewed, partner)
    past = Meeting.objects.create(
        council=council, starts_at=timezone.now() - datetime.timedelta(days=3), ends_at=timezone.now()
    )
    AgendaItem.objects.create(
        meeting=past, situation=reviewed, next_review=timezone.localdate() + datetime.timedelta(days=5)
    )
    upcoming = Meeting.objects.create(
        council=council,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3),
    )
    MeetingInvitation.objects.create(meeting=upcoming, user=partner.user, sent_at=timezone.now())
    Action.objects.create(
        council=council, situation=reviewed, text="x", owner_organisation=partner.organisation, owner_user=partner.user,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip

    client.force_login(coordinator.user)
    board = client.get(reverse("home")).context["board"]
    assert board["overdue_by_partner"] == [{"owner_organisation__name": "CCAS du centre", "n": 1}]
    assert board["unsigned"] == [past]
    assert board["inactive"] == [quiet]
    assert board["due_for_review"] == [reviewed]
    assert board["next_session"] == upcoming

    client.force_login(partner.user)
    response = client.get(reverse("home"))
    assert "board" not in response.context
    assert response.context["next_meetings"] == [upcoming]
    assert [a.situation for a in response.context["open_actions"]] == [reviewed]
    assert [p.situation for p in response.context["my_participations"]] == [reviewed]
