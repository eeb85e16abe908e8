"""The proof of the disclosure policy (architecture invariant 10): a unique sentinel string is planted in every
classed text field (situations/policy.py, TEXT_CLASSES), then every output — every GET URL of the authorisation
matrix, the record of decisions (download and e-mail), the .ics invitations, every e-mail sent — is rendered for
every reader, and each sentinel must appear exactly where the policy table says: never where it is not allowed,
and somewhere for each reader allowed to see it.

The world is the authorisation matrix's, plus: an agreement whose scope leaves one health organisation out, a
referent, an actor invited for one item (before and during their window), a second situation on the same
meeting that nobody else takes part in, working notes, decisions, corrections and actions of every class.
"""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.factories import MembershipFactory, OrganisationFactory
from concerto.meetings import services as meetings
from concerto.meetings.disclosure import ARCHIVE
from concerto.meetings.enums import AttendanceStatus, GuestKind
from concerto.meetings.models import AgendaItem, ItemGuest, MeetingInvitation, RecordCorrection, WorkingNote
from concerto.meetings.pdf import record_pdf
from concerto.plans.models import Action
from concerto.situations.enums import ConsentKind, Relationship, Visibility
from concerto.situations.models import ConsentRecord, Identity, JournalNote, Relative, Situation
from concerto.situations.policy import ALERT, NOT_PERSONAL, POLICY, TEXT_CLASSES, Info, Relation
from concerto.situations.services import consent_record
from concerto.tests.test_authorisation_matrix import (
    ACTORS,
    ANON,
    MATRIX,
    OTHER,
    P_ADMIN,
    P_ELECTED,
    P_HEALTH,
    P_LANDLORD,
    P_POLICE,
    P_SOCIAL,
    PARTICIPANTS,
)

OUT_OF_SCOPE = "participant_hors_perimetre"
ACTOR = "acteur_invite"
ACTOR_BEFORE = "acteur_invite_non_envoye"
READERS = [*ACTORS, OUT_OF_SCOPE, ACTOR, ACTOR_BEFORE]
C, CM, P = Role.COORDINATOR.value, Role.CELL_MEMBER.value, Role.PARTNER.value
REFERENT = P_SOCIAL

# Each reader's relation to the world's situation, written by hand: the code must arrive at the same.
RELATIONS = {
    C: Relation.COORDINATOR,
    CM: Relation.CELL_MEMBER,
    P_HEALTH: Relation.HEALTH_SOCIAL,
    P_SOCIAL: Relation.HEALTH_SOCIAL,
    ACTOR: Relation.HEALTH_SOCIAL,
    P_LANDLORD: Relation.OTHER_PROFESSION,
    P_POLICE: Relation.OTHER_PROFESSION,
    P_ELECTED: Relation.OTHER_PROFESSION,
    P_ADMIN: Relation.OTHER_PROFESSION,
    OUT_OF_SCOPE: Relation.RESTRICTED,
}
# After the withdrawal: the coordinator and the referent keep what they had, every other participant is restricted.
RELATIONS_AFTER = {
    reader: relation if reader in (C, REFERENT, CM) else Relation.RESTRICTED for reader, relation in RELATIONS.items()
}
# Who is invited to the whole planned and signed meetings (the actor: their item of the planned one only).
WHOLE_MEETING = {C, CM, *PARTICIPANTS, OUT_OF_SCOPE}


def _sentinel(name: str) -> str:
    return "ZQ" + "".join(ch for ch in name.upper() if ch.isalnum())


class Plant:
    """The sentinels: name → (text, class, owner organisation key for actions, where it is shown)."""

    def __init__(self):
        self.rows: dict[str, dict] = {}

    def add(self, name: str, info: str, *, meeting: str | None = None, owner: str | None = None) -> str:
        text = _sentinel(name)
        self.rows[text] = {"info": info, "meeting": meeting, "owner": owner, "name": name}
        return text


def _member(world, key, profession, organisation=None):
    membership = MembershipFactory(
        council=world.council, role=Role.PARTNER, profession=profession,
        organisation=organisation or OrganisationFactory(council=world.council, name=key),
    )  # fmt: skip
    world.participant_members[key] = membership
    return membership


def plant(world) -> Plant:
    """Writes a sentinel into every classed field of the world's situation, alert and meetings."""
    plant = Plant()
    situation, council = world.situation, world.council
    planned, signed = world.meeting, world.signed_meeting
    members = world.participant_members
    # Identity (a birth date cannot carry a string: the other four fields do).
    identity = Identity.objects.get(situation=situation)
    for field in ("last_name", "first_name", "address", "phone"):
        setattr(identity, field, plant.add(f"id {field}", Info.IDENTITY))
    identity.save()
    Situation.objects.filter(pk=situation.pk).update(
        label=plant.add("label", Info.PARTICIPANTS), initials=plant.add("initials", Info.PARTICIPANTS),
        neighbourhood=plant.add("quartier", Info.PARTICIPANTS), landlord_name=plant.add("bailleur", Info.PARTICIPANTS),
        mandataire=plant.add("mandataire", Info.PARTICIPANTS),
    )  # fmt: skip
    for note in JournalNote.objects.filter(situation=situation):
        note.text = plant.add(f"note {note.visibility}", note.visibility)
        note.save()
    # The agreement: every organisation but the out-of-scope one; its comment is health and social content.
    out = _member(world, OUT_OF_SCOPE, Profession.HEALTH)
    actor = _member(world, ACTOR, Profession.SOCIAL)
    actor_before = _member(world, ACTOR_BEFORE, Profession.HEALTH)
    ConsentRecord.objects.filter(situation=situation).delete()
    agreement = ConsentRecord.objects.create(
        situation=situation, kind=ConsentKind.AGREEMENT, occurred_on=timezone.localdate(),
        by_whom=plant.add("consent by", Info.HEALTH_SOCIAL), means=plant.add("consent means", Info.HEALTH_SOCIAL),
    )  # fmt: skip
    in_scope = [m.organisation for k, m in members.items() if k in PARTICIPANTS or k == ACTOR]
    agreement.scope.set(in_scope)
    from concerto.situations.tests.factories import add_participant

    world.participants[OUT_OF_SCOPE] = add_participant(situation, out)
    world.participants[REFERENT].is_referent = True
    world.participants[REFERENT].save()
    # Actions of every class; the landlord's existing action becomes a sentinel too.
    orgs = {k: m.organisation for k, m in members.items()}
    Action.objects.filter(pk=world.landlord_action.pk).update(
        text=plant.add("action landlord", "participants", owner=P_LANDLORD)
    )
    for name, visibility, owner in (
        ("action health", Visibility.HEALTH_SOCIAL, P_HEALTH),
        ("action social", Visibility.PARTICIPANTS, P_SOCIAL),
        ("action coordination", Visibility.COORDINATOR, None),
    ):
        Action.objects.create(
            council=council, situation=situation, text=plant.add(name, visibility, owner=owner), visibility=visibility,
            owner_organisation=orgs[owner] if owner else world.org, due_on=timezone.localdate() + timedelta(days=5),
        )  # fmt: skip
    # Meetings: everyone taking part is invited to both meetings; the actor to the planned item only.
    for meeting in (planned, signed):
        for key in WHOLE_MEETING - {C, CM}:
            MeetingInvitation.objects.get_or_create(
                meeting=meeting, user=members[key].user, item=None, defaults={"sent_at": timezone.now()}
            )
    MeetingInvitation.objects.create(
        meeting=planned, user=actor.user, item=world.item, sent_at=timezone.now(),
        access_until=timezone.localdate() + timedelta(days=20),
    )  # fmt: skip
    MeetingInvitation.objects.create(meeting=planned, user=actor_before.user, item=world.item)
    for visibility in Visibility.values:
        WorkingNote.objects.create(
            item=world.item,
            visibility=visibility,
            text=plant.add(f"working {visibility}", visibility, meeting="planned"),
        )
    AgendaItem.objects.filter(pk=world.item.pk).update(
        decisions=plant.add("decisions planned", Info.PARTICIPANTS, meeting="planned"),
        decisions_visibility=Visibility.PARTICIPANTS,
    )
    signed_item = AgendaItem.objects.get(meeting=signed, situation=situation)
    signed_item.decisions = plant.add("decisions signed", Info.HEALTH_SOCIAL, meeting="signed")
    signed_item.decisions_visibility = Visibility.HEALTH_SOCIAL
    signed_item.save()
    for visibility in (Visibility.PARTICIPANTS, Visibility.HEALTH_SOCIAL):
        RecordCorrection.objects.create(
            item=signed_item,
            visibility=visibility,
            text=plant.add(f"correction {visibility}", visibility, meeting="signed"),
        )
    # The people served, at the table (issue 13): a relative among the participants (name and contact are identity)
    # and the words of a relative invited for the signed item (health class, printed in the record).
    Relative.objects.create(
        situation=situation, name=plant.add("relative name", Info.IDENTITY), relationship=Relationship.PARENT,
        contact=plant.add("relative contact", Info.IDENTITY), since=timezone.localdate(),
    )  # fmt: skip
    ItemGuest.objects.create(
        item=signed_item, kind=GuestKind.RELATIVE, relationship=Relationship.PARENT, name="Proche",
        email="proche@exemple.test", token_hash="sentinel-relative", window_start=timezone.now(),
        window_end=timezone.now(), attendance=AttendanceStatus.PRESENT, words_visibility=Visibility.HEALTH_SOCIAL,
        words=plant.add("relative words", Info.HEALTH_SOCIAL, meeting="signed"),
    )  # fmt: skip
    signed.record_pdf.save("archive.pdf", io.BytesIO(record_pdf(signed, ARCHIVE)), save=True)
    # A second situation on the planned meeting that nobody else takes part in.
    from concerto.situations.tests.factories import SituationFactory

    world.other_situation = SituationFactory(council=council, label=plant.add("other label", "other"))
    other_item = AgendaItem.objects.create(meeting=planned, situation=world.other_situation, position=1)
    WorkingNote.objects.create(
        item=other_item, visibility=Visibility.PARTICIPANTS, text=plant.add("other working", "other")
    )
    # The alert: the coordinator and its author only.
    alert = world.alert
    for field in ("referrer_name", "referrer_role", "facts", "already_tried", "expected_help", "neighbourhood"):
        setattr(alert, field, plant.add(f"alert {field}", ALERT))
    alert.save()
    return plant


def expected(plant: Plant, text: str, reader: str, relations: dict, world) -> bool:
    """What the policy table says of one sentinel for one reader."""
    row = plant.rows[text]
    info, relation = row["info"], relations.get(reader, Relation.NONE)
    if info == ALERT:
        return reader in (C, P)
    if info == "other":  # the second situation: the coordinator alone takes part
        return reader == C
    classes = POLICY[relation]
    if row["meeting"] == "planned" and reader not in WHOLE_MEETING | {ACTOR}:
        return False
    if row["meeting"] == "signed" and reader not in WHOLE_MEETING:
        return False
    if row["owner"] is not None or row["name"].startswith("action"):
        own = row["owner"] == reader and Info.PARTICIPANTS in classes
        return own or (info in classes and relation in (Relation.COORDINATOR, Relation.HEALTH_SOCIAL))
    return info in classes


def _login(client, world, reader):
    client.logout()
    if reader == ANON:
        return client
    if reader == OTHER:
        membership = world.other
    elif reader in world.participant_members:
        membership = world.participant_members[reader]
    elif reader == "invitation_expiree":
        membership = world.expired_invitee
    else:
        membership = world.memberships[Role(reader)]
    client.force_login(membership.user)
    return client


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"%PDF"):
        try:
            return pdf_text(content)
        except Exception:  # noqa: BLE001 - a placeholder file of the matrix world is no real PDF
            return content.decode(errors="replace")
    if content.startswith(b"PK"):  # an XLSX export: read the text of every part of the archive
        import zipfile

        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    return content.decode(errors="replace")


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


def outputs_for(client, world, reader) -> dict[str, str]:
    """Every GET URL of the matrix (and the list filtered on a clinical problem), as this reader sees it."""
    client = _login(client, world, reader)
    seen = {}
    for name, entry in MATRIX.items():
        if entry.method != "get":
            continue
        url = reverse(name, kwargs=entry.kwargs(world))
        response = client.get(url)
        if response.status_code == 200:
            seen[url] = _text(response)
    return seen


def leaks(plant, outputs: dict[str, str], reader, relations, world) -> list[str]:
    return [
        f"{plant.rows[text]['name']} in {where}"
        for where, content in outputs.items()
        for text in plant.rows
        if text in content and not expected(plant, text, reader, relations, world)
    ]


@pytest.mark.django_db
def test_every_text_field_of_the_case_has_a_class():
    missing = []
    for app in ("situations", "meetings", "plans"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                label = f"{model._meta.label_lower}.{field.name}"
                is_text = isinstance(field, models.CharField | models.TextField | models.FileField)
                if is_text and not field.choices and label not in TEXT_CLASSES and label not in NOT_PERSONAL:
                    missing.append(label)
    assert not missing, f"Champs de texte sans classe d'information (situations/policy.py) : {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("reader", READERS)
def test_sentinels_in_every_page_and_pdf(reader, client, world):
    plant_ = plant(world)
    outputs = outputs_for(client, world, reader)
    assert not leaks(plant_, outputs, reader, RELATIONS, world)
    everything = "".join(outputs.values())
    # Shown in pages to the coordinator only: alerts (their author reads them back elsewhere) and the decisions
    # of a session not yet signed (meeting mode); the e-mail test checks the signed record carries them.
    elsewhere = {
        row_text for row_text, row in plant_.rows.items() if row["info"] == ALERT or row["name"] == "decisions planned"
    }
    missing = [
        row["name"]
        for text, row in plant_.rows.items()
        if expected(plant_, text, reader, RELATIONS, world)
        and text not in everything
        and not (text in elsewhere and reader != C)
        and row["name"] != "initials"  # kept from the alert, shown nowhere: the label is what pages show
    ]
    assert not missing, f"{reader} should see {missing}"
    # The second situation of the meeting never shows to someone invited for one item only.
    if reader == ACTOR:
        assert world.other_situation.code not in everything


@pytest.mark.django_db
@pytest.mark.parametrize("reader", READERS)
def test_sentinels_after_a_withdrawal(reader, client, world):
    plant_ = plant(world)
    consent_record(
        situation=world.situation, actor=world.memberships[Role.COORDINATOR].user,
        data={"kind": ConsentKind.WITHDRAWAL, "occurred_on": timezone.localdate() - timedelta(days=30),
              "by_whom": "CMP", "means": "Entretien"},
    )  # fmt: skip
    outputs = outputs_for(client, world, reader)
    problems = leaks(plant_, outputs, reader, RELATIONS_AFTER, world)
    # Records rendered after the withdrawal carry only "consent withdrawn", whoever reads them.
    for url, content in outputs.items():
        if url == reverse("meetings:record", kwargs={"pk": world.signed_meeting.pk}) and reader != C:
            problems += [row["name"] for text, row in plant_.rows.items() if text in content and row["info"] != "other"]
    assert not problems


@pytest.mark.django_db
def test_sentinels_in_every_email_and_calendar(client, world, django_capture_on_commit_callbacks):
    """Invitations (.ics) and the signed record, each rendered for its recipient."""
    plant_ = plant(world)
    coordinator = world.memberships[Role.COORDINATOR].user
    members = {**{r: world.memberships[Role(r)] for r in (C, CM)}, **world.participant_members}
    by_email = {m.user.email: key for key, m in members.items()}
    MeetingInvitation.objects.filter(meeting=world.meeting).update(sent_at=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.invitations_send(meeting=world.meeting, actor=coordinator)
    calendars = {m.to[0]: m for m in mail.outbox}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for key in WHOLE_MEETING | {ACTOR}:
            meetings.attendance_record(
                meeting=world.meeting, actor=coordinator, user=members[key].user, status=AttendanceStatus.PRESENT
            )
        world.meeting.starts_at = timezone.now() - timedelta(minutes=30)  # signed off once the session has started
        world.meeting.save(update_fields=["starts_at"])
        meetings.meeting_sign_off(meeting=world.meeting, actor=coordinator)
    records = {m.to[0]: m for m in mail.outbox}
    assert set(calendars) == {members[k].user.email for k in (WHOLE_MEETING | {ACTOR, ACTOR_BEFORE}) - {C}}
    for email, message in calendars.items():
        reader = by_email[email]
        ics = message.attachments[0][1]
        ics = ics if isinstance(ics, str) else ics.decode()
        (event,) = Calendar.from_ical(ics).walk("VEVENT")
        attendees = event.get("attendee")
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert [str(a) for a in attendees] == [f"mailto:{email}"], reader
        has_other = world.other_situation.code in str(event.get("description"))
        assert has_other == (reader in WHOLE_MEETING), reader
        assert not leaks(plant_, {"ics": ics}, reader, RELATIONS, world)
    assert set(records) == {members[k].user.email for k in WHOLE_MEETING | {ACTOR}}
    for email, message in records.items():
        reader = by_email[email]
        content = message.body + pdf_text(message.attachments[0][1])
        # Working notes are destroyed at sign-off: the record carries decisions, actions and corrections.
        problems = leaks(plant_, {"e-mail": content}, reader, RELATIONS, world)
        assert not problems, reader
        if reader in (C, P_HEALTH):
            assert _sentinel("decisions planned") in content
        if reader == P_LANDLORD:
            assert _sentinel("action landlord") in content and _sentinel("action health") not in content
        if reader == ACTOR:
            assert world.other_situation.code not in content
