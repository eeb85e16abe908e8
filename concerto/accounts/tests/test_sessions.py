"""A coordinator lists and ends only the sessions working for their own council (hardening issue, point B2)."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from concerto.accounts.enums import Profession, Role
from concerto.factories import PASSWORD, CouncilFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils():
    # CurrentCouncilMiddleware works for the first council by name until the member switches.
    return CouncilFactory(name="A — CLSM Amont"), CouncilFactory(name="B — CLSM Bassin")


@pytest.fixture
def coordinators(councils):
    a, b = councils
    return tuple(
        MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
        for council in (a, b)
    )


@pytest.fixture
def member(councils):
    """A landlord member of both councils (no second factor needed: logs in with the password)."""
    user = UserFactory(totp=False)
    for council in councils:
        MembershipFactory(council=council, user=user, role=Role.PARTNER, profession=Profession.LANDLORD)
    return user


def _listed(coordinator) -> list[int]:
    client = Client()
    client.force_login(coordinator.user)
    response = client.get(reverse("accounts:session_list"))
    assert response.status_code == 200
    return [s.pk for s in response.context["sessions"]]


def _revoke(coordinator, session) -> int:
    client = Client()
    client.force_login(coordinator.user)
    return client.post(reverse("accounts:session_revoke", args=[session.pk])).status_code


def _laptop(member) -> tuple[Client, UserSession]:
    laptop = Client()
    assert laptop.post(reverse("account_login"), {"login": member.email, "password": PASSWORD}).status_code == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 200
    return laptop, UserSession.objects.get(user=member)


def test_a_session_working_for_council_a_is_not_council_bs(councils, coordinators, member):
    coordinator_a, coordinator_b = coordinators
    laptop, session = _laptop(member)  # works for A, the first council by name
    assert session.pk in _listed(coordinator_a)
    assert session.pk not in _listed(coordinator_b)
    assert _revoke(coordinator_b, session) == 404
    assert laptop.get(reverse("accounts:profile")).status_code == 200  # still open
    assert _revoke(coordinator_a, session) == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 302  # sent back to the login page


def test_the_session_follows_the_council_switch(councils, coordinators, member):
    coordinator_a, coordinator_b = coordinators
    laptop, session = _laptop(member)
    laptop.post(reverse("accounts:council_switch"), {"council": str(councils[1].pk)})
    assert session.pk in _listed(coordinator_b)
    assert session.pk not in _listed(coordinator_a)
    assert _revoke(coordinator_a, session) == 404
    assert _revoke(coordinator_b, session) == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 302


def test_a_session_of_unknown_council_is_listed_only_for_a_single_council_member(councils, coordinators, member):
    """No readable session data (expired, ended, or not logged in): the council cannot be known."""
    coordinator_a, coordinator_b = coordinators
    stale = UserSession.objects.create(user=member, ip="127.0.0.1", session_key="perimee", user_agent="test")
    assert stale.pk not in _listed(coordinator_a)
    assert stale.pk not in _listed(coordinator_b)
    assert _revoke(coordinator_b, stale) == 404
    single = MembershipFactory(council=councils[0], role=Role.PARTNER, profession=Profession.LANDLORD).user
    own = UserSession.objects.create(user=single, ip="127.0.0.1", session_key="perimee-2", user_agent="test")
    assert own.pk in _listed(coordinator_a)
    assert own.pk not in _listed(coordinator_b)
