"""The people served, at the table (issue 13): user representatives (GEM, UNAFAM), peer experts and families or
carers are members with their own category. They are not health or social professionals (decree 2016-994): taking
part in a situation, they read what any participant outside those professions reads, never clinical content."""

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import CLINICAL_PROFESSIONS, MFA_PROFESSIONS, Profession, Role
from concerto.accounts.models import Invitation, Membership
from concerto.directory.enums import OrganisationType
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.plans.models import Action
from concerto.situations.enums import Visibility
from concerto.situations.models import JournalNote
from concerto.situations.policy import Reader, Relation, disclosure_for
from concerto.situations.tests.factories import add_participant, nominative_situation

pytestmark = pytest.mark.django_db

SERVED = [Profession.USER_REPRESENTATIVE, Profession.PEER_EXPERT, Profession.FAMILY]
HEALTH_NOTE = "Note clinique HEALTH-6631"
SHARED_NOTE = "Note partagée SHARED-2250"
HEALTH_ACTION = "Action de soin ACTION-7719"


def test_the_new_categories_never_open_clinical_content():
    """Not by their category: a second factor is still required as soon as they take part in a situation (they may
    then see the identity), as for every member (Membership.requires_mfa)."""
    for profession in SERVED:
        assert profession not in CLINICAL_PROFESSIONS and profession not in MFA_PROFESSIONS


@pytest.fixture
def world():
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    situation = nominative_situation(council)
    nurse = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.HEALTH,
        organisation=OrganisationFactory(council=council, name="CMP"),
    )  # fmt: skip
    add_participant(situation, nurse)
    served = {}
    for profession in SERVED:
        organisation = OrganisationFactory(council=council, type=OrganisationType.USER_ASSOCIATION)
        membership = MembershipFactory(
            council=council, role=Role.PARTNER, profession=profession, organisation=organisation
        )
        add_participant(situation, membership)
        served[profession] = membership
    today = timezone.localdate()
    health = JournalNote.objects.create(
        situation=situation, visibility=Visibility.HEALTH_SOCIAL, occurred_on=today, text=HEALTH_NOTE
    )
    JournalNote.objects.create(
        situation=situation, visibility=Visibility.PARTICIPANTS, occurred_on=today, text=SHARED_NOTE
    )
    Action.objects.create(
        council=council, situation=situation, text=HEALTH_ACTION, visibility=Visibility.HEALTH_SOCIAL,
        owner_organisation=nurse.organisation, due_on=today,
    )  # fmt: skip
    return {
        "council": council, "coordinator": coordinator, "situation": situation, "nurse": nurse, "served": served,
        "health_note": health,
    }  # fmt: skip


@pytest.mark.parametrize("profession", SERVED)
def test_a_member_of_the_people_served_sees_no_health_content(client, world, profession):
    membership = world["served"][profession]
    situation = world["situation"]
    assert disclosure_for(Reader.of(membership), situation).relation == Relation.OTHER_PROFESSION
    client.force_login(membership.user)
    code = situation.code
    summary = client.get(reverse("situations:detail", kwargs={"code": code}))
    assert summary.status_code == 200
    page = summary.content.decode()
    assert "Incurie" in page and "Refus ou rupture de soins" not in page
    journal = client.get(reverse("situations:journal", kwargs={"code": code})).content.decode()
    assert SHARED_NOTE in journal and HEALTH_NOTE not in journal
    note = reverse("situations:note", kwargs={"code": code, "pk": world["health_note"].pk})
    assert client.get(note).status_code == 404
    assert HEALTH_ACTION not in client.get(reverse("plans:situation_actions", kwargs={"code": code})).content.decode()
    # The health participant, for comparison, reads it all.
    client.force_login(world["nurse"].user)
    assert HEALTH_NOTE in client.get(reverse("situations:journal", kwargs={"code": code})).content.decode()


def test_the_coordinator_invites_a_peer_expert_with_the_right_category(client, world):
    client.force_login(world["coordinator"].user)
    page = client.get(reverse("accounts:member_invite")).content.decode()
    for profession in SERVED:
        assert f'value="{profession.value}"' in page
    organisation = OrganisationFactory(council=world["council"], type=OrganisationType.GEM, name="GEM Le Phare")
    response = client.post(
        reverse("accounts:member_invite"),
        {
            "email": "pair-aidante@exemple.test", "first_name": "Sophie", "last_name": "Lemaire",
            "role": Role.CELL_MEMBER, "profession": Profession.PEER_EXPERT, "organisation": organisation.pk,
            "job_title": "Pair-aidante",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Invitation.objects.get(email="pair-aidante@exemple.test").profession == Profession.PEER_EXPERT


def test_the_directory_knows_user_associations(client, world):
    client.force_login(world["coordinator"].user)
    page = client.get(reverse("directory:create")).content.decode()
    assert f'value="{OrganisationType.USER_ASSOCIATION.value}"' in page
    assert Membership.objects.filter(organisation__type=OrganisationType.USER_ASSOCIATION).count() == 3
