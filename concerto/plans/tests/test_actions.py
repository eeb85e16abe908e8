import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.plans.models import Action, ProposalAnswer
from concerto.situations.models import Participant
from concerto.situations.tests.factories import add_participant, nominative_situation


def day(offset: int = 0) -> str:
    """A date relative to today (tests never depend on the day they run)."""
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    council = CouncilFactory()

    def member(role, profession, name):
        return MembershipFactory(
            council=council,
            role=role,
            profession=profession,
            organisation=OrganisationFactory(council=council, name=name),
        )

    people = {
        "coordinator": member(Role.COORDINATOR, Profession.ADMINISTRATIVE, "Coordination"),
        "nurse": member(Role.PARTNER, Profession.HEALTH, "CMP"),
        "landlord": member(Role.PARTNER, Profession.LANDLORD, "Bailleur"),
    }
    situation = nominative_situation(council)
    add_participant(situation, people["nurse"], is_referent=True)
    add_participant(situation, people["landlord"])
    return council, situation, people


def test_coordinator_adds_actions_and_each_owner_sees_what_concerns_them(client, setup):
    council, situation, people = setup
    url = reverse("plans:situation_actions", args=[situation.code])
    client.force_login(people["coordinator"].user)
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    for text, who in (("Reprendre contact avec le CMP", "nurse"), ("Visite conjointe du logement", "landlord")):
        response = client.post(
            url,
            {"action-text": text, "action-owner_organisation": people[who].organisation.pk, "action-due_on": due},
        )
        assert response.status_code == 302
    assert Action.objects.count() == 2
    assert Event.objects.filter(verb="action_created", target_id=str(situation.pk)).count() == 2

    client.force_login(people["landlord"].user)
    page = client.get(url).content.decode()
    assert "Visite conjointe du logement" in page and "Reprendre contact avec le CMP" not in page
    client.force_login(people["nurse"].user)
    page = client.get(url).content.decode()
    assert "Visite conjointe du logement" in page and "Reprendre contact avec le CMP" in page


def test_owner_updates_status_with_history_others_cannot(client, setup):
    council, situation, people = setup
    action = Action.objects.create(
        council=council, situation=situation, text="Visite", owner_organisation=people["landlord"].organisation,
        due_on=timezone.localdate(),
    )  # fmt: skip
    url = reverse("plans:action_status", args=[situation.code, action.pk])
    client.force_login(people["nurse"].user)
    assert client.post(url, {"status": "done"}).status_code == 404
    client.force_login(people["landlord"].user)
    client.post(url, {"status": "in_progress"})
    client.post(url, {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    history = Event.objects.filter(verb="action_status_changed", data__action=action.pk).order_by("id")
    assert [(e.data["before"], e.data["after"]) for e in history] == [("todo", "in_progress"), ("in_progress", "done")]


def test_my_actions_lists_owned_actions_and_flags_overdue(client, setup):
    council, situation, people = setup
    Action.objects.create(
        council=council, situation=situation, text="En retard", owner_organisation=people["landlord"].organisation,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )  # fmt: skip
    Action.objects.create(
        council=council, situation=situation, text="Pas à moi", owner_organisation=people["nurse"].organisation,
        due_on=timezone.localdate(),
    )  # fmt: skip
    client.force_login(people["landlord"].user)
    page = client.get(reverse("plans:my_actions")).content.decode()
    assert "En retard" in page and "Pas à moi" not in page


def test_referent_records_the_persons_answer(client, setup):
    _council, situation, people = setup
    url = reverse("plans:situation_actions", args=[situation.code])
    client.force_login(people["landlord"].user)
    client.post(url, {"answer-told_on": day(-9), "answer-answer": "accepted"})
    assert not ProposalAnswer.objects.exists()
    client.force_login(people["nurse"].user)
    assert Participant.objects.get(user=people["nurse"].user).is_referent
    client.post(url, {"answer-told_on": day(-9), "answer-answer": "partly"})
    answer = ProposalAnswer.objects.get()
    assert (answer.answer, answer.told_by) == ("partly", people["nurse"].user)
    assert Event.objects.filter(verb="person_answer_recorded").exists()
