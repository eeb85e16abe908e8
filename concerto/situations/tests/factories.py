"""Factories and a ready-made world for the situation tests and the authorisation matrix."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.councils.models import Cell, CellMember, Charter
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.situations import link_services
from concerto.situations.enums import AlertStatus, ConsentKind, PersonMode, Visibility
from concerto.situations.models import (
    Alert,
    Attachment,
    ConsentRecord,
    Identity,
    JournalNote,
    Participant,
    Situation,
    SituationProblem,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class CellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cell

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Cellule {n}")


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    council = factory.SubFactory(CouncilFactory)
    code = factory.Sequence(lambda n: f"TST-2026-{n:03d}")
    label = "J. D."
    person_mode = PersonMode.INITIALS
    opened_on = factory.LazyFunction(timezone.localdate)


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    council = factory.SubFactory(CouncilFactory)
    status = AlertStatus.SUBMITTED
    reference = factory.Sequence(lambda n: f"TST-S2026-{n:04d}")
    submitted_at = factory.LazyFunction(timezone.now)
    referrer_name = "Nadia Ferreira"
    referrer_role = "Assistante sociale"
    referrer_email = "referente@exemple.test"
    person_mode = PersonMode.INITIALS
    initials = "J. D."
    problems = ["hoarding", "care_refusal"]
    facts = "Odeurs dans la cage d'escalier, refus d'ouvrir."
    person_informed = "yes"
    person_agrees = "no"


def add_participant(situation, membership, **kwargs) -> Participant:
    return Participant.objects.create(
        situation=situation,
        organisation=membership.organisation or OrganisationFactory(council=situation.council),
        user=membership.user,
        since=kwargs.pop("since", timezone.localdate() - datetime.timedelta(days=10)),
        **kwargs,
    )


def nominative_situation(council, **kwargs) -> Situation:
    situation = SituationFactory(council=council, person_mode=PersonMode.NOMINATIVE, **kwargs)
    Identity.objects.create(
        council=council, situation=situation, last_name="Dupont", first_name="Jeanne",
        birth_date=datetime.date(1958, 3, 14), address="12 rue des Lilas", phone="06 00 00 00 00",
    )  # fmt: skip
    SituationProblem.objects.bulk_create(
        [
            SituationProblem(situation=situation, code="hoarding"),
            SituationProblem(situation=situation, code="care_refusal"),
        ]
    )
    ConsentRecord.objects.create(
        situation=situation, kind=ConsentKind.AGREEMENT, occurred_on=timezone.localdate(), by_whom="CCAS",
        means="Entretien",
    )  # fmt: skip
    return situation


def build_situation_world(world, member_factory) -> None:
    """Adds to the matrix world: a nominative situation with two participating partners (health, landlord),
    notes of each visibility class, a submitted alert with an attachment, a draft, a secure link, a cell."""
    council = world.council
    world.participant_members = {
        "participant_sante": member_factory(
            council, Role.PARTNER, Profession.HEALTH, organisation=OrganisationFactory(council=council, name="CMP")
        ),
        "participant_bailleur": member_factory(
            council,
            Role.PARTNER,
            Profession.LANDLORD,
            organisation=OrganisationFactory(council=council, name="Bailleur"),
        ),
        # One participant for each other profession category.
        **{
            f"participant_{profession.value}": member_factory(
                council, Role.PARTNER, profession, organisation=OrganisationFactory(council=council)
            )
            for profession in (Profession.SOCIAL, Profession.POLICE, Profession.ELECTED, Profession.ADMINISTRATIVE)
        },
    }
    world.situation = nominative_situation(council)
    world.participants = {
        key: add_participant(world.situation, membership) for key, membership in world.participant_members.items()
    }
    author = world.memberships[Role.PARTNER].user
    notes = {
        v: JournalNote.objects.create(
            situation=world.situation, author=author, visibility=v, occurred_on=timezone.localdate(), text=f"note {v}"
        )
        for v in Visibility.values
    }
    world.health_note = notes[Visibility.HEALTH_SOCIAL]
    from concerto.plans.models import Action

    world.landlord_action = Action.objects.create(
        council=council, situation=world.situation, text="Visite conjointe",
        owner_organisation=world.participants["participant_bailleur"].organisation, due_on=timezone.localdate(),
    )  # fmt: skip
    world.alert = AlertFactory(council=council, author=author)
    world.draft = AlertFactory(council=council, author=author, status=AlertStatus.DRAFT, reference=None)
    world.attachment = Attachment.objects.create(
        alert=world.alert, file=SimpleUploadedFile("x.pdf", PDF), content_type="application/pdf", size=len(PDF)
    )
    world.link, world.link_token = link_services.secure_link_create(
        council=council, organisation=world.org, actor=None, days=30
    )
    world.cell = CellFactory(council=council)
    world.seat = CellMember.objects.create(cell=world.cell, membership=world.memberships[Role.CELL_MEMBER])
    Charter.objects.create(cell=world.cell, version=1, document=SimpleUploadedFile("c.pdf", io.BytesIO(PDF).read()))
    add_meetings(world)


def add_meetings(world) -> None:
    """A planned cell session (the cell member is invited; the world's situation is on the agenda) and a
    signed one with its record."""
    from django.core.files.base import ContentFile

    from concerto.meetings.enums import MeetingStatus
    from concerto.meetings.models import AgendaItem, Meeting, MeetingInvitation

    start = timezone.now() + datetime.timedelta(days=10)
    world.meeting = Meeting.objects.create(
        council=world.council, cell=world.cell, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    world.item = AgendaItem.objects.create(meeting=world.meeting, situation=world.situation)
    world.signed_meeting = Meeting.objects.create(
        council=world.council, cell=world.cell, starts_at=start - datetime.timedelta(days=40),
        ends_at=start - datetime.timedelta(days=40, hours=-2), status=MeetingStatus.SIGNED_OFF,
    )  # fmt: skip
    world.signed_meeting.record_pdf.save("r.pdf", ContentFile(PDF), save=True)
    cell_member = world.memberships[Role.CELL_MEMBER].user
    from concerto.core.utils import token_hash
    from concerto.meetings.models import PollInvitee, PollSlot, SlotPoll

    world.poll = SlotPoll.objects.create(council=world.council, cell=world.cell)
    world.slot = PollSlot.objects.create(poll=world.poll, starts_at=start, ends_at=start)
    world.poll_token = "jeton-sondage"
    PollInvitee.objects.create(poll=world.poll, user=cell_member, token_hash=token_hash(world.poll_token))
    for meeting in (world.meeting, world.signed_meeting):
        MeetingInvitation.objects.create(meeting=meeting, user=cell_member, sent_at=timezone.now())
    # An actor whose invitation for the world's situation has expired.
    world.expired_invitee = MembershipFactory(council=world.council, role=Role.PARTNER, profession=Profession.SOCIAL)
    MeetingInvitation.objects.create(
        meeting=world.signed_meeting, user=world.expired_invitee.user,
        item=AgendaItem.objects.create(meeting=world.signed_meeting, situation=world.situation),
        sent_at=timezone.now() - datetime.timedelta(days=45), access_until=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
