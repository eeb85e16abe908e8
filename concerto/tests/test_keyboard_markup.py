"""The markup behind the keyboard fixes of issue 11, checked without a browser (test_browser_keyboard.py checks
them in Chromium at 390 px): ids unique on the meeting page, the actions table's scrolling area focusable and
named, the mobile skip link pointing at the menu button rather than the closed menu."""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import services
from concerto.plans.models import Action
from concerto.situations.tests.factories import CellFactory, SituationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_world(client):
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    situation = SituationFactory(council=council, cell=cell)
    Action.objects.create(
        council=council, situation=situation, owner_organisation=OrganisationFactory(council=council),
        text="Visite à domicile", due_on=timezone.localdate(),
    )  # fmt: skip
    start = timezone.now() + datetime.timedelta(days=20)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    services.agenda_add(meeting=meeting, situation=situation, actor=coordinator.user, kind="new", priority=False)
    client.force_login(coordinator.user)
    return situation, meeting


def _duplicate_ids(html: str) -> list[str]:
    return [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]


def test_the_meeting_page_has_unique_ids(client, coordinator_world):
    _situation, meeting = coordinator_world
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'id="id_user"' in html and 'id="id_invite_user"' in html  # both forms are on the page
    assert _duplicate_ids(html) == []


def test_the_actions_table_scrolls_in_a_focusable_named_region(client, coordinator_world):
    situation, _meeting = coordinator_world
    html = client.get(reverse("plans:situation_actions", args=[situation.code])).content.decode()
    assert re.search(
        r'<div class="fr-table__container"\s+tabindex="0"\s+role="region"\s+aria-label="Actions de la situation">', html
    )
    assert _duplicate_ids(html) == []
    # Narrow screens: the skip link leads to the « Menu » button (the navigation is a closed modal there).
    assert re.search(r'<li class="fr-hidden-lg">\s*<a class="fr-link" href="#bouton-menu-mobile">', html)
    assert re.search(r'<li class="fr-hidden fr-unhidden-lg">\s*<a class="fr-link" href="#navigation-principale">', html)
    assert 'id="bouton-menu-mobile"' in html and 'id="navigation-principale"' in html
