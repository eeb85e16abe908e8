"""Wrong second-factor codes count with wrong passwords towards the account lock (hardening issue, point A)."""

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from concerto.accounts.enums import Profession, Role
from concerto.factories import PASSWORD, CouncilFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def accepted_codes(secret: str) -> set[str]:
    """Every code the server accepts right now (MFA_TOTP_TOLERANCE: the previous, current and next periods)."""
    return {format_hotp_value(hotp_value(secret, counter)) for counter in yield_hotp_counters_from_time()}


def right_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def wrong_code(secret: str) -> str:
    accepted = accepted_codes(secret)
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in accepted)


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def coordinator(council):
    return MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)


@pytest.fixture
def victim(council):
    return MembershipFactory(council=council, role=Role.CELL_MEMBER, profession=Profession.HEALTH)


def _login_with_password(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def _locked_on_member_list(coordinator) -> bool:
    board = Client()
    board.force_login(coordinator.user)
    return "Verrouillé jusqu'à" in board.get(reverse("accounts:member_list")).content.decode()


def test_wrong_codes_lock_the_account_even_for_the_right_code(client, settings, coordinator, victim):
    user = victim.user
    _login_with_password(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("mfa_authenticate"), {"code": wrong_code(user.totp_secret)})
        assert response.status_code == 200
        assert "Code incorrect" in response.content.decode()
    assert not _locked_on_member_list(coordinator)
    # The fifth wrong code locks the account, as the fifth wrong password does.
    response = client.post(reverse("mfa_authenticate"), {"code": wrong_code(user.totp_secret)})
    assert response.status_code == 429
    assert "temporairement verrouillé" in response.content.decode()
    # The sixth attempt, with the right code, is refused too: the pending login does not complete.
    response = client.post(reverse("mfa_authenticate"), {"code": right_code(user.totp_secret)})
    assert response.status_code == 429
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert _locked_on_member_list(coordinator)
    # The typed codes are not kept in the attempt records.
    attempt = AccessAttempt.objects.get(username=user.email)
    assert wrong_code(user.totp_secret) not in attempt.post_data


def test_a_new_login_with_the_right_password_is_refused_while_locked(client, settings, victim):
    user = victim.user
    _login_with_password(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("mfa_authenticate"), {"code": wrong_code(user.totp_secret)})
    other = Client()
    response = other.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 429


def test_wrong_passwords_and_wrong_codes_add_up(client, coordinator, victim):
    user = victim.user
    for _ in range(3):
        client.post(reverse("account_login"), {"login": user.email, "password": "mauvais"})
    _login_with_password(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": wrong_code(user.totp_secret)}).status_code == 200
    assert client.post(reverse("mfa_authenticate"), {"code": wrong_code(user.totp_secret)}).status_code == 429
    assert client.post(reverse("mfa_authenticate"), {"code": right_code(user.totp_secret)}).status_code == 429
    assert _locked_on_member_list(coordinator)


def test_the_coordinator_lifts_a_second_factor_lock(client, settings, coordinator, victim):
    user = victim.user
    _login_with_password(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("mfa_authenticate"), {"code": wrong_code(user.totp_secret)})
    board = Client()
    board.force_login(coordinator.user)
    board.post(reverse("accounts:member_unlock", args=[victim.pk]))
    assert not _locked_on_member_list(coordinator)
    fresh = Client()
    _login_with_password(fresh, user)
    assert fresh.post(reverse("mfa_authenticate"), {"code": right_code(user.totp_secret)}).status_code == 302
    assert fresh.get(reverse("accounts:profile")).status_code == 200


def test_a_right_code_after_a_few_mistakes_resets_the_count(client, settings, victim):
    user = victim.user
    _login_with_password(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("mfa_authenticate"), {"code": wrong_code(user.totp_secret)})
    assert client.post(reverse("mfa_authenticate"), {"code": right_code(user.totp_secret)}).status_code == 302
    assert not AccessAttempt.objects.filter(username=user.email).exists()


def test_wrong_codes_at_reauthentication_count_too(client, settings, victim):
    user = victim.user
    client.force_login(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("mfa_reauthenticate"), {"code": wrong_code(user.totp_secret)})
        assert response.status_code == 200
    response = client.post(reverse("mfa_reauthenticate"), {"code": wrong_code(user.totp_secret)})
    assert response.status_code == 429
    response = client.post(reverse("mfa_reauthenticate"), {"code": right_code(user.totp_secret)})
    assert response.status_code == 429
