"""The venue and the chair of a Commission appartement session, over HTTP: the venue is a commune of the council, the
chair an elected official of that commune (their organisation in the directory serves it); a chair of another commune,
or before the venue is chosen, is refused in French and nothing is written; both show on the meeting page and in the
record of decisions; only the coordinator sets them."""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.core.typography import french_spaces as fr
from concerto.factories import CommuneFactory, CouncilFactory, OrganisationFactory
from concerto.housing.models import CommissionVenue
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import Meeting, MeetingInvitation
from concerto.meetings.pdf import record_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(member_factory):
    lille, lomme, elsewhere = (CommuneFactory(name=n) for n in ("Lille-Est", "Lomme", "Ailleurs"))
    council = CouncilFactory(communes=[lille, lomme])
    other_council = CouncilFactory()
    start = timezone.now() + timedelta(days=10)

    def town_hall(commune):
        organisation = OrganisationFactory(council=council, name=f"Mairie de {commune.name}")
        organisation.communes_served.add(commune)
        return organisation

    def elected(commune, job):
        return member_factory(
            council, Role.HOUSING_MEMBER, Profession.ELECTED, organisation=town_hall(commune), job_title=job
        )

    world = SimpleNamespace(
        council=council,
        lille=lille,
        lomme=lomme,
        elsewhere=elsewhere,
        coordinator=member_factory(council, Role.COORDINATOR),
        member=member_factory(council, Role.HOUSING_MEMBER, Profession.SOCIAL),
        lille_mayor=elected(lille, "Adjointe au logement"),
        lomme_mayor=elected(lomme, "Maire délégué"),
        other_coordinator=member_factory(other_council, Role.COORDINATOR),
        meeting=Meeting.objects.create(
            council=council, body=Body.HOUSING, starts_at=start, ends_at=start + timedelta(hours=2)
        ),
    )
    MeetingInvitation.objects.create(meeting=world.meeting, user=world.member.user)
    return world


def _url(name, w):
    return reverse(f"housing:{name}", args=[w.meeting.pk])


def _page(client, w):
    return client.get(_url("commission_session", w)).content.decode()


def _pdf_text(meeting) -> str:
    return "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(record_pdf(meeting))).pages).split())


def test_no_chair_before_the_venue(client, w):
    client.force_login(w.coordinator.user)
    page = _page(client, w)
    assert "Aucune commune choisie" in page and 'name="chair"' not in page
    response = client.post(_url("commission_chair", w), {"chair": w.lille_mayor.pk}, follow=True)
    assert "abord la commune qui accueille la séance" in response.content.decode()
    w.meeting.refresh_from_db()
    assert w.meeting.chair is None


def test_the_venue_is_a_commune_of_the_council(client, w):
    client.force_login(w.coordinator.user)
    page = _page(client, w)
    assert "Lille-Est" in page and "Lomme" in page and "Ailleurs" not in page
    response = client.post(_url("commission_venue", w), {"commune": w.elsewhere.pk}, follow=True)
    assert "Choisissez un élément de la liste." in response.content.decode()
    assert not CommissionVenue.objects.exists()
    assert client.post(_url("commission_venue", w), {"commune": w.lille.pk}).status_code == 302
    assert CommissionVenue.objects.get(meeting=w.meeting).commune == w.lille
    assert Event.objects.filter(verb="housing_commission_venue").count() == 1


def test_the_chair_is_an_elected_official_of_the_venue_commune(client, w):
    client.force_login(w.coordinator.user)
    client.post(_url("commission_venue", w), {"commune": w.lille.pk})
    page = _page(client, w)
    # Only the venue's elected officials are offered.
    assert "Adjointe au logement" in page and "Maire délégué" not in page
    response = client.post(_url("commission_chair", w), {"chair": w.lomme_mayor.pk}, follow=True)
    assert fr("revient à un·e élu·e de la commune qui accueille la séance (Lille-Est)") in response.content.decode()
    w.meeting.refresh_from_db()
    assert w.meeting.chair is None
    # Not an elected official at all: not even offered.
    response = client.post(_url("commission_chair", w), {"chair": w.member.pk}, follow=True)
    assert "Choisissez un élément de la liste." in response.content.decode()
    assert client.post(_url("commission_chair", w), {"chair": w.lille_mayor.pk}).status_code == 302
    w.meeting.refresh_from_db()
    assert w.meeting.chair == w.lille_mayor


def test_moving_the_venue_removes_a_chair_of_another_commune(client, w):
    client.force_login(w.coordinator.user)
    client.post(_url("commission_venue", w), {"commune": w.lille.pk})
    client.post(_url("commission_chair", w), {"chair": w.lille_mayor.pk})
    client.post(_url("commission_venue", w), {"commune": w.lomme.pk})
    w.meeting.refresh_from_db()
    assert w.meeting.chair is None
    assert Event.objects.filter(verb="housing_commission_venue").order_by("pk").last().data["chair_removed"] is True
    assert client.post(_url("commission_chair", w), {"chair": w.lomme_mayor.pk}).status_code == 302
    w.meeting.refresh_from_db()
    assert w.meeting.chair == w.lomme_mayor


def test_venue_and_chair_on_the_meeting_page_and_in_the_record(client, w):
    client.force_login(w.coordinator.user)
    client.post(_url("commission_venue", w), {"commune": w.lille.pk})
    client.post(_url("commission_chair", w), {"chair": w.lille_mayor.pk})
    for reader in (w.coordinator, w.member):
        client.force_login(reader.user)
        page = client.get(reverse("meetings:detail", args=[w.meeting.pk])).content.decode()
        assert fr("Commune qui accueille la séance : Lille-Est") in page
        assert str(w.lille_mayor.user) in page
    w.meeting.refresh_from_db()
    text = _pdf_text(w.meeting).replace("\u00a0", "").replace("\u202f", "")
    assert "Communequiaccueillelaséance:Lille-Est" in text
    assert f"Présidencedeséance:{w.lille_mayor.user}".replace(" ", "") in text


def test_only_the_coordinator_sets_the_venue_and_a_signed_session_is_frozen(client, w):
    client.force_login(w.member.user)
    assert client.post(_url("commission_venue", w), {"commune": w.lille.pk}).status_code == 403
    client.force_login(w.other_coordinator.user)
    assert client.post(_url("commission_venue", w), {"commune": w.lille.pk}).status_code == 404
    assert not CommissionVenue.objects.exists()
    Meeting.objects.filter(pk=w.meeting.pk).update(status=MeetingStatus.SIGNED_OFF)
    client.force_login(w.coordinator.user)
    response = client.post(_url("commission_venue", w), {"commune": w.lille.pk}, follow=True)
    assert fr("Le relevé de cette séance est signé") in response.content.decode()
    assert not CommissionVenue.objects.exists()
