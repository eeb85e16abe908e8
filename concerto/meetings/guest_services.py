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
from concerto.meetings.enums import AttendanceStatus, GuestKind
from concerto.meetings.models import AgendaItem, ItemGuest, Meeting
from concerto.situations.enums import Relationship, Visibility

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
    """`data`: kind (an actor by default, a relative, the person themself), name, email, organisation (optional, an
    actor's only), function, relationship (a relative's). The window runs from now to the meeting's end + 2 h; the
    raw token travels, encrypted, to the worker that sends the e-mail, and only its hash is stored."""
    meeting = item.meeting
    kind = data.get("kind") or GuestKind.ACTOR
    if kind not in GuestKind.values:
        raise GuestRefused("Choisissez qui est invité·e : un acteur, un·e proche ou la personne elle-même.")
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
    function, relationship = (data.get("function") or "").strip(), data.get("relationship") or ""
    if kind != GuestKind.ACTOR:
        organisation, function = None, ""
        relationship = _check_served(item, kind, relationship)
    else:
        relationship = ""
    token = secrets.token_urlsafe(24)
    guest = ItemGuest.objects.create(
        item=item, kind=kind, name=data["name"].strip(), email=data["email"].strip(), organisation=organisation,
        function=function, relationship=relationship, token_hash=token_hash(token), window_start=now,
        window_end=window_end, created_by=actor,
    )  # fmt: skip
    from concerto.meetings import tasks

    enqueue_on_commit(tasks.send_guest_invitation, guest.pk, encrypt(token))
    record_event(
        council=meeting.council, actor=actor, verb="item_guest_added", target=item.situation or meeting,
        meeting=meeting.pk, item=item.pk, guest=guest.pk,
    )  # fmt: skip
    return guest


def _check_served(item: AgendaItem, kind: str, relationship: str) -> str:
    """A relative or the person themself: only for an item about a situation, known by name, whose agreement in
    force covers it (situations/rules.py); a relative's bond is required."""
    from concerto.situations.rules import check_relatives_covered

    if item.situation_id is None:
        raise GuestRefused("Un·e proche ou la personne ne peut être invité·e que pour un point sur sa situation.")
    if kind == GuestKind.RELATIVE and relationship not in Relationship.values:
        raise GuestRefused("Indiquez le lien du ou de la proche avec la personne.")
    check_relatives_covered(item.situation, person=kind == GuestKind.PERSON)
    return relationship if kind == GuestKind.RELATIVE else ""


@transaction.atomic
def guest_words_record(*, guest: ItemGuest, actor, words: str, visibility: str, verbatim: bool) -> None:
    """The coordinator records what a relative or the person said (in their own words if they wish), until the
    record is signed off; printed in the record for the readers whose class opens `visibility`."""
    meeting = guest.item.meeting
    if not guest.is_served:
        raise GuestRefused("Seule la parole d'un·e proche ou de la personne elle-même s'enregistre ici.")
    if meeting.is_frozen:
        raise GuestRefused("La séance est close : le relevé ne se modifie plus (ajoutez une correction).")
    if visibility not in Visibility.values:
        raise GuestRefused("Choisissez qui peut lire cette parole.")
    guest.words, guest.words_visibility, guest.words_verbatim = words.strip(), visibility, bool(verbatim)
    guest.save(update_fields=["words", "words_visibility", "words_verbatim"])
    record_event(
        council=meeting.council, actor=actor, verb="item_guest_words", target=guest.item.situation or meeting,
        meeting=meeting.pk, item=guest.item_id, guest=guest.pk, visibility=visibility,
    )  # fmt: skip


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
