"""The world of the authorisation matrix and of the disclosure (sentinel) tests."""

from types import SimpleNamespace

import pytest

from concerto.accounts.enums import Role
from concerto.accounts.models import Invitation
from concerto.core.utils import token_hash
from concerto.factories import ContactFactory, CouncilFactory, OrganisationFactory, SectorFactory
from concerto.situations.tests.factories import build_situation_world


@pytest.fixture
def world(member_factory):
    council = CouncilFactory()
    other_council = CouncilFactory()
    org = OrganisationFactory(council=council)
    token = "jeton-de-test"
    world = SimpleNamespace(
        council=council,
        org=org,
        contact=ContactFactory(organisation=org),
        sector=SectorFactory(council=council),
        commune=council.communes.first(),
        memberships={role: member_factory(council, role) for role in Role},
        other=member_factory(other_council, Role.COORDINATOR),
        token=token,
    )
    OrganisationFactory(council=other_council)
    build_situation_world(world, member_factory)
    from allauth.usersessions.models import UserSession

    world.session = UserSession.objects.create(
        user=world.memberships[Role.PARTNER].user, ip="127.0.0.1", session_key="cle-de-session-test", user_agent="test"
    )
    world.invitation = Invitation.objects.create(
        council=council,
        email="invitee@exemple.test",
        first_name="In",
        last_name="Vitée",
        role=Role.PARTNER,
        profession="social",
        token_hash=token_hash(token),
        expires_at="2999-01-01T00:00:00Z",
    )
    return world
