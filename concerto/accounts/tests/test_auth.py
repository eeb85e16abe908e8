import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.urls import reverse

from concerto.accounts.enums import Profession, Role
from concerto.accounts.middleware import SESSION_FLAG
from concerto.core.middleware import IdleTimeoutMiddleware
from concerto.factories import PASSWORD, CouncilFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def test_login_with_password_then_second_factor(client):
    membership = MembershipFactory(role=Role.COORDINATOR)
    user = membership.user
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not logged in yet: the home page still asks for a login.
    assert client.get(reverse("home")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(user.totp_secret)})
    assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert membership.council.name in response.content.decode()


def test_wrong_totp_code_is_refused_in_french(client):
    user = MembershipFactory(role=Role.COORDINATOR).user
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()


def test_recovery_code_logs_in(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = MembershipFactory(role=Role.CELL_MEMBER).user
    code = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()[0]
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("role", "profession", "must_enrol"),
    [
        (Role.COORDINATOR, Profession.ADMINISTRATIVE, True),
        (Role.CELL_MEMBER, Profession.LANDLORD, True),
        (Role.DPO, Profession.ADMINISTRATIVE, True),
        (Role.PARTNER, Profession.HEALTH, True),
        (Role.PARTNER, Profession.SOCIAL, True),
        (Role.PARTNER, Profession.LANDLORD, False),
        (Role.GOVERNANCE_MEMBER, Profession.ELECTED, False),
        (Role.OBSERVER, Profession.POLICE, False),
    ],
)
def test_second_factor_is_mandatory_for_who_may_see_identity(client, role, profession, must_enrol):
    membership = MembershipFactory(role=role, profession=profession, user=UserFactory(totp=False))
    client.post(reverse("account_login"), {"login": membership.user.email, "password": PASSWORD})
    response = client.get(reverse("directory:list"))
    if must_enrol:
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
        # allauth asks for the password again before touching the second factor.
        assert client.get(reverse("mfa_activate_totp")).status_code == 302
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert client.get(reverse("mfa_activate_totp")).status_code == 200
    else:
        assert response.status_code == 200


def test_enrolment_then_access(client):
    membership = MembershipFactory(role=Role.COORDINATOR, user=UserFactory(totp=False))
    client.post(reverse("account_login"), {"login": membership.user.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=membership.user, type="totp").exists()
    assert client.get(reverse("directory:list")).status_code == 200


def test_second_factor_cannot_be_removed_when_required(client):
    membership = MembershipFactory(role=Role.CELL_MEMBER)
    client.post(reverse("account_login"), {"login": membership.user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(membership.user.totp_secret)})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200  # the form re-displays with allauth's refusal
    assert Authenticator.objects.filter(user=membership.user, type="totp").exists()


def test_totp_secret_is_encrypted_at_rest():
    user = UserFactory(totp=True)
    stored = Authenticator.objects.get(user=user, type="totp").data["secret"]
    assert user.totp_secret not in stored


def test_repeated_wrong_passwords_lock_the_account_and_the_coordinator_sees_it(client, settings):
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    victim = MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.LANDLORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("account_login"), {"login": victim.user.email, "password": "mauvais"})
        assert response.status_code == 200
        assert "sont incorrects" in response.content.decode()
    response = client.post(reverse("account_login"), {"login": victim.user.email, "password": "mauvais"})
    assert response.status_code == 429
    # Still locked, whatever the password: the answer stays 429.
    response = client.post(reverse("account_login"), {"login": victim.user.email, "password": "mauvais"})
    assert response.status_code == 429
    response = client.post(reverse("account_login"), {"login": victim.user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "temporairement verrouillé" in response.content.decode()

    client.force_login(coordinator.user)
    page = client.get(reverse("accounts:member_list")).content.decode()
    assert "Verrouillé jusqu'à" in page
    client.post(reverse("accounts:member_unlock", args=[victim.pk]))
    assert "Verrouillé jusqu'à" not in client.get(reverse("accounts:member_list")).content.decode()
    client.logout()
    response = client.post(reverse("account_login"), {"login": victim.user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_idle_session_expires(client, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    membership = MembershipFactory(role=Role.PARTNER, profession=Profession.LANDLORD)
    client.force_login(membership.user)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[IdleTimeoutMiddleware.KEY] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("home")).status_code == 302


def test_active_session_is_kept(client):
    membership = MembershipFactory(role=Role.PARTNER, profession=Profession.LANDLORD)
    client.force_login(membership.user)
    session = client.session
    session[IdleTimeoutMiddleware.KEY] = time.time() - 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200


def test_password_reset_sends_an_email(client):
    user = MembershipFactory().user
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "/comptes/password/reset/key/" in mail.outbox[0].body


def test_no_self_sign_up(client):
    response = client.post(
        reverse("account_signup"), {"email": "intrus@exemple.test", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    from concerto.accounts.models import User

    assert not User.objects.filter(email="intrus@exemple.test").exists()


def test_mfa_flag_is_cached_in_session(client):
    membership = MembershipFactory(role=Role.COORDINATOR)
    client.force_login(membership.user)
    client.get(reverse("home"))
    assert client.session[SESSION_FLAG] is True
