"""The subject-access PDF can be sent to the person as it is (issue 11): French dates and local times, labels and
never a raw code, the controller and its data protection officer, and the person's rights (CNIL included)."""

import datetime
import io
import json
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core.events import log_access
from concerto.councils.services import problem_type_add
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings.models import AgendaItem, Meeting
from concerto.plans.models import Action
from concerto.situations.enums import HousingStatus, LegalProtection, Visibility
from concerto.situations.models import Identity, JournalNote, SituationProblem
from concerto.situations.tests.factories import AlertFactory, add_participant, nominative_situation

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2027, 1, 12, 9, 30, tzinfo=PARIS)


@pytest.fixture
def person_file():
    """Everything a council may hold about one person, recorded on Tuesday 12 January 2027 at 9:30 in Paris."""
    with time_machine.travel(NOW, tick=False):
        council = CouncilFactory(name="CLSM de Val-Exemple", legal_form="Ville de Val-Exemple",
                                 contact_email="clsm@val-exemple.test")  # fmt: skip
        coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
        dpo = MembershipFactory(
            council=council, role=Role.DPO, profession=Profession.ADMINISTRATIVE, user__first_name="Dana",
            user__last_name="Protection", user__email="dpo@val-exemple.test",
        )  # fmt: skip
        local = problem_type_add(council=council, actor=coordinator.user, label="Animaux en trop grand nombre")
        situation = nominative_situation(
            council, housing_status=HousingStatus.SOCIAL_TENANT, legal_protection=LegalProtection.CURATORSHIP
        )
        SituationProblem.objects.create(situation=situation, code=local.code)
        nurse = MembershipFactory(council=council, profession=Profession.HEALTH,
                                  organisation=OrganisationFactory(council=council, name="CMP Adultes"))  # fmt: skip
        add_participant(situation, nurse, is_referent=True)
        JournalNote.objects.create(situation=situation, visibility=Visibility.HEALTH_SOCIAL,
                                   occurred_on=NOW.date(), text="Suivi repris")  # fmt: skip
        Action.objects.create(council=council, situation=situation, text="Visite à domicile",
                              owner_organisation=nurse.organisation, due_on=NOW.date())  # fmt: skip
        meeting = Meeting.objects.create(council=council, starts_at=NOW, ends_at=NOW + datetime.timedelta(hours=2))
        AgendaItem.objects.create(meeting=meeting, situation=situation, decisions="Visite conjointe")
        alert = AlertFactory(council=council, situation=situation, submitted_at=NOW, problems=["hoarding", local.code])
        Identity.objects.create(council=council, alert=alert, last_name="Dupont", first_name="Jeanne",
                                birth_date=datetime.date(1958, 3, 14))  # fmt: skip
        log_access(council=council, user=nurse.user, target=situation, scope="identity", source="/s/")
        return council, dpo, situation, local


def _produce(client, dpo, output):
    client.force_login(dpo.user)
    return client.post(
        reverse("privacy:subject_access"), {"last_name": "Dupont", "birth_date": "1958-03-14", "output": output}
    )


def test_the_pdf_is_written_for_the_person(client, person_file):
    _council, dpo, situation, local = person_file
    with time_machine.travel(NOW, tick=False):
        response = _produce(client, dpo, "pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    # The controller and its data protection officer.
    assert "Responsable du traitement : CLSM de Val-Exemple (Ville de Val-Exemple)" in text
    assert "clsm@val-exemple.test" in text
    assert "Délégué·e à la protection des données : Dana Protection" in text and "dpo@val-exemple.test" in text
    # French dates, local times.
    assert "Document établi le 12 janvier 2027 à 9 h 30" in text
    assert "née le 14 mars 1958" in text or "né·e le 14 mars 1958" in text
    assert "Ouvert le 12 janvier 2027" in text and "échéance le 12 janvier 2027" in text
    assert "Cellule de concertation du 12 janvier 2027" in text
    assert "12 janvier 2027 à 9 h 30 : Prénom" in text and "(identité)" in text
    # Labels, never codes.
    assert (
        "Incurie, accumulation" in text
        and "Locataire du parc social" in text
        and "Curatelle" in text
        and local.label in text
    )
    assert "lecteurs : professionnels de santé et du social seulement" in text
    for raw in ("health_social", "participants", "social_tenant", "curatorship", "care_refusal", local.code,
                "subject_access", "identity", NOW.date().isoformat(), NOW.astimezone(datetime.UTC).strftime("T%H:%M")):  # fmt: skip
        assert raw not in text, raw
    assert "_" not in text
    # The person's rights.
    for right in ("droit d'accès", "rectification", "effacement", "limitation", "opposition"):
        assert right in text
    assert "www.cnil.fr" in text and "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07" in text


def test_the_json_names_the_controller_and_keeps_machine_dates(client, person_file):
    council, dpo, _situation, local = person_file
    with time_machine.travel(NOW, tick=False):
        data = json.loads(_produce(client, dpo, "json").content)
    assert data["controller"]["name"] == council.name and data["dpo"]["email"] == "dpo@val-exemple.test"
    (situation,) = data["situations"]
    assert situation["opened_on"] == NOW.date().isoformat() and local.label in situation["problems"]
    assert local.label in data["alerts"][0]["problems"]
