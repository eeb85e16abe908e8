"""The person's right of access (GDPR art. 15) reaches the Commission appartement, over HTTP: a direct applicant (no
situation) is found by the subject-access search through the applicant's blind index, and the export (JSON and PDF)
holds what the commission recorded about them — attendance, their words, the decisions, the joint commitment, the
reviews' conclusions — never a professional's opinion or a review's note; each production is logged per application."""

import datetime
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core.models import AccessLog
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.housing.enums import CommissionOutcome, ReviewOutcome
from concerto.housing.models import CommissionDecision, OccupancyReview
from concerto.housing.tests.factories import PSY_SENTINEL, SOCIAL_SENTINEL, make_application, make_occupancy, make_place
from concerto.meetings.enums import Body, SubjectKind
from concerto.meetings.models import AgendaItem, Meeting
from concerto.situations.models import Identity
from concerto.situations.tests.factories import nominative_situation

pytestmark = pytest.mark.django_db
BORN = datetime.date(1971, 5, 2)
WORDS = "SENTINELLE-MES-PROPOS-3a7e : je voudrais vivre près du CMP"
COMMITMENT = "SENTINELLE-ENGAGEMENT-91bf : rendez-vous mensuel au CMP"
NOTE = "SENTINELLE-NOTE-BILAN-6c0d"


def _session(council, application, **decision):
    start = timezone.now() - timedelta(days=20)
    meeting = Meeting.objects.create(council=council, body=Body.HOUSING, starts_at=start,
                                     ends_at=start + timedelta(hours=2))  # fmt: skip
    item = AgendaItem.objects.create(meeting=meeting, subject_kind=SubjectKind.APPLICATION, application=application)
    return CommissionDecision.objects.create(item=item, application=application, **decision)


def _named(application, last_name="Martin", birth_date=BORN):
    identity = application.identity
    identity.last_name, identity.birth_date = last_name, birth_date
    identity.save()


@pytest.fixture
def w():
    council = CouncilFactory()
    cmp = OrganisationFactory(council=council, name="CMP Lille-Est")
    dpo = MembershipFactory(council=council, role=Role.DPO, profession=Profession.ADMINISTRATIVE)
    application = make_application(council, cmp)
    _named(application)
    _session(council, application, attended=True, words=WORDS, own_words=True, outcome=CommissionOutcome.ADMITTED,
             entry_on=timezone.localdate() - timedelta(days=15), place=make_place(council, cmp, label="Rue Haute, 4"),
             commitment=COMMITMENT)  # fmt: skip
    occupancy = make_occupancy(application.commission_decisions.get().place, application,
                               timezone.localdate() - timedelta(days=15))  # fmt: skip
    OccupancyReview.objects.create(occupancy=occupancy, reviewed_on=timezone.localdate(), note=NOTE,
                                   outcome=ReviewOutcome.CONTINUE)  # fmt: skip
    return council, dpo, application, cmp


def _produce(client, dpo, output, last_name="Martin", birth_date=BORN):
    client.force_login(dpo.user)
    return client.post(
        reverse("privacy:subject_access"),
        {"last_name": last_name, "birth_date": birth_date.isoformat(), "output": output},
    )


def test_a_direct_applicant_is_found_and_the_commission_record_exported(client, w):
    council, dpo, application, _ = w
    response = _produce(client, dpo, "json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["identity"]["last_name"] == "Martin" and data["identity"]["birth_date"] == BORN.isoformat()
    assert data["situations"] == []
    [exported] = data["housing_applications"]
    assert exported["reference"] == application.reference
    [decision] = exported["commission"]
    assert decision["attended"] is True and decision["words"] == WORDS and decision["own_words"] is True
    assert (decision["decision"], decision["commitment"]) == (CommissionOutcome.ADMITTED.label, COMMITMENT)
    assert decision["place"] == "Rue Haute, 4"
    assert [r["conclusion"] for r in exported["reviews"]] == [ReviewOutcome.CONTINUE.label]
    text = response.content.decode()
    for sentinel in (NOTE, PSY_SENTINEL, SOCIAL_SENTINEL):
        assert sentinel not in text
    # The production is logged against the application.
    log = AccessLog.objects.get(scope="subject_access")
    assert (log.target_type, log.target_id, log.user) == ("housing.application", str(application.pk), dpo.user)


def test_the_pdf_shows_the_words_the_decision_and_the_commitment(client, w):
    _, dpo, application, _ = w
    response = _produce(client, dpo, "pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    for expected in (f"Demandedelogement{application.reference}", "".join(WORDS.split()), "".join(COMMITMENT.split()),
                     "vousêtesvenu·eprésentervotresituation"):  # fmt: skip
        assert expected in text.replace("\u00a0", "").replace("\u202f", "")
    assert NOTE not in text and PSY_SENTINEL not in text


def test_only_the_right_person_of_the_council_is_found(client, w):
    council, dpo, application, cmp = w
    for last_name, born in (("Martin", BORN + timedelta(days=1)), ("Martine", BORN)):
        response = _produce(client, dpo, "json", last_name=last_name, birth_date=born)
        assert "Aucune personne enregistrée" in response.content.decode()
    # A namesake of another council is not found; nor is an anonymised application (its identity destroyed).
    elsewhere = CouncilFactory()
    MembershipFactory(council=elsewhere, role=Role.DPO, profession=Profession.ADMINISTRATIVE, user=dpo.user)
    stranger = make_application(elsewhere, OrganisationFactory(council=elsewhere))
    _named(stranger)
    data = json.loads(_produce(client, dpo, "json").content)
    assert [a["reference"] for a in data["housing_applications"]] == [application.reference]
    assert not AccessLog.objects.filter(target_id=str(stranger.pk), target_type="housing.application").exists()


def test_an_application_from_a_situation_comes_with_the_situation(client, w):
    council, dpo, _, cmp = w
    situation = nominative_situation(council)
    identity = Identity.objects.get(situation=situation)
    identity.last_name, identity.birth_date = "Durand", datetime.date(1980, 1, 9)
    identity.save()
    linked = make_application(council, cmp, from_situation=situation)
    _named(linked, "Durand", datetime.date(1980, 1, 9))
    _session(council, linked, attended=False, outcome=CommissionOutcome.WAITLISTED, reason="Attente d'un T1")
    data = json.loads(_produce(client, dpo, "json", last_name="Durand", birth_date=datetime.date(1980, 1, 9)).content)
    # Once, in the situation's section (the direct search leaves out applications made from a situation).
    assert "housing_applications" not in data
    [section] = data["situations"]
    [exported] = section["housing_applications"]
    [decision] = exported["commission"]
    assert exported["reference"] == linked.reference
    assert (decision["attended"], decision["reason"]) == (False, "Attente d'un T1")


def test_the_housing_member_cannot_produce_an_export(client, w, member_factory):
    council, *_ = w
    member = member_factory(council, Role.HOUSING_MEMBER, Profession.SOCIAL)
    client.force_login(member.user)
    assert client.get(reverse("privacy:subject_access")).status_code == 403
