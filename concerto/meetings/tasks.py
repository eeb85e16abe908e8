from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from concerto.accounts.models import User
from concerto.core import mail
from concerto.core.crypto import decrypt
from concerto.meetings import ical
from concerto.meetings.disclosure import reader_for_user
from concerto.meetings.enums import ItemKind, MeetingStatus
from concerto.meetings.models import AgendaItem, Meeting, PollInvitee, WorkingNote
from concerto.meetings.pdf import record_pdf
from concerto.meetings.services import record_recipients, reviews_due


@task()
def propose_reviews() -> int:
    """Puts the situations due for review on a planned session of their cell: the next one for the cell's review
    months (M+3, M+6); for a "next review" date chosen in session, the first session on or after that date (which
    may be a later one: the sessions are visited in order, and a situation placed once is not placed again)."""
    added = 0
    seen_cells = set()
    for meeting in Meeting.objects.filter(
        status=MeetingStatus.PLANNED, cell__isnull=False, starts_at__gt=timezone.now()
    ).order_by("starts_at", "pk"):
        first_of_cell = meeting.cell_id not in seen_cells
        seen_cells.add(meeting.cell_id)
        for situation in reviews_due(meeting, offsets=first_of_cell):
            _item, created = AgendaItem.objects.get_or_create(
                meeting=meeting, situation=situation, defaults={"kind": ItemKind.REVIEW}
            )
            added += created
    return added


@task()
def destroy_working_notes() -> int:
    """Safety net: no working note survives a signed-off or cancelled meeting."""
    deleted, _ = WorkingNote.objects.exclude(item__meeting__status=MeetingStatus.PLANNED).delete()
    return deleted


# --- e-mails, rendered and sent by the worker (see concerto.core.mail) ---------------------------------------


@task()
def send_calendar(meeting_id: int, user_ids: list[int], cancel: bool = False, updated: bool = False) -> int:
    """One e-mail per person with an .ics built for them (their items only, no other attendee): an invitation, an
    update or a cancellation. Each reader is resolved when the message is built: a former member gets nothing."""
    meeting = Meeting.objects.select_related("council", "cell").get(pk=meeting_id)
    readers = filter(None, (reader_for_user(meeting, user) for user in User.objects.filter(pk__in=user_ids)))
    method = "CANCEL" if cancel else "REQUEST"
    context = {"meeting": meeting, "council": meeting.council, "cancelled": cancel, "updated": updated}
    sent = 0
    for reader in sorted(readers, key=lambda r: r.user.email):
        content = ical.meeting_calendar(meeting, reader=reader, cancel=cancel)
        attachment = ("invitation.ics", content, f"text/calendar; charset=utf-8; method={method}")
        sent += mail.send("meeting_invitation", context, [reader.user.email], [attachment])
    return sent


@task()
def send_record(meeting_id: int) -> int:
    """Archives the complete signed-off record (the coordinator's copy), then each person present (or their
    substitute) receives the record rendered for them (one PDF per reader, `meetings.disclosure`): only the items
    and the information they may read."""
    meeting = Meeting.objects.select_related("council", "cell").get(pk=meeting_id)
    if not meeting.record_pdf:
        meeting.record_pdf.save("releve.pdf", ContentFile(record_pdf(meeting)), save=False)
        meeting.save(update_fields=["record_pdf"])
    users = record_recipients(meeting)
    context = {"meeting": meeting, "council": meeting.council}
    sent = 0
    for reader in sorted(filter(None, (reader_for_user(meeting, u) for u in users)), key=lambda r: r.user.email):
        attachment = (f"releve-{meeting.pk}.pdf", record_pdf(meeting, reader), "application/pdf")
        sent += mail.send("meeting_record", context, [reader.user.email], [attachment])
    return sent


@task()
def send_poll_invitation(invitee_id: int, encrypted_token: str) -> int:
    """The link to answer a slot poll holds the raw token, which only the e-mail carries: the queue stores it
    encrypted."""
    invitee = PollInvitee.objects.select_related("poll__council", "poll__cell", "user").get(pk=invitee_id)
    link = settings.CONCERTO_SITE_URL.rstrip("/") + reverse("meetings:poll_answer", args=[decrypt(encrypted_token)])
    context = {"poll": invitee.poll, "council": invitee.poll.council, "link": link}
    return mail.send("poll_invitation", context, [invitee.user.email])


@task()
def send_guest_invitation(guest_id: int, encrypted_token: str) -> int:
    """A guest without an account receives the meeting's practical details and their personal link (the raw token
    only travels in this e-mail; the queue stores it encrypted). No name of a person, no content of the item."""
    from concerto.meetings.models import ItemGuest

    guest = ItemGuest.objects.select_related("item__meeting__council").get(pk=guest_id)
    if guest.revoked_at is not None:
        return 0
    meeting = guest.item.meeting
    link = settings.CONCERTO_SITE_URL.rstrip("/") + reverse("meetings:guest_page", args=[decrypt(encrypted_token)])
    context = {"guest": guest, "meeting": meeting, "council": meeting.council, "link": link}
    return mail.send("item_guest_invitation", context, [guest.email])
