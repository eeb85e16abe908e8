import re

import pytest
from django.core import mail
from django.urls import reverse

from concerto.accounts.enums import Profession, Role
from concerto.accounts.models import Invitation, Membership, User
from concerto.factories import PASSWORD, CouncilFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(name="CLSM Val-de-Lys")


@pytest.fixture
def coordinator(client, council):
    membership = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    client.force_login(membership.user)
    return membership


@pytest.fixture(autouse=True)
def _run_on_commit(run_on_commit):
    """E-mails are sent on commit: each request of the test client runs its on-commit callbacks."""


def _invite(client, council, **overrides):
    organisation = OrganisationFactory(council=council)
    data = {
        "email": "Nouvelle.Personne@Exemple.test",
        "first_name": "Nadia",
        "last_name": "Ferreira",
        "role": Role.CELL_MEMBER,
        "profession": Profession.SOCIAL,
        "organisation": organisation.pk,
        "job_title": "Assistante sociale",
        **overrides,
    }
    return client.post(reverse("accounts:member_invite"), data)


def test_invitation_creates_an_account_with_the_role_chosen_by_the_coordinator(client, coordinator, council):
    response = _invite(client, council)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle.personne@exemple.test"]
    assert council.name in message.subject
    link = re.search(r"http://testserver(/invitation/[^/\s]+/)", message.body).group(1)
    invitation = Invitation.objects.get()
    assert link.split("/")[2] not in invitation.token_hash  # only the hash is stored

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(
        link, {"first_name": "Nadia", "last_name": "Ferreira", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.personne@exemple.test")
    membership = Membership.objects.get(user=user, council=council)
    assert (membership.role, membership.profession) == (Role.CELL_MEMBER, Profession.SOCIAL)
    # The link is single-use.
    assert client.get(link).status_code == 404
    # A cell member must enrol a second factor before anything else.
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_weak_password_is_refused_and_names_are_kept(client, coordinator, council):
    _invite(client, council)
    link = re.search(r"http://testserver(/invitation/[^/\s]+/)", mail.outbox[0].body).group(1)
    client.logout()
    response = client.post(
        link, {"first_name": "Nadia", "last_name": "Ferreira", "password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce mot de passe est trop court" in page
    assert 'value="Ferreira"' in page
    assert not User.objects.filter(email="nouvelle.personne@exemple.test").exists()


def test_existing_member_cannot_be_invited_twice(client, coordinator, council):
    response = _invite(client, council, email=coordinator.user.email)
    assert response.status_code == 200
    assert "déjà membre du conseil" in response.content.decode()


def test_revoked_invitation_no_longer_works(client, coordinator, council):
    _invite(client, council)
    link = re.search(r"http://testserver(/invitation/[^/\s]+/)", mail.outbox[0].body).group(1)
    client.post(reverse("accounts:invitation_revoke", args=[Invitation.objects.get().pk]))
    client.logout()
    assert client.get(link).status_code == 404


def test_existing_user_joins_a_second_council_and_switches(client, council):
    other = CouncilFactory(name="Réseau des Weppes")
    member = MembershipFactory(council=other, role=Role.COORDINATOR)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    client.force_login(coordinator.user)
    _invite(client, council, email=member.user.email, role=Role.PARTNER, profession=Profession.ADMINISTRATIVE)
    link = re.search(r"http://testserver(/invitation/[^/\s]+/)", mail.outbox[0].body).group(1)
    client.force_login(member.user)
    assert client.post(link).status_code == 302
    assert set(member.user.memberships.values_list("council__name", flat=True)) == {council.name, other.name}

    client.post(reverse("accounts:council_switch"), {"council": other.pk})
    assert client.get(reverse("home")).context["current_council"] == other
    client.post(reverse("accounts:council_switch"), {"council": council.pk})
    assert client.get(reverse("home")).context["current_council"] == council
    # A council the user does not belong to cannot be chosen.
    stranger = CouncilFactory()
    client.post(reverse("accounts:council_switch"), {"council": stranger.pk})
    assert client.get(reverse("home")).context["current_council"] == council


def test_coordinator_sets_role_and_profession(client, coordinator, council):
    member = MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.LANDLORD)
    response = client.post(
        reverse("accounts:member_edit", args=[member.pk]),
        {"role": Role.CELL_MEMBER, "profession": Profession.HEALTH, "job_title": "Infirmier", "is_active": "on"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.profession) == (Role.CELL_MEMBER, Profession.HEALTH)


def test_deactivated_member_loses_access(client, coordinator, council):
    member = MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.LANDLORD)
    client.post(
        reverse("accounts:member_edit", args=[member.pk]),
        {"role": Role.PARTNER, "profession": Profession.LANDLORD, "job_title": ""},
    )
    client.force_login(member.user)
    assert client.get(reverse("directory:list")).status_code == 403


def test_member_list_shows_second_factor_state(client, coordinator, council):
    page = client.get(reverse("accounts:member_list")).content.decode()
    assert "Activée" in page


def test_coordinator_sees_and_ends_a_members_session(client, coordinator, council):
    from django.test import Client

    from concerto.factories import PASSWORD, UserFactory

    member = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.LANDLORD, user=UserFactory(totp=False)
    )
    laptop = Client()
    assert laptop.post(reverse("account_login"), {"login": member.user.email, "password": PASSWORD}).status_code == 302
    assert laptop.get(reverse("home")).status_code == 200
    page = client.get(reverse("accounts:session_list"))
    (session,) = [s for s in page.context["sessions"] if s.user == member.user]
    client.post(reverse("accounts:session_revoke", args=[session.pk]))
    assert laptop.get(reverse("home")).status_code == 302  # sent back to the login page
