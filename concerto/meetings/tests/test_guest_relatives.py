"""A relative, or the person themself, invited to a situation's agenda item without an account (issue 13): only with
the person's agreement (covering relatives for a relative); their link shows the logistics only; their presence is
on the attendance sheet and the record (never their name); their words, recorded by the coordinator, are printed in
the record for the readers whose class opens them."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import guest_services
from concerto.meetings.enums import AttendanceStatus, GuestKind, MeetingStatus, SubjectKind
from concerto.meetings.models import AgendaItem, ItemGuest, Meeting, MeetingInvitation
from concerto.meetings.pdf import record_pdf
from concerto.situations.enums import ConsentKind, Relationship, Visibility
from concerto.situations.models import ConsentRecord
from concerto.situations.policy import Reader
from concerto.situations.tests.factories import CellFactory, add_participant, nominative_situation

pytestmark = pytest.mark.django_db

SHARED = "Décision partagée ALPHA-7731"
OTHER_ITEM = "Décision de l'autre point BRAVO-4410"
RELATIVE = "Paulette Proche"
PERSON = "Jeanne Dupont"
WORDS = "Ma mère dort mal depuis l'hiver WORDS-8812"


@pytest.fixture(autouse=True)
def _run_on_commit(run_on_commit):
    """The guest's e-mail is sent on commit."""


@pytest.fixture
def setup():
    council = CouncilFactory(name="CLSM Val-de-Lys")
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    member = MembershipFactory(council=council, role=Role.CELL_MEMBER, profession=Profession.HEALTH)
    CellMember.objects.create(cell=cell, membership=member)
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        council=council, cell=cell, starts_at=start, ends_at=start + datetime.timedelta(hours=2),
        place="CCAS, salle 2",
    )  # fmt: skip
    situation = nominative_situation(council, cell=cell)
    ConsentRecord.objects.filter(situation=situation).update(covers_relatives=True)
    item = AgendaItem.objects.create(
        meeting=meeting, situation=situation, decisions=SHARED, decisions_visibility=Visibility.PARTICIPANTS
    )
    other = nominative_situation(council, cell=cell)
    AgendaItem.objects.create(meeting=meeting, situation=other, decisions=OTHER_ITEM, position=1)
    topic = AgendaItem.objects.create(meeting=meeting, subject_kind=SubjectKind.TOPIC, topic="Bilan", position=2)
    people = {}
    for key, profession in (
        ("nurse", Profession.HEALTH),
        ("landlord", Profession.LANDLORD),
        ("peer", Profession.PEER_EXPERT),
        ("representative", Profession.USER_REPRESENTATIVE),
    ):
        membership = MembershipFactory(
            council=council, role=Role.PARTNER, profession=profession,
            organisation=OrganisationFactory(council=council, name=key),
        )  # fmt: skip
        add_participant(situation, membership)
        MeetingInvitation.objects.create(meeting=meeting, user=membership.user, sent_at=timezone.now())
        people[key] = membership
    return {
        "council": council, "coordinator": coordinator, "member": member, "meeting": meeting,
        "situation": situation, "item": item, "topic": topic, "people": people,
    }  # fmt: skip


def invite(client, setup, kind, item=None, **data):
    client.force_login(setup["coordinator"].user)
    item = item or setup["item"]
    name = RELATIVE if kind == GuestKind.RELATIVE else PERSON
    payload = {"kind": kind, "name": name, "email": "proche@exemple.test", **data}
    if kind == GuestKind.RELATIVE:
        payload.setdefault("relationship", Relationship.CHILD)
    return client.post(reverse("meetings:guest_add", args=[setup["meeting"].pk, item.pk]), payload)


def token_from(mailoutbox) -> str:
    (message,) = mailoutbox
    return re.search(r"/invitation/([A-Za-z0-9_-]+)/", message.body).group(1)


def guest_page(client, token):
    client.logout()
    return client.get(reverse("meetings:guest_page", args=[token]))


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", " ")


def test_a_relative_is_invited_and_sees_the_logistics_and_the_title_only(client, setup, mailoutbox):
    assert invite(client, setup, GuestKind.RELATIVE, organisation=OrganisationFactory(council=setup["council"]).pk)
    guest = ItemGuest.objects.get()
    assert (guest.kind, guest.relationship, guest.organisation, guest.name) == (
        GuestKind.RELATIVE, Relationship.CHILD, None, RELATIVE,
    )  # fmt: skip
    (message,) = mailoutbox
    assert message.to == ["proche@exemple.test"] and "Dupont" not in message.body and SHARED not in message.body
    response = guest_page(client, token_from(mailoutbox))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "CCAS, salle 2" in page and setup["situation"].code in page and "J. D." in page
    # Never the decisions (even shared ones), the problems, another item, the identity or health content.
    for absent in (SHARED, OTHER_ITEM, "Incurie", "Refus ou rupture de soins", "Bilan", "12 rue des Lilas"):
        assert absent not in page, absent


def test_the_person_themself_sees_the_logistics_only(client, setup, mailoutbox):
    invite(client, setup, GuestKind.PERSON)
    guest = ItemGuest.objects.get()
    assert guest.kind == GuestKind.PERSON and guest.relationship == ""
    page = guest_page(client, token_from(mailoutbox)).content.decode()
    assert "CCAS, salle 2" in page and "porte sur votre situation" in page
    for absent in (setup["situation"].code, "J. D.", SHARED, OTHER_ITEM, "Incurie", "Refus ou rupture de soins"):
        assert absent not in page, absent


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("uncovered", "ne couvre pas l&#x27;association de ses proches"),
        ("no_agreement", "aucun accord enregistré"),
        ("withdrawn", "retiré son accord"),
        ("initials", "situation nominative"),
        ("no_bond", "Indiquez le lien"),
    ],
)
def test_a_relative_needs_the_persons_agreement_covering_relatives(client, setup, mailoutbox, change, message):
    situation = setup["situation"]
    data = {}
    if change == "uncovered":
        ConsentRecord.objects.filter(situation=situation).update(covers_relatives=False)
    elif change == "no_agreement":
        ConsentRecord.objects.filter(situation=situation).delete()
    elif change == "withdrawn":
        ConsentRecord.objects.create(situation=situation, kind=ConsentKind.WITHDRAWAL, occurred_on=timezone.localdate())
    elif change == "initials":
        type(situation).objects.filter(pk=situation.pk).update(person_mode="initials")
    else:
        data["relationship"] = ""
    response = invite(client, setup, GuestKind.RELATIVE, **data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert message in page
    assert not ItemGuest.objects.exists() and not mailoutbox


def test_the_person_needs_an_agreement_but_not_one_covering_relatives(client, setup, mailoutbox):
    ConsentRecord.objects.filter(situation=setup["situation"]).update(covers_relatives=False)
    invite(client, setup, GuestKind.PERSON)
    assert ItemGuest.objects.filter(kind=GuestKind.PERSON).count() == 1
    ConsentRecord.objects.create(
        situation=setup["situation"], kind=ConsentKind.OBJECTION, occurred_on=timezone.localdate()
    )
    invite(client, setup, GuestKind.PERSON)
    assert ItemGuest.objects.count() == 1


def test_no_relative_for_a_free_topic(setup):
    with pytest.raises(guest_services.GuestRefused):
        guest_services.guest_add(
            item=setup["topic"], actor=setup["coordinator"].user,
            data={"kind": GuestKind.RELATIVE, "name": RELATIVE, "email": "p@exemple.test", "relationship": "child"},
        )  # fmt: skip
    assert not ItemGuest.objects.exists()


def test_the_meeting_page_names_them_for_the_coordinator_only(client, setup, mailoutbox):
    invite(client, setup, GuestKind.RELATIVE)
    invite(client, setup, GuestKind.PERSON, email="personne@exemple.test")
    url = reverse("meetings:detail", args=[setup["meeting"].pk])
    page = client.get(url).content.decode()
    assert RELATIVE in page and PERSON in page and "Consigner sa parole" in page
    for key in ("nurse", "landlord", "peer"):
        client.force_login(setup["people"][key].user)
        page = client.get(url).content.decode()
        assert RELATIVE not in page and PERSON not in page, key
        assert "Un·e proche de la personne (enfant)" in page and "La personne concernée" in page, key
        assert "Consigner sa parole" not in page


def _words(client, setup, guest, **data):
    payload = {"words": WORDS, "words_visibility": Visibility.HEALTH_SOCIAL, **data}
    return client.post(reverse("meetings:guest_words", args=[setup["meeting"].pk, guest.pk]), payload)


def test_presence_and_words_are_in_the_record_for_the_readers_allowed(client, setup, mailoutbox):
    invite(client, setup, GuestKind.RELATIVE)
    guest = ItemGuest.objects.get()
    sheet = reverse("meetings:attendance", args=[setup["meeting"].pk])
    client.post(sheet, {"form": "sheet", f"guest-{guest.pk}": AttendanceStatus.PRESENT})
    assert ItemGuest.objects.get().attendance == AttendanceStatus.PRESENT
    assert _words(client, setup, guest, words_verbatim="on").status_code == 302
    guest.refresh_from_db()
    assert (guest.words, guest.words_visibility, guest.words_verbatim) == (WORDS, Visibility.HEALTH_SOCIAL, True)
    assert Event.objects.filter(verb="item_guest_words").count() == 1
    assert WORDS not in str(Event.objects.get(verb="item_guest_words").data)
    meeting = setup["meeting"]
    archive = pdf_text(record_pdf(meeting))
    assert "Un·e proche de la personne (enfant)" in archive and RELATIVE not in archive
    assert "Parole d'un·e proche (enfant), dans ses propres mots" in archive and "WORDS-8812" in archive
    people = setup["people"]
    texts = {key: pdf_text(record_pdf(meeting, Reader.of(m))) for key, m in people.items()}
    assert "WORDS-8812" in texts["nurse"]
    for key in ("landlord", "peer", "representative"):
        assert "WORDS-8812" not in texts[key], key
        assert RELATIVE not in texts[key], key
    # Words the coordinator opens to every participant: the peer expert reads them too.
    _words(client, setup, guest, words_visibility=Visibility.PARTICIPANTS)
    assert "WORDS-8812" in pdf_text(record_pdf(meeting, Reader.of(people["peer"])))
    # After a withdrawal, the record carries only that fact, words included.
    ConsentRecord.objects.create(
        situation=setup["situation"], kind=ConsentKind.WITHDRAWAL, occurred_on=timezone.localdate()
    )
    assert "WORDS-8812" not in pdf_text(record_pdf(meeting, Reader.of(people["nurse"])))


@pytest.mark.parametrize("who", ["member", "nurse", "peer", "outsider"])
def test_only_the_coordinator_records_words(client, setup, mailoutbox, who):
    invite(client, setup, GuestKind.PERSON)
    guest = ItemGuest.objects.get()
    if who == "outsider":
        client.force_login(MembershipFactory(council=CouncilFactory(), role=Role.COORDINATOR).user)
    elif who == "member":
        client.force_login(setup["member"].user)
    else:
        client.force_login(setup["people"][who].user)
    assert _words(client, setup, guest).status_code == (404 if who == "outsider" else 403)
    assert ItemGuest.objects.get().words == ""


def test_words_are_refused_for_an_actor_and_after_sign_off(client, setup, mailoutbox):
    client.force_login(setup["coordinator"].user)
    client.post(
        reverse("meetings:guest_add", args=[setup["meeting"].pk, setup["item"].pk]),
        {"name": "Dr Martin", "email": "dr@exemple.test"},
    )
    actor = ItemGuest.objects.get()
    assert actor.kind == GuestKind.ACTOR
    _words(client, setup, actor)
    assert ItemGuest.objects.get(pk=actor.pk).words == ""
    invite(client, setup, GuestKind.PERSON)
    person = ItemGuest.objects.get(kind=GuestKind.PERSON)
    Meeting.objects.filter(pk=setup["meeting"].pk).update(status=MeetingStatus.SIGNED_OFF)
    _words(client, setup, person)
    assert ItemGuest.objects.get(pk=person.pk).words == ""
