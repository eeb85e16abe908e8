import pytest

from concerto.accounts.enums import Profession, Role
from concerto.browser import page  # noqa: F401 - the real-browser fixture, for every test module
from concerto.factories import MembershipFactory


class InvalidTemplateVariable(str):
    """Makes an unknown variable in one of our templates visible in tests."""

    def __mod__(self, other):
        raise AssertionError(f"Variable de gabarit inconnue : {other!r}")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CONCERTO_SITE_URL = "http://testserver"


# The role → profession pairs used by the access matrix and most tests.
ROLE_PROFESSIONS = {
    Role.COORDINATOR: Profession.ADMINISTRATIVE,
    Role.CELL_MEMBER: Profession.HEALTH,
    Role.PARTNER: Profession.LANDLORD,
    Role.HOUSING_MEMBER: Profession.SOCIAL,
    Role.GOVERNANCE_MEMBER: Profession.ELECTED,
    Role.DPO: Profession.ADMINISTRATIVE,
    Role.OBSERVER: Profession.ADMINISTRATIVE,
}


@pytest.fixture
def member_factory():
    def make(council, role=Role.PARTNER, profession=None, **kwargs):
        return MembershipFactory(council=council, role=role, profession=profession or ROLE_PROFESSIONS[role], **kwargs)

    return make
