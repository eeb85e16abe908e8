"""The situation's journal: free notes and typed, dated entries (hospitalisation, crisis handled outside the cell, a
stage of the eviction procedure). Services: the only writers of journal entries, each writing an event.

Disclosure: every entry has a visibility class read by `access.notes_for` (the same filter for every kind). A
hospitalisation or a crisis is health information: its class is raised to « health and social » when a lower one
is asked for. A stage of the procedure is shared with the participants by default, and moves the situation's own
`eviction_stage` forward when it is later than the current one (never backward)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.situations.enums import HEALTH_NOTE_KINDS, PROCEDURE_STAGES, EvictionStage, NoteKind, Visibility
from concerto.situations.models import JournalNote, Situation
from concerto.situations.rules import ConsentBlocked, check_past_day

# The order of the classes, from the widest audience to the narrowest.
_WIDTH = [Visibility.PARTICIPANTS, Visibility.HEALTH_SOCIAL, Visibility.COORDINATOR]
# Each kind's default class, when the caller gives none.
DEFAULT_VISIBILITY = {
    NoteKind.NOTE: Visibility.PARTICIPANTS,
    NoteKind.HOSPITALISATION: Visibility.HEALTH_SOCIAL,
    NoteKind.CRISIS: Visibility.HEALTH_SOCIAL,
    NoteKind.PROCEDURE: Visibility.PARTICIPANTS,
}
# What the dates of each kind are called in the form and in the French messages.
DATE_WORDS = {
    NoteKind.NOTE: ("la date de la note", ""),
    NoteKind.HOSPITALISATION: ("la date d'entrée à l'hôpital", "la date de sortie"),
    NoteKind.CRISIS: ("la date de la crise", "la date de fin de la crise"),
    NoteKind.PROCEDURE: ("la date de l'étape", ""),
}
# The fields each kind uses, on top of the kind, the visibility and the date (the form shows only these).
KIND_FIELDS = {
    NoteKind.NOTE: ("text",),
    NoteKind.HOSPITALISATION: ("ends_on", "text"),
    NoteKind.CRISIS: ("ends_on", "text"),
    NoteKind.PROCEDURE: ("stage", "text"),
}


def minimum_visibility(kind: str) -> str:
    return Visibility.HEALTH_SOCIAL if kind in HEALTH_NOTE_KINDS else Visibility.PARTICIPANTS


def allowed_visibilities(kind: str, allowed: list[str]) -> list[str]:
    """The classes a writer may choose for this kind: those open to them, none below the kind's minimum."""
    floor = _WIDTH.index(minimum_visibility(kind))
    return [v for v in allowed if _WIDTH.index(v) >= floor]


def enforced_visibility(kind: str, visibility: str) -> str:
    """The class actually stored: the one asked for, raised to the kind's minimum."""
    visibility = visibility or DEFAULT_VISIBILITY.get(kind, Visibility.PARTICIPANTS)
    floor = minimum_visibility(kind)
    return floor if _WIDTH.index(visibility) < _WIDTH.index(floor) else visibility


class EntryRefused(DomainError):
    """A field of a journal entry breaks a rule; `field` names it (the form shows the message next to it)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _dated(day, what: str, field: str) -> None:
    try:
        check_past_day(day, what)
    except DomainError as refusal:
        raise EntryRefused(str(refusal), field) from refusal


def check_entry(kind: str, data: dict) -> None:
    """The rules of a journal entry's fields (the form calls it early so the error sits next to its field)."""
    if kind not in NoteKind.values:
        raise EntryRefused("Choisissez le type d'entrée du journal.", "kind")
    started, ended = DATE_WORDS[kind]
    _dated(data.get("occurred_on"), started, "occurred_on")
    ends_on = data.get("ends_on")
    if ends_on is not None:
        if not ended:
            raise EntryRefused("Seules une hospitalisation ou une crise ont une date de fin.", "ends_on")
        _dated(ends_on, ended, "ends_on")
        if ends_on < data["occurred_on"]:
            raise EntryRefused(f"{ended[0].upper()}{ended[1:]} ne peut pas précéder {started}.", "ends_on")
    if kind == NoteKind.PROCEDURE and data.get("stage") not in PROCEDURE_STAGES:
        raise EntryRefused("Choisissez l'étape de la procédure.", "stage")
    if kind != NoteKind.PROCEDURE and data.get("stage"):
        raise EntryRefused("Seule une étape de la procédure indique une étape.", "stage")
    if kind == NoteKind.NOTE and not (data.get("text") or "").strip():
        raise EntryRefused("Écrivez la note.", "text")


@transaction.atomic
def note_add(*, situation: Situation, actor, data: dict) -> JournalNote:
    """Adds an entry to the journal. `data`: kind (a free note by default), visibility, occurred_on, and as the
    kind needs: ends_on, stage, text."""
    from concerto.situations.policy import consent_state

    data = {"kind": NoteKind.NOTE, "stage": "", "ends_on": None, "text": "", **data}
    kind = data["kind"]
    check_entry(kind, data)
    data["visibility"] = enforced_visibility(kind, data.get("visibility"))
    if consent_state(situation)[0] and data["visibility"] != Visibility.COORDINATOR:
        raise ConsentBlocked
    note = JournalNote.objects.create(situation=situation, author=actor, **data)
    record_event(
        council=situation.council, actor=actor, verb="note_added", target=situation,
        note=note.pk, visibility=note.visibility, kind=note.kind,
    )  # fmt: skip
    if kind == NoteKind.PROCEDURE:
        _advance_eviction_stage(situation, note, actor)
    return note


def _advance_eviction_stage(situation: Situation, note: JournalNote, actor) -> None:
    """The situation's stage follows the procedure forward: a later stage replaces it, an earlier one (entered
    afterwards, for the record) leaves it. The version moves on, so that an edit form opened before is refused
    instead of writing the former stage back."""
    order = list(EvictionStage.values)
    current = Situation.objects.select_for_update().values_list("eviction_stage", flat=True).get(pk=situation.pk)
    if current in order and order.index(note.stage) <= order.index(current):
        return
    Situation.objects.filter(pk=situation.pk).update(
        eviction_stage=note.stage, version=F("version") + 1, updated_at=timezone.now()
    )
    situation.refresh_from_db(fields=["eviction_stage", "version", "updated_at"])
    record_event(
        council=situation.council, actor=actor, verb="eviction_stage_advanced", target=situation,
        before=current or None, after=note.stage, note=note.pk,
    )  # fmt: skip
