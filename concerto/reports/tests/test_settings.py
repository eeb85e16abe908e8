"""« Paramètres du bilan » (issue 14): the coordinator edits the council's k and its target delay to the first
session (French errors, typed values shown again, an event recorded); the DPO reads them; nobody else opens the
page; the Bilan's suppression follows the council's k."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.core.registry import registry
from concerto.core.typography import french_spaces as fr
from concerto.factories import CouncilFactory
from concerto.situations.tests.factories import AlertFactory

pytestmark = pytest.mark.django_db
URL = reverse("reports:settings")


@pytest.mark.parametrize(
    ("role", "profession", "read", "write"),
    [
        (Role.COORDINATOR, None, 200, 302),
        (Role.DPO, None, 200, 403),
        (Role.GOVERNANCE_MEMBER, None, 403, 403),
        (Role.OBSERVER, None, 403, 403),
        (Role.PARTNER, Profession.ELECTED, 403, 403),
        (Role.CELL_MEMBER, None, 403, 403),
    ],
)
def test_who_opens_the_settings(role, profession, read, write, client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, role, profession).user)
    assert client.get(URL).status_code == read
    assert client.post(URL, {"report_threshold": "8", "first_session_target_days": "20"}).status_code == write
    council.refresh_from_db()
    assert council.report_threshold == (8 if write == 302 else 5)


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(URL).status_code == 302


def test_the_dpo_reads_the_settings_without_a_form(client, member_factory):
    council = CouncilFactory(report_threshold=6)
    client.force_login(member_factory(council, Role.DPO).user)
    page = client.get(URL).content.decode()
    assert fr("Seuil de secret statistique (k) : 6") in page
    assert 'name="report_threshold"' not in page and "Lecture seule" in page


def test_the_coordinator_saves_the_settings_and_the_change_is_recorded(client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    response = client.post(URL, {"report_threshold": "7", "first_session_target_days": "45"}, follow=True)
    assert "Les paramètres du bilan sont enregistrés." in response.content.decode()
    council.refresh_from_db()
    assert (council.report_threshold, council.first_session_target_days) == (7, 45)
    event = Event.objects.get(verb="report_settings_updated")
    assert event.council == council and event.data["threshold"] == 7 and event.data["target_days"] == 45
    assert sorted(event.data["fields"]) == ["first_session_target_days", "report_threshold"]
    assert registry.event_label("report_settings_updated").startswith("Paramètres du bilan modifiés")


def test_wrong_values_are_refused_in_french_and_shown_again(client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    response = client.post(URL, {"report_threshold": "25", "first_session_target_days": "trente"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Le seuil doit être compris entre 3 et 20." in page
    assert "Saisissez un nombre entier de jours, par exemple 30." in page
    assert 'value="25"' in page and 'value="trente"' in page
    page = html.unescape(client.post(URL, {"report_threshold": "2", "first_session_target_days": "0"}).content.decode())
    assert "Le seuil doit être compris entre 3 et 20." in page
    assert "L'objectif doit être compris entre 1 et 365 jours." in page
    council.refresh_from_db()
    assert (council.report_threshold, council.first_session_target_days) == (5, 30)
    assert not Event.objects.filter(verb="report_settings_updated").exists()


def test_the_bilan_suppresses_below_the_councils_k(client, member_factory):
    council = CouncilFactory()
    for _ in range(6):
        AlertFactory(council=council, received_on=timezone.localdate())
    coordinator = member_factory(council, Role.COORDINATOR).user
    observer = member_factory(council, Role.OBSERVER).user
    client.force_login(observer)
    page = client.get(reverse("reports:bilan")).content.decode()
    assert '<td data-indicateur="alerts_received">6</td>' in page  # 6 ≥ 5: shown
    assert reverse("reports:settings") not in page  # the link is for the readers of the exact figures
    client.force_login(coordinator)
    assert reverse("reports:settings") in client.get(reverse("reports:bilan")).content.decode()
    client.post(URL, {"report_threshold": "7", "first_session_target_days": "30"})
    client.force_login(observer)
    page = client.get(reverse("reports:bilan")).content.decode()
    assert '<td data-indicateur="alerts_received">&lt; 7</td>' in page
    assert fr("Les effectifs inférieurs à 7 sont affichés « &lt; 7 »") in page
