"""The home page leads with « À faire maintenant »: the coordinator's counts and links (alerts to qualify, the next
cell session to prepare, overdue actions to chase, withdrawals of agreement, records to sign), a member's own
to-dos, never the council-wide counts for a partner (issue 11)."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings.enums import Body
from concerto.meetings.models import Meeting, MeetingInvitation
from concerto.plans.models import Action
from concerto.situations.tests.factories import AlertFactory, CellFactory, SituationFactory

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def local_day(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y}"


def todo_links(response) -> dict[str, str]:
    """« À faire maintenant »: label → link."""
    assert response.status_code == 200
    block = response.content.decode().split('id="a-faire"', 1)[1].split("</section>", 1)[0]
    return {
        html.unescape(label).strip(): html.unescape(url)
        for url, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block)
    }


@pytest.fixture
def busy_council():
    council = CouncilFactory()
    partner = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.SOCIAL,
        organisation=OrganisationFactory(council=council, name="CCAS du centre"),
    )  # fmt: skip
    AlertFactory.create_batch(2, council=council)
    AlertFactory(council=council, status="draft", reference=None, submitted_at=None)  # not waiting
    situation = SituationFactory(council=council)
    SituationFactory(council=council, withdrawal_pending_since=timezone.localdate())
    cell = CellFactory(council=council, agenda_closes_days=7)
    session = Meeting.objects.create(
        council=council, body=Body.CELL, cell=cell, starts_at=ago(-5), ends_at=ago(-5) + datetime.timedelta(hours=2)
    )
    Meeting.objects.create(council=council, body=Body.CELL, cell=cell, starts_at=ago(-40), ends_at=ago(-40))
    held = Meeting.objects.create(council=council, body=Body.CELL, cell=cell, starts_at=ago(9), ends_at=ago(9))
    Meeting.objects.create(council=council, body=Body.CELL, cell=cell, starts_at=ago(3), ends_at=ago(3))
    MeetingInvitation.objects.create(meeting=session, user=partner.user, sent_at=timezone.now())
    for owner_user in (partner.user, None, None):
        Action.objects.create(
            council=council, situation=situation, text="Visite", owner_organisation=partner.organisation,
            owner_user=owner_user, due_on=timezone.localdate() - datetime.timedelta(days=2),
        )  # fmt: skip
    Action.objects.create(
        council=council, situation=situation, text="Plus tard", owner_organisation=partner.organisation,
        due_on=timezone.localdate() + datetime.timedelta(days=2),
    )  # fmt: skip
    return {"council": council, "partner": partner, "session": session, "held": held}


def test_the_coordinator_home_leads_with_what_to_do_now(client, busy_council):
    council, session, held = busy_council["council"], busy_council["session"], busy_council["held"]
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    client.force_login(coordinator.user)
    response = client.get(reverse("home"))
    links = todo_links(response)
    assert links == {
        "Qualifier 2 alertes": reverse("situations:alert_inbox"),
        "1 retrait d'accord à traiter": reverse("home") + "#retraits",
        f"Préparer la séance du {local_day(session.starts_at)}": reverse("meetings:detail", args=[session.pk]),
        f"Signer le relevé de la séance du {local_day(held.starts_at)}": reverse("meetings:mode", args=[held.pk]),
        "Relancer 3 actions": reverse("plans:council_actions") + "?state=overdue",
    }
    page = response.content.decode()
    assert "Et 1 autre séance passée à signer" in page
    assert "Rien d'urgent" not in page
    assert page.index("À faire maintenant") < page.index("Suivi de la coordination")
    assert 'id="retraits"' in page
    for url in links.values():
        assert client.get(url).status_code == 200, url
    overdue = client.get(links["Relancer 3 actions"]).content.decode()
    assert overdue.count("Visite") == 3 and "Plus tard" not in overdue


def test_a_partner_sees_their_own_todos_and_no_council_wide_count(client, busy_council):
    partner, session = busy_council["partner"], busy_council["session"]
    client.force_login(partner.user)
    links = todo_links(client.get(reverse("home")))
    start = f"{timezone.localtime(session.starts_at):%d/%m/%Y à %H:%M}"
    assert links == {
        "Mes actions en retard (3)": reverse("plans:my_actions"),
        f"Participer à la séance du {start}": reverse("meetings:detail", args=[session.pk]),
    }
    for url in links.values():
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("home")).content.decode()
    for council_wide in ("Qualifier", "Relancer", "retrait d'accord", "Signer le relevé", "Préparer la séance"):
        assert council_wide not in page


def test_nothing_urgent(client):
    coordinator = MembershipFactory(council=CouncilFactory(), role=Role.COORDINATOR)
    client.force_login(coordinator.user)
    response = client.get(reverse("home"))
    assert todo_links(response) == {}
    assert "Rien d'urgent pour le moment." in response.content.decode()


def test_a_session_far_ahead_is_not_yet_to_prepare(client):
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    cell = CellFactory(council=council, agenda_closes_days=7)
    Meeting.objects.create(council=council, body=Body.CELL, cell=cell, starts_at=ago(-60), ends_at=ago(-60))
    client.force_login(coordinator.user)
    assert todo_links(client.get(reverse("home"))) == {}
