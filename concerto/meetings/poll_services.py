"""Extraordinary-session use cases: propose slots to a cell, record an invitee's availabilities, pick a slot (the
meeting is created and convened). Each is atomic; the poll invitations go out through the task queue."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction

from concerto.core.crypto import encrypt
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.mail import enqueue_on_commit
from concerto.core.utils import token_hash
from concerto.councils.models import CellMember
from concerto.meetings import services, tasks
from concerto.meetings.models import Availability, Meeting, PollAnswer, PollInvitee, PollSlot, SlotPoll


class PollClosed(DomainError):
    """A slot has already been chosen: the poll takes no more answers and no other choice."""


@transaction.atomic
def poll_create(*, council, actor, cell, place: str, slots: list, duration: timedelta) -> SlotPoll:
    """Each member of the cell gets their own answer link (only its hash is stored; the raw token travels,
    encrypted, to the worker that sends the e-mail)."""
    poll = SlotPoll.objects.create(council=council, cell=cell, place=place, created_by=actor)
    PollSlot.objects.bulk_create(PollSlot(poll=poll, starts_at=s, ends_at=s + duration) for s in slots)
    seats = CellMember.objects.filter(cell=cell).select_related("membership__user")
    for seat in seats:
        token = secrets.token_urlsafe(24)
        invitee = PollInvitee.objects.create(poll=poll, user=seat.membership.user, token_hash=token_hash(token))
        enqueue_on_commit(tasks.send_poll_invitation, invitee.pk, encrypt(token))
    record_event(council=council, actor=actor, verb="poll_created", target=poll, slots=len(slots))
    return poll


@transaction.atomic
def poll_answer(*, invitee: PollInvitee, answers: dict[int, str]) -> None:
    """`answers` maps a slot's pk to an availability; unknown slots and values are ignored (a partial answer keeps
    the previous ones)."""
    if invitee.poll.meeting_id is not None:
        raise PollClosed("La date de la séance est déjà choisie : les disponibilités ne sont plus recueillies.")
    for slot in invitee.poll.slots.filter(pk__in=list(answers)):
        value = answers[slot.pk]
        if value in Availability.values:
            PollAnswer.objects.update_or_create(slot=slot, invitee=invitee, defaults={"availability": value})


@transaction.atomic
def poll_choose(*, poll: SlotPoll, slot: PollSlot, actor) -> Meeting:
    """Creates the extraordinary session on the chosen slot and sends its invitations."""
    if poll.meeting_id is not None:
        raise PollClosed("La date de la séance est déjà choisie.")
    if slot.poll_id != poll.pk:
        raise DomainError("Ce créneau n'appartient pas à ce sondage.")
    meeting = services.meeting_create(
        council=poll.council, actor=actor,
        data={"cell": poll.cell, "starts_at": slot.starts_at, "ends_at": slot.ends_at, "place": poll.place,
              "extraordinary": True},
    )  # fmt: skip
    poll.meeting = meeting
    poll.save(update_fields=["meeting"])
    services.invitations_send(meeting=meeting, actor=actor)
    return meeting
