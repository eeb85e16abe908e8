"""« Le conseil en chiffres » (issue 14): the key figures of the year so far on the home page of the Bilan's
readers outside the cell (a body's member, the observer, an elected official), suppressed below k, with a link to
the Bilan; nobody else gets it."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.registry import registry
from concerto.factories import CouncilFactory
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import Meeting
from concerto.reports.panels import MAX_FIGURES
from concerto.situations.tests.factories import AlertFactory, SituationFactory

pytestmark = pytest.mark.django_db
TITLE = "Le conseil en chiffres"


def labels(page: str) -> dict[str, str]:
    found = re.findall(r'data-chiffre="(\w+)">\s*<p class="fr-h3 fr-mb-0">[^<]*</p>\s*<p[^>]*>([^<]*)</p>', page)
    return {code: html.unescape(label) for code, label in found}


def figures(page: str) -> dict[str, str]:
    found = re.findall(r'data-chiffre="(\w+)">\s*<p class="fr-h3 fr-mb-0">([^<]*)</p>', page)
    return {code: html.unescape(value).replace("\u202f", " ").replace("\xa0", " ") for code, value in found}


@pytest.mark.parametrize(
    ("role", "profession", "shown"),
    [
        (Role.GOVERNANCE_MEMBER, None, True),
        (Role.OBSERVER, None, True),
        (Role.PARTNER, Profession.ELECTED, True),
        (Role.COORDINATOR, None, False),
        (Role.DPO, None, False),
        (Role.PARTNER, Profession.HEALTH, False),
        (Role.CELL_MEMBER, None, False),
        (Role.HOUSING_MEMBER, None, False),
    ],
)
def test_who_sees_the_key_figures(role, profession, shown, client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, role, profession).user)
    page = client.get(reverse("home")).content.decode()
    assert (TITLE in page) is shown
    assert bool(figures(page)) is shown
    if shown:
        assert f'href="{reverse("reports:bilan")}">Voir le bilan' in page


def test_the_figures_of_the_year_are_suppressed_below_k(client, member_factory):
    council = CouncilFactory()
    today = timezone.localdate()
    for _ in range(3):
        AlertFactory(council=council, received_on=today)
    AlertFactory(council=council, received_on=today.replace(year=today.year - 1))  # last year: not counted
    for _ in range(6):
        SituationFactory(council=council, opened_on=today)
    client.force_login(member_factory(council, Role.PARTNER, Profession.ELECTED).user)
    page = client.get(reverse("home")).content.decode()
    shown = figures(page)
    assert shown["alerts_received"] == "< 5"
    assert (
        labels(page)["alerts_received"] == "alertes reçues" and labels(page)["situations_new"] == "nouvelles situations"
    )
    assert shown["situations_new"] == "6"
    assert shown["situations_active"] == "6"  # the situations followed today, the last row of the indicator
    assert len(shown) <= MAX_FIGURES


def test_the_sessions_held_are_the_total_of_the_months(client, member_factory):
    council = CouncilFactory(report_threshold=3)
    start = timezone.now() - timezone.timedelta(hours=3)
    if start.date().year != timezone.localdate().year:
        start += timezone.timedelta(hours=4)  # the first hours of January 1st: keep the sessions in this year
    for _ in range(4):
        Meeting.objects.create(council=council, body=Body.CELL, status=MeetingStatus.SIGNED_OFF, starts_at=start,
                               ends_at=start + timezone.timedelta(hours=1))  # fmt: skip
    client.force_login(member_factory(council, Role.OBSERVER).user)
    assert figures(client.get(reverse("home")).content.decode())["sessions_per_month"] == "4"


def test_a_code_no_app_registers_is_skipped(client, member_factory, monkeypatch):
    monkeypatch.setattr(registry, "indicators", [i for i in registry.indicators if i.code != "situations_new"])
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.GOVERNANCE_MEMBER).user)
    shown = figures(client.get(reverse("home")).content.decode())
    assert "situations_new" not in shown and "alerts_received" in shown
    assert shown["alerts_received"] == "0"
    assert labels(client.get(reverse("home")).content.decode())["alerts_received"] == "alerte reçue"  # 0: singular


@pytest.mark.parametrize(("role", "shown"), [(Role.OBSERVER, False), (Role.GOVERNANCE_MEMBER, True)])
def test_the_observer_s_home_has_no_empty_panels_of_cases(role, shown, client, member_factory):
    """An observer never takes part in a situation nor owns an action: those two panels are not on their home."""
    client.force_login(member_factory(CouncilFactory(), role).user)
    page = client.get(reverse("home")).content.decode()
    assert ("Mes actions en cours" in page) is shown
    assert ("Les situations auxquelles je participe" in page) is shown
