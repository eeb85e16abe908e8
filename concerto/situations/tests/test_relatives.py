"""A relative of the person among the situation's participants (issue 13): added by the coordinator only, for a
nominative situation whose agreement in force covers relatives; never an account, never any content; their name
and contact are identity (shown only to readers who see the identity, each read logged)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.accounts.models import User
from concerto.core.models import AccessLog, Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.situations.enums import ConsentKind, PersonMode, Relationship
from concerto.situations.models import ConsentRecord, Relative, Situation
from concerto.situations.tests.factories import add_participant, nominative_situation

pytestmark = pytest.mark.django_db

NAME = "Paulette RELATIVE-4471"
CONTACT = "06 11 22 RELATIVE-CONTACT"


def matrix_relative(world) -> Relative:
    """A relative of the matrix world's situation (test_authorisation_matrix)."""
    existing = Relative.objects.filter(situation=world.situation).first()
    return existing or Relative.objects.create(
        situation=world.situation, name="Proche Matrice", relationship=Relationship.PARENT,
        since=timezone.localdate() - datetime.timedelta(days=2),
    )  # fmt: skip


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def people(council):
    def member(role, profession, org_name):
        organisation = OrganisationFactory(council=council, name=org_name)
        return MembershipFactory(council=council, role=role, profession=profession, organisation=organisation)

    return {
        "coordinator": member(Role.COORDINATOR, Profession.ADMINISTRATIVE, "Coordination"),
        "nurse": member(Role.PARTNER, Profession.HEALTH, "CMP"),
        "landlord": member(Role.PARTNER, Profession.LANDLORD, "Bailleur social"),
        "peer": member(Role.PARTNER, Profession.PEER_EXPERT, "GEM Le Phare"),
        "cell_member": member(Role.CELL_MEMBER, Profession.SOCIAL, "CCAS"),
        "other": MembershipFactory(council=CouncilFactory(), role=Role.COORDINATOR),
    }


@pytest.fixture
def situation(council, people):
    situation = nominative_situation(council)
    ConsentRecord.objects.filter(situation=situation).update(covers_relatives=True)
    for key in ("nurse", "landlord", "peer"):
        add_participant(situation, people[key])
    return situation


def login(client, membership):
    client.logout()
    client.force_login(membership.user)
    return client


def add_url(situation):
    return reverse("situations:relative_add", kwargs={"code": situation.code})


def tab_url(situation):
    return reverse("situations:participants", kwargs={"code": situation.code})


def data(**overrides):
    return {
        "name": NAME, "relationship": Relationship.PARENT, "contact": CONTACT,
        "since": timezone.localdate().isoformat(), **overrides,
    }  # fmt: skip


def test_the_coordinator_adds_a_relative_who_gets_no_account(client, people, situation):
    users = User.objects.count()
    response = login(client, people["coordinator"]).post(add_url(situation), data())
    assert response.status_code == 302
    relative = Relative.objects.get(situation=situation)
    assert (relative.name, relative.relationship, relative.contact) == (NAME, Relationship.PARENT, CONTACT)
    assert User.objects.count() == users
    event = Event.objects.get(verb="relative_added")
    assert NAME not in str(event.data) and CONTACT not in str(event.data)
    # Stored encrypted: the raw column never holds the name.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact FROM situations_relative")
        raw = cursor.fetchone()
    assert NAME not in raw[0] and CONTACT not in raw[1]


@pytest.mark.parametrize(
    ("key", "status"), [("nurse", 403), ("landlord", 403), ("peer", 403), ("cell_member", 403), ("other", 404)]
)
def test_only_the_coordinator_adds_or_ends_a_relative(client, people, situation, key, status):
    relative = matrix_relative(type("W", (), {"situation": situation}))
    client = login(client, people[key])
    assert client.post(add_url(situation), data()).status_code == status
    end = reverse("situations:relative_end", kwargs={"code": situation.code, "pk": relative.pk})
    assert client.post(end).status_code == status
    assert Relative.objects.filter(situation=situation).count() == 1
    assert Relative.objects.get().until is None


def test_anonymous_visitor_is_sent_to_login(client, situation):
    assert client.post(add_url(situation), data()).status_code == 302
    assert not Relative.objects.exists()


def _refused(client, people, situation, message):
    page = login(client, people["coordinator"]).post(add_url(situation), data())
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Relative.objects.exists()


def test_refused_when_the_agreement_does_not_cover_relatives(client, people, situation):
    ConsentRecord.objects.filter(situation=situation).update(covers_relatives=False)
    _refused(client, people, situation, "ne couvre pas l&#x27;association de ses proches")


def test_refused_without_any_agreement(client, people, situation):
    ConsentRecord.objects.filter(situation=situation).delete()
    _refused(client, people, situation, "aucun accord enregistré")


def test_refused_when_the_situation_is_not_nominative(client, people, situation):
    Situation.objects.filter(pk=situation.pk).update(person_mode=PersonMode.INITIALS)
    _refused(client, people, situation, "situation nominative")


def test_refused_after_a_withdrawal(client, people, situation):
    ConsentRecord.objects.create(
        situation=situation, kind=ConsentKind.WITHDRAWAL, occurred_on=timezone.localdate(), by_whom="CMP",
        means="Courrier",
    )  # fmt: skip
    page = login(client, people["coordinator"]).post(add_url(situation), data())
    assert "retiré son accord" in page.content.decode()
    assert not Relative.objects.exists()


def test_a_name_is_required_and_the_bond_comes_from_the_list(client, people, situation):
    coordinator = login(client, people["coordinator"])
    assert coordinator.post(add_url(situation), data(name="  ")).status_code == 200
    assert coordinator.post(add_url(situation), data(relationship="voisin")).status_code == 200
    assert not Relative.objects.exists()


def test_the_participants_tab_shows_names_to_identity_readers_only(client, people, situation):
    Relative.objects.create(
        situation=situation, name=NAME, relationship=Relationship.SIBLING, contact=CONTACT,
        since=timezone.localdate(),
    )  # fmt: skip
    for key in ("coordinator", "nurse", "landlord", "peer"):
        page = login(client, people[key]).get(tab_url(situation)).content.decode()
        assert NAME in page and CONTACT in page and "Frère ou sœur" in page, key
    logged = AccessLog.objects.filter(scope="identity", source="situations:participants").count()
    assert logged == 4
    # The cell member who takes part in nothing does not open the tab.
    assert login(client, people["cell_member"]).get(tab_url(situation)).status_code == 404
    # Once the situation is no longer nominative nobody sees the name, not even the coordinator; the bond stays.
    Situation.objects.filter(pk=situation.pk).update(person_mode=PersonMode.INITIALS)
    for key in ("coordinator", "nurse"):
        page = login(client, people[key]).get(tab_url(situation)).content.decode()
        assert NAME not in page and CONTACT not in page and "Frère ou sœur" in page, key
    # The form is offered to the coordinator only.
    assert (
        'action="' + add_url(situation) + '"'
        not in login(client, people["nurse"]).get(tab_url(situation)).content.decode()
    )


def test_the_coordinator_ends_a_relative(client, people, situation):
    relative = Relative.objects.create(
        situation=situation, name=NAME, relationship=Relationship.PARENT, since=timezone.localdate()
    )
    end = reverse("situations:relative_end", kwargs={"code": situation.code, "pk": relative.pk})
    assert login(client, people["coordinator"]).post(end).status_code == 302
    relative.refresh_from_db()
    assert relative.until == timezone.localdate() - datetime.timedelta(days=1)
    assert Event.objects.filter(verb="relative_ended").count() == 1
    client.post(end)  # twice: nothing more
    assert Event.objects.filter(verb="relative_ended").count() == 1


def test_a_relative_of_another_situation_is_not_found(client, council, people, situation):
    other = nominative_situation(council)
    relative = Relative.objects.create(
        situation=other, name=NAME, relationship=Relationship.PARENT, since=timezone.localdate()
    )
    end = reverse("situations:relative_end", kwargs={"code": situation.code, "pk": relative.pk})
    assert login(client, people["coordinator"]).post(end).status_code == 404


def test_the_consent_form_records_that_the_agreement_covers_relatives(client, people, situation):
    url = reverse("situations:consent", kwargs={"code": situation.code})
    response = login(client, people["coordinator"]).post(
        url,
        {
            "kind": ConsentKind.AGREEMENT, "occurred_on": timezone.localdate().isoformat(), "by_whom": "CCAS",
            "means": "Entretien", "covers_relatives": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert ConsentRecord.objects.filter(situation=situation).latest("created_at").covers_relatives
    assert "et les proches de la personne" in client.get(url).content.decode()


def test_anonymisation_destroys_the_relatives(people, situation):
    from concerto.situations.retention import anonymise_situation

    Relative.objects.create(
        situation=situation, name=NAME, relationship=Relationship.PARENT, since=timezone.localdate()
    )
    anonymise_situation(situation)
    assert not Relative.objects.exists()
