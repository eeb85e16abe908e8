"""Keyboard and axe at 390 px (issue 11): the actions table's scrolling area is focusable and named, the meeting
page has no duplicate ids (two forms with a `user` field), and the mobile skip link leads to something visible."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.browser import check_accessibility, login
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import services
from concerto.plans.models import Action
from concerto.situations.tests.factories import CellFactory, SituationFactory

pytestmark = pytest.mark.browser

DUPLICATE_IDS = """(() => {
  const seen = {}, twice = [];
  for (const el of document.querySelectorAll('[id]')) { if (seen[el.id]) twice.push(el.id); seen[el.id] = true; }
  return twice;
})()"""
SKIP_TARGET_SHOWN = """(() => {
  const links = [...document.querySelectorAll('.fr-skiplinks a')].filter(a => a.offsetParent !== null);
  return links.map(a => { const t = document.querySelector(a.getAttribute('href')); return !!t && t.offsetParent !== null; });
})()"""


@pytest.mark.django_db(transaction=True)
def test_actions_and_meeting_pages_at_390_px(page, live_server):
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    situation = SituationFactory(council=council, cell=cell)
    Action.objects.create(
        council=council, situation=situation, owner_organisation=OrganisationFactory(council=council),
        text="Visite à domicile conjointe du CMP et du bailleur", due_on=timezone.localdate(),
    )  # fmt: skip
    start = timezone.now() + datetime.timedelta(days=20)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    services.agenda_add(meeting=meeting, situation=situation, actor=coordinator.user, kind="new", priority=False)
    login(page, live_server, coordinator.user)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(live_server.url + reverse("plans:situation_actions", args=[situation.code]))
    region = page.locator(".fr-table__container[role=region][tabindex='0']")
    assert region.count() == 1 and region.get_attribute("aria-label") == "Actions de la situation"
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('fr-table__container')")
    assert page.evaluate(SKIP_TARGET_SHOWN) == [True, True]  # « contenu » and the « Menu » button
    assert page.evaluate(DUPLICATE_IDS) == []
    check_accessibility(page)

    page.goto(live_server.url + reverse("meetings:detail", args=[meeting.pk]))
    assert page.locator("#id_user").count() == 1 and page.locator("#id_invite_user").count() == 1
    assert page.evaluate(DUPLICATE_IDS) == []
    check_accessibility(page)
