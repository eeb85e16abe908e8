"""The sub-group's desk: official letters (summary and document encrypted at rest, served to the commission only),
prospected landlords, and the convention renewal reminder (once per renewal date, to the coordinator and the
commission's members)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.housing.desk_models import ConventionReminder, OfficialLetter, ProspectedLandlord
from concerto.housing.renewals import housing_renewal_reminders
from concerto.housing.tests.desk_factories import LETTER_SENTINEL, PDF, make_letter, make_prospect
from concerto.housing.tests.factories import make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(member_factory):
    council = CouncilFactory()
    landlord = OrganisationFactory(council=council, name="Bailleur")
    world = SimpleNamespace(
        council=council,
        landlord_org=landlord,
        coordinator=member_factory(council, Role.COORDINATOR),
        member=member_factory(council, Role.HOUSING_MEMBER, Profession.ELECTED),
        landlord=member_factory(council, Role.PARTNER, organisation=landlord),
        partner=member_factory(council, Role.PARTNER),
    )
    world.place = make_place(council, landlord, label="Les Saules, app. 2")
    return world


def test_member_records_a_letter_with_an_encrypted_document(client, w):
    client.force_login(w.member.user)
    upload = SimpleUploadedFile("lettre au préfet.pdf", PDF, content_type="application/pdf")
    data = {"sent_on": timezone.localdate().isoformat(), "addressee": "Préfecture du Nord",
            "subject": "Places en pension de famille", "summary": LETTER_SENTINEL, "document": upload}  # fmt: skip
    response = client.post(reverse("housing:letter_create"), data)
    assert response.status_code == 302
    letter = OfficialLetter.objects.get()
    assert letter.author == w.member.user and letter.content_type == "application/pdf"
    assert Event.objects.filter(verb="housing_letter_added").exists()
    with open(letter.document.storage.path(letter.document.name), "rb") as stored:
        assert PDF not in stored.read()  # encrypted at rest
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM housing_officialletter")
        assert LETTER_SENTINEL not in cursor.fetchone()[0]
    page = client.get(reverse("housing:letter_list")).content.decode()
    assert LETTER_SENTINEL in page and "Places en pension de famille" in page
    download = client.get(reverse("housing:letter_document", args=[letter.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "lettre" not in download["Content-Disposition"]


def test_a_letter_refuses_a_future_date_and_a_fake_pdf(client, w):
    client.force_login(w.coordinator.user)
    fake = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    data = {"sent_on": (timezone.localdate() + timedelta(days=2)).isoformat(), "addressee": "Mairie",
            "subject": "Objet", "document": fake}  # fmt: skip
    page = client.post(reverse("housing:letter_create"), data).content.decode()
    assert "ni un PDF" in page
    data["document"] = None
    del data["document"]
    page = client.post(reverse("housing:letter_create"), data).content.decode()
    assert "ne peut pas être dans le futur" in page
    assert not OfficialLetter.objects.exists()


def test_landlords_and_partners_get_403_on_the_desk_pages(client, w):
    letter, prospect = make_letter(w.council), make_prospect(w.council)
    urls = [reverse("housing:letter_list"), reverse("housing:letter_create"),
            reverse("housing:letter_document", args=[letter.pk]), reverse("housing:prospect_list"),
            reverse("housing:prospect_create"), reverse("housing:prospect_edit", args=[prospect.pk])]  # fmt: skip
    for actor in (w.landlord, w.partner):
        client.force_login(actor.user)
        assert [client.get(url).status_code for url in urls] == [403] * len(urls)


def test_prospects_added_and_followed(client, w):
    client.force_login(w.member.user)
    response = client.post(reverse("housing:prospect_create"), {"name": "", "status": "to_contact"})
    assert "Choisissez une organisation" in response.content.decode()
    org = OrganisationFactory(council=w.council, name="SCI des Saules")
    response = client.post(reverse("housing:prospect_create"), {"organisation": org.pk, "status": "contacted",
                                                                "contacted_on": timezone.localdate().isoformat()})  # fmt: skip
    assert response.status_code == 302
    prospect = ProspectedLandlord.objects.get()
    response = client.post(reverse("housing:prospect_edit", args=[prospect.pk]),
                           {"organisation": org.pk, "status": "meeting", "next_step": "Visite des T2"})  # fmt: skip
    assert response.status_code == 302
    prospect.refresh_from_db()
    assert prospect.status == "meeting" and prospect.next_step == "Visite des T2"
    desk = client.get(reverse("housing:desk")).content.decode()
    assert "SCI des Saules" in desk and "Visite des T2" in desk
    # Another council's organisation is refused by the service, not only by the form.
    other = OrganisationFactory(council=CouncilFactory())
    client.post(reverse("housing:prospect_create"), {"organisation": other.pk, "status": "contacted"})
    assert ProspectedLandlord.objects.count() == 1


def test_renewal_reminder_is_sent_once_to_the_coordinator_and_the_commission(w):
    today = timezone.localdate()
    convention = w.place.conventions.get()
    convention.renewal_on = today + timedelta(days=80)
    convention.save()
    late = make_place(w.council, w.landlord_org, label="Les Saules, app. 4", renewal_on=today + timedelta(days=200))
    housing_renewal_reminders.call()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([w.coordinator.user.email, w.member.user.email])
    body = mail.outbox[0].body
    assert "Les Saules, app. 2" in body and "Les Saules, app. 4" not in body
    assert ConventionReminder.objects.filter(convention=convention).count() == 1
    housing_renewal_reminders.call()  # the next day (or a second run): nothing more
    assert len(mail.outbox) == 2
    # The other convention is announced when its renewal comes within three months, once.
    with time_machine.travel(today + timedelta(days=120)):
        housing_renewal_reminders.call()
        housing_renewal_reminders.call()
    assert len(mail.outbox) == 4 and "Les Saules, app. 4" in mail.outbox[-1].body
    assert late.conventions.get().reminders.count() == 1
