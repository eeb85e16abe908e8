"""E-mails are built from templates in one place (`core.mail`) and sent by the worker, never inside the request."""

import datetime
import io
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core import mail as concerto_mail
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import services as meetings
from concerto.meetings.disclosure import reader_for_user
from concerto.meetings.enums import AttendanceStatus
from concerto.meetings.models import AgendaItem, Attendance, Meeting, MeetingInvitation
from concerto.meetings.pdf import record_pdf
from concerto.situations import services as situations
from concerto.situations.tests.factories import CellFactory, SituationFactory, nominative_situation

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_builder_renders_subject_body_and_council_footer_from_templates():
    council = CouncilFactory(name="CLSM Val-de-Lys")
    situation = SituationFactory(council=council, code="VAL-2026-007")
    message = concerto_mail.build(
        "situation_closed", {"situation": situation, "council": council}, ["referente@exemple.test"]
    )
    assert message.subject == "[Concerto] Situation VAL-2026-007 clôturée"
    assert message.to == ["referente@exemple.test"] and message.from_email  # the default sender
    assert message.body.startswith("Bonjour,\n\nLa situation VAL-2026-007, ouverte à la suite de votre alerte")
    # The shared footer, unescaped text: the council's name as typed.
    assert message.body.endswith(
        "— CLSM Val-de-Lys, avec Concerto\nCe message est envoyé automatiquement : merci de ne pas y répondre.\n"
    )
    assert "&#x27;" not in message.subject + message.body and not message.alternatives


def test_send_writes_one_message_per_distinct_address():
    council = CouncilFactory()
    situation = SituationFactory(council=council)
    context = {"situation": situation, "council": council}
    assert (
        concerto_mail.send("situation_closed", context, ["b@exemple.test", "a@exemple.test", "", "b@exemple.test"]) == 2
    )
    assert [m.to for m in mail.outbox] == [["a@exemple.test"], ["b@exemple.test"]]


@pytest.fixture
def signed_off_world():
    """A session held yesterday: a cell member present for both items, an actor invited for the second one only."""
    council = CouncilFactory(name="CLSM Val-de-Lys")
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    psychiatrist = MembershipFactory(
        council=council, role=Role.CELL_MEMBER, profession=Profession.HEALTH,
        organisation=OrganisationFactory(council=council, name="CMP"),
    )  # fmt: skip
    CellMember.objects.create(cell=cell, membership=psychiatrist)
    actor = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.SOCIAL,
        organisation=OrganisationFactory(council=council, name="SAVS"),
    )  # fmt: skip
    first = nominative_situation(council, cell=cell)
    second = SituationFactory(council=council, cell=cell)
    start = timezone.now() - datetime.timedelta(hours=1)
    meeting = Meeting.objects.create(council=council, cell=cell, starts_at=start, ends_at=start)
    AgendaItem.objects.create(meeting=meeting, situation=first)
    item = AgendaItem.objects.create(meeting=meeting, situation=second)
    # The permanent member is invited to the whole meeting, the actor to the second item only.
    MeetingInvitation.objects.create(meeting=meeting, user=psychiatrist.user)
    MeetingInvitation.objects.create(meeting=meeting, user=actor.user, item=item, access_until=timezone.localdate())
    for member in (psychiatrist, actor):
        Attendance.objects.create(meeting=meeting, user=member.user, status=AttendanceStatus.PRESENT)
    return coordinator, psychiatrist, actor, meeting, first, second


# `db_worker` closes the database connection between tasks, as a real worker does: on PostgreSQL that needs a
# transactional test (committed data), not one wrapped in a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_sign_off_renders_no_pdf_in_the_request_and_the_worker_sends_each_reader_their_own(
    signed_off_world, database_queue, django_capture_on_commit_callbacks
):
    coordinator, psychiatrist, actor, meeting, first, second = signed_off_world
    with database_queue:
        no_pdf = mock.patch("weasyprint.HTML", side_effect=AssertionError("PDF rendered in the request"))
        with no_pdf, django_capture_on_commit_callbacks(execute=True):
            meetings.meeting_sign_off(meeting=meeting, actor=coordinator.user)
        meeting.refresh_from_db()
        assert meeting.status == "signed_off" and not meeting.record_pdf and not mail.outbox
        (queued,) = DBTaskResult.objects.all()
        assert queued.task_path == "concerto.meetings.tasks.send_record"
        assert queued.args_kwargs == {"args": [meeting.pk], "kwargs": {}}
    with database_queue, time_machine.travel(timezone.now(), tick=False):  # one "produced at" minute for every PDF
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        queued.refresh_from_db()
        assert queued.status == "SUCCESSFUL"
        meeting.refresh_from_db()
        archive = pdf_text(meeting.record_pdf.read())
        assert first.code in archive and second.code in archive
        records = {m.to[0]: m for m in mail.outbox}
        assert set(records) == {psychiatrist.user.email, actor.user.email}
        for message in records.values():
            assert message.subject == f"[Concerto] Relevé de décisions : {meeting}"
            assert [a[0] for a in message.attachments] == [f"releve-{meeting.pk}.pdf"]
        # Each reader gets the record rendered for them (meetings.disclosure), and nothing else.
        for member in (psychiatrist, actor):
            expected = pdf_text(record_pdf(meeting, reader_for_user(meeting, member.user)))
            assert pdf_text(records[member.user.email].attachments[0][1]) == expected
        whole = pdf_text(records[psychiatrist.user.email].attachments[0][1])
        invited = pdf_text(records[actor.user.email].attachments[0][1])
        assert first.code in whole and whole != invited
        # Invited for one item: that item only, and not who else attended.
        assert second.code in invited and first.code not in invited
        assert psychiatrist.user.last_name not in invited


def test_nothing_is_queued_nor_sent_when_the_transaction_rolls_back(
    signed_off_world, database_queue, django_capture_on_commit_callbacks
):
    coordinator, _psychiatrist, _actor, meeting, first, _second = signed_off_world
    capture = django_capture_on_commit_callbacks(execute=True)
    with database_queue, capture as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        meetings.meeting_sign_off(meeting=meeting, actor=coordinator.user)
        situations.situation_close(situation=first, actor=coordinator.user, reason="maintained")
        raise RuntimeError("rolled back")
    assert callbacks == [] and not DBTaskResult.objects.exists() and not mail.outbox
    meeting.refresh_from_db()
    assert meeting.status != "signed_off"


# `db_worker` closes the database connection between tasks, as a real worker does: on PostgreSQL that needs a
# transactional test (committed data), not one wrapped in a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_invitation_links_travel_encrypted_through_the_queue(
    client, database_queue, django_capture_on_commit_callbacks
):
    """The raw token of an invitation link is in the e-mail only: the queue table stores it encrypted."""
    from concerto.accounts import services as accounts

    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    data = {"email": "nouvelle@exemple.test", "first_name": "Nadia", "last_name": "Martin", "role": Role.PARTNER,
            "profession": Profession.SOCIAL}  # fmt: skip
    with database_queue:
        with django_capture_on_commit_callbacks(execute=True):
            _invitation, token = accounts.invitation_create(council=council, actor=coordinator.user, data=data)
        (queued,) = DBTaskResult.objects.all()
        assert token not in str(queued.args_kwargs)
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    (message,) = mail.outbox
    assert message.to == ["nouvelle@exemple.test"] and f"/invitation/{token}/" in message.body
