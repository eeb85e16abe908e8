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
    response = client.get(reverse("home"))
    board = panel_data(response, "coordination")
    assert board["overdue_by_partner"] == [
        {"owner_organisation_id": partner.organisation.pk, "owner_organisation__name": "CCAS du centre", "n": 1}
    ]
    assert board["unsigned"] == [past]
    assert board["inactive"] == [quiet]
    assert board["due_for_review"] == [reviewed]
    assert board["next_session"] == upcoming
    assert "Suivi de la coordination" in response.content.decode()

    client.force_login(partner.user)
    response = client.get(reverse("home"))
    assert response.context["panels"]["coordination"] == []
    assert "Suivi de la coordination" not in response.content.decode()
    member = panel_data(response, "member")
    assert member["next_meetings"] == [upcoming]
    assert [a.situation for a in member["open_actions"]] == [reviewed]
    assert [p.situation for p in member["my_participations"]] == [reviewed]


def panel_data(response, zone: str) -> dict:
    """The data of every panel of one zone of the home page, merged."""
    data = {}
    for panel in response.context["panels"][zone]:
        data.update(panel["data"])
    return data


def test_home_panels_come_from_the_apps_in_order():
    """Panels are declared by the apps (core imports none of them), filtered by role and sorted."""
    from concerto.core.registry import registry

    def names(role, zone):
        return [p.name for p in registry.panels_for(role, zone)]

    assert names(Role.COORDINATOR, "coordination") == [
        "situations.withdrawals", "situations.coordination", "meetings.sessions", "plans.overdue",
    ]  # fmt: skip
    assert names(Role.PARTNER, "coordination") == []
    assert names(Role.PARTNER, "member") == [  # the key figures: for an elected partner only (reports/panels.py)
        "reports.key_figures", "meetings.next", "plans.open_actions", "situations.participations",
    ]  # fmt: skip
    assert "plans.open_actions" not in names(Role.OBSERVER, "member")  # an observer owns no action
    assert names(Role.DPO, "notices") == ["privacy.unusual_reads"] and names(Role.PARTNER, "notices") == []
