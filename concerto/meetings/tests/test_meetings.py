import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import services
from concerto.meetings.enums import MeetingStatus
from concerto.meetings.models import AgendaItem, Attendance, Meeting, MeetingInvitation, WorkingNote
from concerto.plans.models import Action
from concerto.situations.tests.factories import CellFactory, SituationFactory, add_participant, nominative_situation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_on_commit(run_on_commit):
    """E-mails are sent on commit: each request of the test client runs its on-commit callbacks."""


@pytest.fixture
def setup():
    council = CouncilFactory(name="CLSM Val-de-Lys")
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    psychiatrist = MembershipFactory(
        council=council,
        role=Role.CELL_MEMBER,
        profession=Profession.HEALTH,
        organisation=OrganisationFactory(council=council, name="CMP"),
    )
    CellMember.objects.create(cell=cell, membership=psychiatrist)
    situation = nominative_situation(council, cell=cell)
    return council, cell, coordinator, psychiatrist, situation


def create_meeting(client, coordinator, cell, start):
    client.force_login(coordinator.user)
    response = client.post(
        reverse("meetings:create"),
        {
            "cell": cell.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "CCAS, salle 2",
        },
    )
    assert response.status_code == 302
    return Meeting.objects.latest("id")


def ics_of(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0] == "invitation.ics"]
    return Calendar.from_ical(attachment[1])


def test_invitations_carry_icalendar_files_with_uid_and_sequence(client, setup):
    council, cell, coordinator, psychiatrist, situation = setup
    start = timezone.localtime() + datetime.timedelta(days=20)
    meeting = create_meeting(client, coordinator, cell, start)
    assert list(meeting.invitations.values_list("user", flat=True)) == [psychiatrist.user_id]
    client.post(reverse("meetings:agenda_add", args=[meeting.pk]), {"situation": situation.pk, "kind": "new"})
    client.post(reverse("meetings:send", args=[meeting.pk]))
    (message,) = mail.outbox
    calendar = ics_of(message)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"{meeting.uid}@concerto" and int(event["SEQUENCE"]) == 0
    assert situation.code in str(event["DESCRIPTION"])
    for text in (message.subject, message.body, str(calendar.to_ical())):
        assert "Dupont" not in text and "Jeanne" not in text
    mail.outbox.clear()
    data = {
        "starts_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Mairie",
        "version": Meeting.objects.get(pk=meeting.pk).version,
    }
    assert client.post(reverse("meetings:edit", args=[meeting.pk]), data).status_code == 302
    updated = ics_of(mail.outbox[0]).walk("VEVENT")[0]
    assert str(updated["UID"]) == str(event["UID"]) and int(updated["SEQUENCE"]) == 1
    mail.outbox.clear()
    client.post(reverse("meetings:cancel", args=[meeting.pk]))
    cancelled = ics_of(mail.outbox[0])
    assert cancelled["METHOD"] == "CANCEL" and int(cancelled.walk("VEVENT")[0]["SEQUENCE"]) == 2


def test_invited_actor_opens_the_situation_only_during_the_window(client, setup):
    council, cell, coordinator, _psychiatrist, situation = setup
    other = SituationFactory(council=council, cell=cell)
    mandataire = MembershipFactory(
        council=council,
        role=Role.PARTNER,
        profession=Profession.SOCIAL,
        organisation=OrganisationFactory(council=council),
    )
    start = timezone.now() + datetime.timedelta(days=15)
    meeting = services.meeting_create(
        council=council,
        actor=coordinator.user,
        data={"cell": cell, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)},
    )
    item = services.agenda_add(meeting=meeting, situation=situation, actor=coordinator.user, kind="new", priority=False)
    services.invite_actor(item=item, user=mandataire.user, actor=coordinator.user)
    client.force_login(mandataire.user)
    url = reverse("situations:detail", args=[situation.code])
    assert client.get(url).status_code == 404  # not sent yet
    services.invitations_send(meeting=meeting, actor=coordinator.user)
    assert client.get(url).status_code == 200
    assert client.get(reverse("situations:journal", args=[situation.code])).status_code == 200
    assert client.get(reverse("situations:detail", args=[other.code])).status_code == 404
    services.agenda_add(meeting=meeting, situation=other, actor=coordinator.user, kind="new", priority=True)
    detail = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert [i.situation for i in detail.context["items"]] == [situation]
    assert [i.user for i in detail.context["invitations"]] == [mandataire.user]
    # (logging in again inside each jump in time: the idle session would otherwise have expired)
    with time_machine.travel(start + datetime.timedelta(days=cell.invited_access_days), tick=False):
        client.force_login(mandataire.user)
        assert client.get(url).status_code == 200
    with time_machine.travel(start + datetime.timedelta(days=cell.invited_access_days + 1), tick=False):
        client.force_login(mandataire.user)
        assert client.get(url).status_code == 404


def test_agenda_closes_and_has_a_maximum_except_for_priority_items(setup):
    council, cell, coordinator, _psychiatrist, _situation = setup
    cell.max_agenda_items = 1
    cell.save()
    start = timezone.now() + datetime.timedelta(days=3)  # inside the 7-day closing period
    meeting = services.meeting_create(
        council=council,
        actor=coordinator.user,
        data={"cell": cell, "starts_at": start, "ends_at": start + datetime.timedelta(hours=1)},
    )
    first, second = SituationFactory.create_batch(2, council=council, cell=cell)
    with pytest.raises(services.AgendaRefused, match="clos depuis"):
        services.agenda_add(meeting=meeting, situation=first, actor=coordinator.user, kind="new", priority=False)
    services.agenda_add(meeting=meeting, situation=first, actor=coordinator.user, kind="new", priority=True)
    meeting.starts_at = timezone.now() + datetime.timedelta(days=30)
    meeting.save()
    services.agenda_add(meeting=meeting, situation=second, actor=coordinator.user, kind="new", priority=False)
    third = SituationFactory(council=council, cell=cell)
    with pytest.raises(services.AgendaRefused, match="maximum"):
        services.agenda_add(meeting=meeting, situation=third, actor=coordinator.user, kind="new", priority=False)


def test_review_is_proposed_at_three_months(setup):
    council, cell, coordinator, _psychiatrist, situation = setup
    first_session = timezone.now() - datetime.timedelta(days=100)
    past = Meeting.objects.create(
        council=council, cell=cell, starts_at=first_session, ends_at=first_session, status=MeetingStatus.SIGNED_OFF
    )
    AgendaItem.objects.create(meeting=past, situation=situation)
    fresh = SituationFactory(council=council, cell=cell)
    recent = Meeting.objects.create(
        council=council, cell=cell, starts_at=timezone.now() - datetime.timedelta(days=20),
        ends_at=timezone.now(), status=MeetingStatus.SIGNED_OFF,
    )  # fmt: skip
    AgendaItem.objects.create(meeting=recent, situation=fresh)
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    assert [(i.situation, i.kind) for i in meeting.items.all()] == [(situation, "review")]


def test_meeting_mode_sign_off_destroys_notes_freezes_and_sends_the_pdf(client, setup):
    council, cell, coordinator, psychiatrist, situation = setup
    add_participant(situation, psychiatrist)
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = services.meeting_create(
        council=council,
        actor=coordinator.user,
        data={"cell": cell, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)},
    )
    item = services.agenda_add(meeting=meeting, situation=situation, actor=coordinator.user, kind="new", priority=False)
    client.force_login(coordinator.user)
    mode = reverse("meetings:mode", args=[meeting.pk])
    due = (timezone.localdate() + datetime.timedelta(days=15)).isoformat()
    client.post(
        mode,
        {
            "item": item.pk, "form": "action", f"action-{item.pk}-text": "Reprise du suivi au CMP",
            f"action-{item.pk}-owner_organisation": psychiatrist.organisation.pk, f"action-{item.pk}-due_on": due,
        },
    )  # fmt: skip
    assert Action.objects.get(situation=situation).text == "Reprise du suivi au CMP"
    client.post(mode, {"item": item.pk, "form": "note", f"note-{item.pk}-text": "Mme Dupont refuse les visites"})
    assert WorkingNote.objects.filter(item=item).count() == 1
    record = {
        "item": item.pk,
        f"item-{item.pk}-decisions": "Visite conjointe CMP et bailleur.",
        f"item-{item.pk}-version": 1,
    }
    assert client.post(mode, record).status_code == 302
    # A second person saving from the same version is told, and their text is kept.
    stale = client.post(mode, {**record, f"item-{item.pk}-decisions": "Autre texte"})
    assert "pendant que vous le modifiiez" in stale.content.decode() and "Autre texte" in stale.content.decode()
    client.post(reverse("meetings:attendance", args=[meeting.pk]), {"user": psychiatrist.user.pk, "status": "present"})
    client.force_login(psychiatrist.user)
    client.post(reverse("meetings:confidentiality", args=[meeting.pk]))
    assert Attendance.objects.get(meeting=meeting, user=psychiatrist.user).confidentiality_confirmed_at
    # The record is signed during the session (not before it starts).
    with time_machine.travel(start + datetime.timedelta(minutes=30), tick=False):
        client.force_login(coordinator.user)
        mail.outbox.clear()
        assert client.post(reverse("meetings:sign_off", args=[meeting.pk])).status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.SIGNED_OFF
        assert not WorkingNote.objects.filter(item__meeting=meeting).exists()
        assert Event.objects.get(verb="meeting_signed_off").data["working_notes_destroyed"] == 1
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(meeting.record_pdf.read())).pages)
        assert (
            situation.code in text and "Visite conjointe CMP et bailleur." in text and "Reprise du suivi au CMP" in text
        )
        assert "Dupont" not in text and "Jeanne" not in text
        (message,) = mail.outbox
        assert message.to == [psychiatrist.user.email] and message.attachments[0][2] == "application/pdf"
        # Frozen: no more recording.
        client.post(mode, {**record, f"item-{item.pk}-decisions": "Après coup", f"item-{item.pk}-version": 2})
        assert AgendaItem.objects.get(pk=item.pk).decisions == "Visite conjointe CMP et bailleur."
        # A correction is a new, dated entry.
        client.post(mode, {"item": item.pk, f"correction-{item.pk}-text": "Lire : visite conjointe CMP et SAVS."})
        assert item.corrections.get().text == "Lire : visite conjointe CMP et SAVS."
        assert Event.objects.filter(verb="record_corrected").exists()
        assert client.get(reverse("meetings:record", args=[meeting.pk])).status_code == 200


def test_permanent_members_only_see_their_meetings(client, setup):
    council, cell, coordinator, psychiatrist, _situation = setup
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    landlord = MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.LANDLORD)
    client.force_login(landlord.user)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    client.force_login(psychiatrist.user)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert MeetingInvitation.objects.filter(meeting=meeting, user=psychiatrist.user, item__isnull=True).exists()


def test_sign_off_waits_for_the_session_to_start(client, setup):
    """A session dated in the future cannot be signed off: the service refuses, the page says why, nothing changes;
    from the start of the session, it can."""
    council, cell, coordinator, psychiatrist, situation = setup
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = services.meeting_create(
        council=council,
        actor=coordinator.user,
        data={"cell": cell, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)},
    )
    item = services.agenda_add(meeting=meeting, situation=situation, actor=coordinator.user, kind="new", priority=False)
    services.working_note_add(item=item, actor=coordinator.user, text="Préparation de la séance")
    with pytest.raises(services.AgendaRefused, match="La séance n'a pas commencé"):
        services.meeting_sign_off(meeting=meeting, actor=coordinator.user)
    client.force_login(coordinator.user)
    response = client.post(reverse("meetings:sign_off", args=[meeting.pk]), follow=True)
    assert response.redirect_chain == [(reverse("meetings:mode", args=[meeting.pk]), 302)]
    local_start = timezone.localtime(start)
    assert f"signé à partir du {local_start:%d/%m/%Y} à {local_start:%H:%M}" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status != MeetingStatus.SIGNED_OFF and not meeting.record_pdf and not meeting.signed_off_at
    assert WorkingNote.objects.filter(item=item).exists()
    assert not Event.objects.filter(verb="meeting_signed_off").exists()
    with time_machine.travel(start, tick=False):
        client.force_login(coordinator.user)
        response = client.post(reverse("meetings:sign_off", args=[meeting.pk]))
        assert response.status_code == 302 and response.url == reverse("meetings:detail", args=[meeting.pk])
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SIGNED_OFF and not WorkingNote.objects.filter(item=item).exists()
