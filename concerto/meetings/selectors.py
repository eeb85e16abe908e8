"""Read-only queries for the meeting pages: plain rows for the templates, no attribute set on a model instance."""

from __future__ import annotations

from django.db.models import Count, Q

from concerto.meetings.models import Availability, PollAnswer, PollInvitee, SlotPoll


def poll_grid(poll: SlotPoll) -> tuple[list, list[dict]]:
    """The poll's slots (annotated with their yes / maybe / no counts) and one row per invitee with their answer
    for each slot, in slot order (None when they did not answer)."""
    slots = list(
        poll.slots.annotate(
            yes=Count("answers", filter=Q(answers__availability=Availability.YES)),
            maybe=Count("answers", filter=Q(answers__availability=Availability.MAYBE)),
            no=Count("answers", filter=Q(answers__availability=Availability.NO)),
        )
    )
    answers = {(a.slot_id, a.invitee_id): a for a in PollAnswer.objects.filter(slot__poll=poll)}
    rows = [
        {"invitee": invitee, "answers": [answers.get((slot.pk, invitee.pk)) for slot in slots]}
        for invitee in poll.invitees.select_related("user")
    ]
    return slots, rows


def poll_answer_rows(invitee: PollInvitee) -> list[dict]:
    """Each slot of the invitee's poll with the availability they gave (empty string when none yet)."""
    current = {a.slot_id: a.availability for a in PollAnswer.objects.filter(invitee=invitee)}
    return [{"slot": slot, "current": current.get(slot.pk, "")} for slot in invitee.poll.slots.all()]
