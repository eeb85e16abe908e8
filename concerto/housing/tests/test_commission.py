"""The quarterly Commission appartement, over HTTP: applications and six-monthly reviews on the agenda, the chair, the
applicant's attendance and words, the decision (an admission creates the occupancy; an overlapping one writes
nothing and says why in French), who may open the pages, and what each reader sees of the session on the meeting
page and in the record of decisions (sentinel strings)."""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.housing.enums import ApplicationStatus, CommissionOutcome, ReviewOutcome
from concerto.housing.models import CommissionDecision, Occupancy, OccupancyReview
from concerto.housing.retention import anonymise_application
from concerto.housing.tests.factories import (
    NAME_SENTINEL,
    PSY_SENTINEL,
    SOCIAL_SENTINEL,
    make_application,
    make_occupancy,
    make_place,
)
from concerto.meetings.enums import Body, SubjectKind
from concerto.meetings.models import Meeting, MeetingInvitation
from concerto.meetings.pdf import record_pdf
from concerto.situations.policy import Reader

pytestmark = pytest.mark.django_db
WORDS = "SENTINELLE-PROPOS-4c2d : je voudrais un logement près de ma sœur"
COMMITMENT = "SENTINELLE-ENGAGEMENT-8e1b : suivi CMP mensuel, activité au GEM"


def _pdf_text(content: bytes) -> str:
    """The PDF's text without any whitespace (a long sentinel may be broken across lines at a hyphen)."""
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _in_pdf(text: str, pdf: str) -> bool:
    return "".join(text.split()) in pdf


@pytest.fixture
def w(member_factory):
    council = CouncilFactory()
    landlord_org = OrganisationFactory(council=council, name="Habitat du Nord")
    other_org = OrganisationFactory(council=council, name="Logis Est")
    today = timezone.localdate()
    start = timezone.now() - timedelta(hours=3)
    world = SimpleNamespace(
        council=council,
        cmp=OrganisationFactory(council=council, name="CMP"),
        coordinator=member_factory(council, Role.COORDINATOR),
        health=member_factory(council, Role.HOUSING_MEMBER, Profession.HEALTH),
        social=member_factory(council, Role.HOUSING_MEMBER, Profession.SOCIAL),
        mayor=member_factory(council, Role.HOUSING_MEMBER, Profession.ELECTED, job_title="Adjointe au logement"),
        uninvited=member_factory(council, Role.HOUSING_MEMBER, Profession.HEALTH),
        landlord=member_factory(council, Role.PARTNER, Profession.LANDLORD, organisation=landlord_org),
        other_landlord=member_factory(council, Role.PARTNER, Profession.LANDLORD, organisation=other_org),
        meeting=Meeting.objects.create(
            council=council, body=Body.HOUSING, starts_at=start, ends_at=start + timedelta(hours=2), place="Mairie"
        ),
    )
    for member in (world.health, world.social, world.mayor, world.landlord, world.other_landlord):
        MeetingInvitation.objects.create(meeting=world.meeting, user=member.user)
    world.place = make_place(council, landlord_org, label="Résidence du Parc, app. 3")
    world.busy_place = make_place(council, other_org, label="Rue Haute, app. 1")
    world.application = make_application(council, world.cmp)
    world.second = make_application(council, world.cmp)
    world.received = make_application(council, world.cmp, status=ApplicationStatus.RECEIVED)
    tenant = make_application(council, world.cmp, status=ApplicationStatus.ADMITTED)
    world.occupancy = make_occupancy(world.busy_place, tenant, today - timedelta(days=250))
    recent = make_application(council, world.cmp, status=ApplicationStatus.ADMITTED)
    world.recent = make_occupancy(make_place(council, other_org, label="Neuve"), recent, today - timedelta(days=30))
    return world


def _url(name, w, *args):
    return reverse(f"housing:{name}", args=[w.meeting.pk, *args])


def _schedule(client, w):
    client.force_login(w.coordinator.user)
    assert client.post(_url("commission_add_application", w), {"application": w.application.pk}).status_code == 302
    assert client.post(_url("commission_add_application", w), {"application": w.second.pk}).status_code == 302
    assert client.post(_url("commission_add_review", w), {"occupancy": w.occupancy.pk}).status_code == 302
    return {item.subject_kind + str(item.application_id or ""): item for item in w.meeting.items.all()}


def _decide(client, w, item, **data):
    return client.post(_url("commission_decision", w, item.pk), {"outcome": CommissionOutcome.WAITLISTED, **data})


def test_agenda_takes_complete_applications_and_reviews_due(client, w):
    client.force_login(w.coordinator.user)
    page = client.get(_url("commission_session", w)).content.decode()
    assert w.application.reference in page and w.received.reference not in page
    assert "Rue Haute, app. 1" in page and "Neuve" not in page  # reviewed after six months only
    items = _schedule(client, w)
    w.application.refresh_from_db()
    assert w.application.status == ApplicationStatus.SCHEDULED
    assert {i.subject_kind for i in items.values()} == {SubjectKind.APPLICATION, SubjectKind.OCCUPANCY_REVIEW}
    # A received application cannot be scheduled (not in the list: the form refuses it, nothing is written).
    response = client.post(_url("commission_add_application", w), {"application": w.received.pk}, follow=True)
    assert "Choisissez un élément de la liste." in response.content.decode()
    assert w.meeting.items.count() == 3
    # Already on this planned agenda: no longer offered, nor is the review.
    page = client.get(_url("commission_session", w)).content.decode()
    assert f'value="{w.application.pk}">{w.application.reference}' not in page
    assert f'value="{w.occupancy.pk}">Rue Haute' not in page


def _venue(client, w):
    """The session meets in the council's commune, whose town hall is the mayor's organisation."""
    commune = w.council.communes.get()
    town_hall = OrganisationFactory(council=w.council, name="Mairie")
    town_hall.communes_served.add(commune)
    w.mayor.organisation = town_hall
    w.mayor.save()
    client.force_login(w.coordinator.user)
    assert client.post(_url("commission_venue", w), {"commune": commune.pk}).status_code == 302
    return commune


def test_the_chair_is_an_elected_official_shown_on_the_page_and_the_record(client, w):
    _venue(client, w)
    response = client.post(_url("commission_chair", w), {"chair": w.health.pk}, follow=True)
    assert "Choisissez un élément de la liste." in response.content.decode()
    assert client.post(_url("commission_chair", w), {"chair": w.mayor.pk}).status_code == 302
    w.meeting.refresh_from_db()
    assert w.meeting.chair == w.mayor
    page = client.get(reverse("meetings:detail", args=[w.meeting.pk])).content.decode()
    assert "Présidence de séance" in page and str(w.mayor.user) in page
    assert _in_pdf(f"Présidence de séance : {w.mayor.user}", _pdf_text(record_pdf(w.meeting)))


def test_recording_attendance_words_and_admission_creates_the_occupancy(client, w):
    items = _schedule(client, w)
    item = items[f"application{w.application.pk}"]
    entry = timezone.localdate() - timedelta(days=1)
    response = client.post(
        _url("commission_decision", w, item.pk),
        {
            "attended": "yes", "words": WORDS, "own_words": "on", "outcome": CommissionOutcome.ADMITTED,
            "place": w.place.pk, "entry_on": entry.isoformat(), "contract": "sublet", "rent_helper": "curator",
            "commitment": COMMITMENT,
        },
    )  # fmt: skip
    assert response.status_code == 302
    decision = CommissionDecision.objects.get(item=item)
    assert (decision.attended, decision.own_words, decision.words, decision.commitment) == (
        True, True, WORDS, COMMITMENT,
    )  # fmt: skip
    occupancy = Occupancy.objects.get(application=w.application)
    assert (occupancy.place, occupancy.entry_on, decision.occupancy) == (w.place, entry, occupancy)
    w.application.refresh_from_db()
    w.place.refresh_from_db()
    assert (w.application.status, w.place.status) == (ApplicationStatus.ADMITTED, "occupied")
    verbs = set(Event.objects.filter(council=w.council).values_list("verb", flat=True))
    assert {"housing_commission_scheduled", "housing_admitted", "housing_commission_decision"} <= verbs
    # The words are encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT words FROM housing_commissiondecision WHERE id = %s", [decision.pk])
        assert "SENTINELLE-PROPOS" not in cursor.fetchone()[0]
    # A second decision on the same item is refused.
    response = _decide(client, w, item, reason="Déjà décidé")
    assert "déjà consignée" in response.content.decode()


def test_an_overlapping_admission_writes_nothing_and_says_why(client, w):
    items = _schedule(client, w)
    item = items[f"application{w.application.pk}"]
    response = client.post(
        _url("commission_decision", w, item.pk),
        {"attended": "no", "outcome": CommissionOutcome.ADMITTED, "place": w.busy_place.pk,
         "entry_on": (timezone.localdate() - timedelta(days=2)).isoformat(), "contract": "sublet",
         "commitment": COMMITMENT},
    )  # fmt: skip
    assert response.status_code == 200
    assert "La place est déjà occupée à cette date" in response.content.decode()
    assert not CommissionDecision.objects.exists()
    assert not Occupancy.objects.filter(application=w.application).exists()
    w.application.refresh_from_db()
    assert w.application.status == ApplicationStatus.SCHEDULED


def test_refusal_needs_a_reason_and_reviews_are_recorded(client, w):
    items = _schedule(client, w)
    item = items[f"application{w.second.pk}"]
    response = _decide(client, w, item, outcome=CommissionOutcome.REFUSED)
    assert "Indiquez le motif de cette décision." in response.content.decode()
    assert _decide(client, w, item, outcome=CommissionOutcome.REFUSED, reason="Hors secteur").status_code == 302
    w.second.refresh_from_db()
    assert (w.second.status, w.second.closed_on) == (ApplicationStatus.REFUSED, timezone.localdate())
    review_item = items[SubjectKind.OCCUPANCY_REVIEW]
    response = client.post(
        _url("commission_review", w, review_item.pk), {"note": "Bonne insertion", "outcome": ReviewOutcome.CONTINUE}
    )
    assert response.status_code == 302
    review = OccupancyReview.objects.get(item=review_item)
    assert (review.outcome, review.reviewed_on) == (ReviewOutcome.CONTINUE, timezone.localdate(w.meeting.starts_at))
    # Reviewed: no longer due.
    page = client.get(_url("commission_session", w)).content.decode()
    assert f'value="{w.occupancy.pk}">Rue Haute' not in page


def test_access_to_the_commission_pages(client, w, member_factory):
    items = _schedule(client, w)
    item = items[f"application{w.application.pk}"]
    urls = [_url("commission_session", w), _url("commission_decision", w, item.pk)]
    for member in (w.health, w.mayor, w.landlord, w.uninvited):
        client.force_login(member.user)
        for url in urls:
            assert client.get(url).status_code == 403, (member, url)
        assert client.post(_url("commission_add_application", w), {"application": w.second.pk}).status_code == 403
    # Another council's coordinator: 404 (existence does not leak); ours: 200.
    client.force_login(member_factory(CouncilFactory(), Role.COORDINATOR).user)
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(w.coordinator.user)
    for url in urls:
        assert client.get(url).status_code == 200
    # Invited members read the meeting page; the uninvited member gets 404.
    for member, status in ((w.health, 200), (w.social, 200), (w.landlord, 200), (w.uninvited, 404)):
        client.force_login(member.user)
        assert client.get(reverse("meetings:detail", args=[w.meeting.pk])).status_code == status


def _decide_all(client, w):
    items = _schedule(client, w)
    _venue(client, w)
    client.post(_url("commission_chair", w), {"chair": w.mayor.pk})
    client.post(
        _url("commission_decision", w, items[f"application{w.application.pk}"].pk),
        {"attended": "yes", "words": WORDS, "outcome": CommissionOutcome.ADMITTED, "place": w.place.pk,
         "entry_on": (timezone.localdate() - timedelta(days=1)).isoformat(), "contract": "sublet",
         "commitment": COMMITMENT},
    )  # fmt: skip
    _decide(client, w, items[f"application{w.second.pk}"], reason="Attente d'un T1")
    return items


def test_disclosure_on_the_meeting_page_and_in_the_record(client, w):
    _decide_all(client, w)
    pages, pdfs = {}, {}
    for name in ("coordinator", "health", "social", "mayor", "landlord", "other_landlord"):
        member = getattr(w, name)
        client.force_login(member.user)
        pages[name] = client.get(reverse("meetings:detail", args=[w.meeting.pk])).content.decode()
        pdfs[name] = _pdf_text(record_pdf(w.meeting, Reader.of(member)))
    # The meeting mode and the .ics show the items by their pseudonymous title.
    client.force_login(w.coordinator.user)
    mode = client.get(reverse("meetings:mode", args=[w.meeting.pk]))
    assert mode.status_code == 200 and w.application.reference in mode.content.decode()
    client.force_login(w.landlord.user)
    ics = client.get(reverse("meetings:ics", args=[w.meeting.pk])).content.decode()
    assert w.application.reference in ics and w.second.reference not in ics and NAME_SENTINEL not in ics
    # The psychiatric opinion: the coordinator and the health professions only, never a social or elected member.
    for name in ("coordinator", "health"):
        assert PSY_SENTINEL in pages[name] and _in_pdf(PSY_SENTINEL, pdfs[name]), name
    for name in ("social", "mayor", "landlord", "other_landlord"):
        assert PSY_SENTINEL not in pages[name] and not _in_pdf(PSY_SENTINEL, pdfs[name]), name
    # The social opinion: health and social professions.
    assert SOCIAL_SENTINEL in pages["social"] and _in_pdf(SOCIAL_SENTINEL, pdfs["social"])
    assert SOCIAL_SENTINEL not in pages["mayor"] and not _in_pdf(SOCIAL_SENTINEL, pdfs["mayor"])
    # The identity: nobody, not even the coordinator's archive.
    for name in pages:
        assert NAME_SENTINEL not in pages[name] and not _in_pdf(NAME_SENTINEL, pdfs[name]), name
    assert not _in_pdf(NAME_SENTINEL, _pdf_text(record_pdf(w.meeting)))
    # Members see the words and the commitment; the record lists the decisions.
    assert "SENTINELLE-PROPOS" in pages["mayor"] and _in_pdf("SENTINELLE-ENGAGEMENT", pdfs["mayor"])
    for name in ("coordinator", "mayor"):
        assert _in_pdf(w.application.reference, pdfs[name]) and _in_pdf(w.second.reference, pdfs[name])
        assert _in_pdf("Admission dans une place", pdfs[name]) and _in_pdf("attente", pdfs[name])
        assert _in_pdf("Résidence du Parc, app. 3", pdfs[name])
    # The landlord of the place sees that admission only (no words, no commitment, no other application); the
    # other landlord sees the review of its own place's occupancy and nothing of the applications.
    assert _in_pdf(w.application.reference, pdfs["landlord"]) and not _in_pdf(w.second.reference, pdfs["landlord"])
    for name in ("landlord", "other_landlord"):
        for text in ("SENTINELLE-PROPOS", "SENTINELLE-ENGAGEMENT", SOCIAL_SENTINEL):
            assert text not in pages[name] and not _in_pdf(text, pdfs[name]), (name, text)
    assert not _in_pdf(w.application.reference, pdfs["other_landlord"]) and _in_pdf("Rue Haute", pdfs["other_landlord"])


def test_the_signed_record_downloaded_by_a_member_lists_the_decisions(client, w, run_on_commit):
    _decide_all(client, w)
    assert client.post(reverse("meetings:sign_off", args=[w.meeting.pk])).status_code == 302
    client.force_login(w.social.user)
    response = client.get(reverse("meetings:record", args=[w.meeting.pk]))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert _in_pdf(w.application.reference, text) and _in_pdf("Admission dans une place", text)
    assert not _in_pdf(PSY_SENTINEL, text)
    # Signed: the agenda is closed.
    client.force_login(w.coordinator.user)
    page = client.get(_url("commission_session", w)).content.decode()
    assert "Inscrire la demande" not in page and "Consigner la décision" not in page


def test_the_applicants_words_are_anonymised_with_the_application(client, w):
    _decide_all(client, w)
    anonymise_application(w.application)
    decision = CommissionDecision.objects.get(application=w.application)
    assert (decision.words, decision.commitment, decision.outcome) == ("", "", CommissionOutcome.ADMITTED)
