"""A meeting as one reader may see it: the items they are invited to, and in each item only the classes of
information the disclosure policy opens to them (situations/policy.py). The meeting page, the record of
decisions (PDF, download and e-mail) and the .ics invitations are all built from `items_for`."""

from __future__ import annotations

from concerto.accounts.models import Membership
from concerto.meetings.access import invited_to_whole_meeting
from concerto.meetings.models import Meeting, MeetingInvitation
from concerto.situations.policy import POLICY, Info, Reader, Relation, SituationAccess, disclosures_for

ARCHIVE = None  # the coordinator's archived copy of the record: complete, never nominative


def _archive_access(situation, blocked: bool) -> SituationAccess:
    return SituationAccess(
        situation=situation, relation=Relation.COORDINATOR, classes=POLICY[Relation.COORDINATOR] - {Info.IDENTITY},
        is_coordinator=True, clinical_profession=True, consent_blocked=blocked,
    )  # fmt: skip


def items_for(reader, meeting: Meeting, *, record: bool = False) -> list:
    """The agenda items the reader sees, each with `access` and the pieces it may show: `notes_shown`,
    `decisions_shown`, `actions_shown`, `corrections_shown`. With `record=True` (the record of decisions), an
    item whose person objected or withdrew their agreement carries only that fact, for every reader."""
    from concerto.situations.policy import consent_state

    items = list(
        meeting.items.select_related("situation__cell", "who_tells__organisation").prefetch_related(
            "working_notes__author", "corrections__author", "situation__actions__owner_organisation"
        )
    )
    if reader is not ARCHIVE and not invited_to_whole_meeting(reader, meeting):
        mine = set(
            MeetingInvitation.objects.filter(meeting=meeting, user=reader.user, item__isnull=False).values_list(
                "item_id", flat=True
            )
        )
        items = [item for item in items if item.pk in mine]
    situations = [item.situation for item in items]
    if reader is ARCHIVE:
        disclosures = {s.pk: _archive_access(s, consent_state(s)[0]) for s in situations}
    else:
        disclosures = disclosures_for(reader, situations)
    for item in items:
        access = disclosures[item.situation_id]
        item.access = access
        item.withdrawn = access.consent_blocked and record
        shown = not item.withdrawn
        item.label_shown = shown and access.sees_content
        item.notes_shown = [n for n in item.working_notes.all() if shown and n.visibility in access.classes]
        item.decisions_shown = shown and item.decisions_visibility in access.classes
        item.actions_shown = [a for a in item.situation.actions.all() if shown and access.sees_action(a)]
        item.corrections_shown = [c for c in item.corrections.all() if shown and c.visibility in access.classes]
    return items


def reader_for_user(meeting: Meeting, user) -> Reader | None:
    membership = (
        Membership.objects.active().filter(council=meeting.council, user=user).select_related("user", "council").first()
    )
    return Reader.of(membership) if membership else None
