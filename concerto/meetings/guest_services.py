"""Guests without an account, invited for one agenda item: add (the e-mail with the personal link goes out through
the task queue once the transaction commits), revoke, record each view of the link, note their attendance."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from concerto.core.crypto import encrypt
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.mail import enqueue_on_commit
from concerto.core.utils import token_hash
from concerto.meetings.enums import AttendanceStatus
from concerto.meetings.models import AgendaItem, ItemGuest, Meeting

# The link stays open until the meeting's end plus this margin (a session that runs late, a last look).
WINDOW_AFTER_END = timedelta(hours=2)
GUEST_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT)


class GuestRefused(DomainError):
    """The meeting is frozen or over, or the guest's data is incomplete; the message says why, in French."""


def guest_from_token(token: str) -> ItemGuest | None:
    return (
        ItemGuest.objects.select_related("item__meeting__council", "item__meeting__cell", "item__situation")
        .filter(token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def guest_add(*, item: AgendaItem, actor, data: dict) -> ItemGuest:
    """`data`: name, email, organisation (optional), function. The window runs from now to the meeting's end + 2 h;
    the raw token travels, encrypted, to the worker that sends the e-mail, and only its hash is stored."""
    meeting = item.meeting
    if meeting.is_frozen:
        raise GuestRefused("La séance est close : on ne peut plus y inviter personne.")
    now = timezone.now()
    window_end = meeting.ends_at + WINDOW_AFTER_END
    if window_end <= now:
        raise GuestRefused("La séance est terminée : une invitation n'ouvrirait plus rien.")
    if not (data.get("name") or "").strip() or not (data.get("email") or "").strip():
        raise GuestRefused("Indiquez le nom et l'adresse électronique de la personne invitée.")
    organisation = data.get("organisation")
    if organisation is not None and organisation.council_id != meeting.council_id:
        raise GuestRefused("Cette structure n'appartient pas au conseil.")
    token = secrets.token_urlsafe(24)
    guest = ItemGuest.objects.create(
        item=item, name=data["name"].strip(), email=data["email"].strip(), organisation=organisation,
        function=(data.get("function") or "").strip(), token_hash=token_hash(token), window_start=now,
        window_end=window_end, created_by=actor,
    )  # fmt: skip
    from concerto.meetings import tasks

    enqueue_on_commit(tasks.send_guest_invitation, guest.pk, encrypt(token))
    record_event(
        council=meeting.council, actor=actor, verb="item_guest_added", target=item.situation or meeting,
        meeting=meeting.pk, item=item.pk, guest=guest.pk,
    )  # fmt: skip
    return guest


@transaction.atomic
def guest_revoke(*, guest: ItemGuest, actor) -> bool:
    """Closes the link at once; False when it was already revoked."""
    if guest.revoked_at is not None:
        return False
    guest.revoked_at = timezone.now()
    guest.save(update_fields=["revoked_at"])
    meeting = guest.item.meeting
    record_event(
        council=meeting.council, actor=actor, verb="item_guest_revoked", target=guest.item.situation or meeting,
        meeting=meeting.pk, item=guest.item_id, guest=guest.pk,
    )  # fmt: skip
    return True


def guest_page_viewed(*, guest: ItemGuest, opened: bool) -> None:
    """Every opening of a guest's link is in the journal, including those refused (expired or revoked)."""
    meeting = guest.item.meeting
    record_event(
        council=meeting.council, actor=None, verb="item_guest_viewed" if opened else "item_guest_refused",
        target=guest.item.situation or meeting, meeting=meeting.pk, item=guest.item_id, guest=guest.pk,
    )  # fmt: skip


def guests_of(meeting: Meeting):
    return ItemGuest.objects.filter(item__meeting=meeting).select_related("organisation", "item__situation")


def guest_statuses_record(*, meeting: Meeting, statuses: dict) -> int:
    """Inside the attendance sheet's transaction: `statuses` maps a guest of this meeting to present / excused /
    absent. Returns how many were recorded."""
    count = 0
    for guest, status in statuses.items():
        if guest.item.meeting_id != meeting.pk or status not in GUEST_STATUSES:
            raise GuestRefused("Seules les personnes invitées à cette séance figurent sur la feuille de présence.")
        ItemGuest.objects.filter(pk=guest.pk).update(attendance=status)
        count += 1
    return count


def guests_all_present(meeting: Meeting) -> int:
    """ "Tous présents": the guests not yet noted (and not revoked) are noted present."""
    return ItemGuest.objects.filter(item__meeting=meeting, revoked_at__isnull=True, attendance="").update(
        attendance=AttendanceStatus.PRESENT
    )


def guests_open(meeting: Meeting) -> bool:
    """Whether a guest added now would still get an open link."""
    return not meeting.is_frozen and meeting.ends_at + WINDOW_AFTER_END > timezone.now()
