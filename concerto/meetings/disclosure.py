"""A meeting as one reader may see it: the items they are invited to, and in each item only the classes of
information the disclosure policy opens to them (situations/policy.py). The meeting page, the record of
decisions (PDF, download and e-mail) and the .ics invitations are all built from `items_for`.

A free-topic item concerns no person: the situation policy does not apply to it. Its title, details, decisions,
notes and corrections are shown to whoever is invited to the whole meeting or attended it (and to the coordinator);
an actor invited for one situation only does not see it unless they were present. A note or correction marked
"coordination" stays the coordinator's.

The Commission appartement's subjects (an application, an occupancy review) are disclosed by the housing app, a
layer above this one: it registers its view here (`register_subject_view`, from housing/declarations.py), which
keeps the items the reader may see and sets the same attributes (plus `commission`)."""

from __future__ import annotations

from collections.abc import Callable

from concerto.accounts.enums import Role
from concerto.accounts.models import Membership
from concerto.meetings.access import attended, invited_to_whole_meeting
from concerto.meetings.models import AgendaItem, Meeting, MeetingInvitation
from concerto.situations.enums import Visibility
from concerto.situations.policy import POLICY, Info, Reader, Relation, SituationAccess, disclosures_for

ARCHIVE = None  # the coordinator's archived copy of the record: complete, never nominative

# subject kind → show(reader, items, *, record) → the items kept, each with the attributes `_show_topic` sets.
SUBJECT_VIEWS: dict[str, Callable] = {}


def register_subject_view(kind: str, show: Callable) -> None:
    SUBJECT_VIEWS[kind] = show


# body → facts(meeting) → [(label, value)]: what an app of a higher layer adds under the session's date, on the meeting
# page and in the record (the Commission appartement's venue commune). Facts about the session, never about a person.
MEETING_FACTS: dict[str, Callable] = {}


def register_meeting_facts(body: str, facts: Callable) -> None:
    MEETING_FACTS[body] = facts


def meeting_facts(meeting: Meeting) -> list[tuple[str, str]]:
    facts = MEETING_FACTS.get(meeting.body)
    return list(facts(meeting)) if facts else []


# section(reader, meeting) → {"template": ..., "pdf_template": ..., **context} or None: what an app of a higher layer
# that holds the meeting (governance: the body and the decisions of its register adopted at this meeting) adds to the
# meeting page and to the record. Like a free topic, a section is read by whoever is invited to the whole meeting or
# attended it (and the coordinator; `reader` is ARCHIVE for the coordination's archived record).
MEETING_SECTIONS: list[Callable] = []


def register_meeting_section(section: Callable) -> None:
    if section not in MEETING_SECTIONS:
        MEETING_SECTIONS.append(section)


def meeting_sections(reader, meeting: Meeting) -> list[dict]:
    if reader is not ARCHIVE and not (invited_to_whole_meeting(reader, meeting) or attended(reader, meeting)):
        return []
    sections = (section(reader, meeting) for section in MEETING_SECTIONS)
    return [shown for shown in sections if shown]


def _archive_access(situation, blocked: bool) -> SituationAccess:
    return SituationAccess(
        situation=situation, relation=Relation.COORDINATOR, classes=POLICY[Relation.COORDINATOR] - {Info.IDENTITY},
        is_coordinator=True, clinical_profession=True, consent_blocked=blocked,
    )  # fmt: skip


def items_for(reader, meeting: Meeting, *, record: bool = False) -> list:
    """The agenda items the reader sees, each with `access` and the pieces it may show: `notes_shown`,
    `decisions_shown`, `actions_shown`, `corrections_shown`. With `record=True` (the record of decisions), an
    item whose person objected or withdrew their agreement carries only that fact, for every reader."""
    items = list(
        meeting.items.select_related("situation__cell", "who_tells__organisation").prefetch_related(
            "working_notes__author", "corrections__author", "situation__actions__owner_organisation", "guests"
        )
    )
    if reader is not ARCHIVE and not invited_to_whole_meeting(reader, meeting):
        mine = set(
            MeetingInvitation.objects.filter(meeting=meeting, user=reader.user, item__isnull=False).values_list(
                "item_id", flat=True
            )
        )
        sees_topics = attended(reader, meeting)
        items = [item for item in items if item.pk in mine or (item.is_topic and sees_topics)]
    hidden = set()
    for kind, show in SUBJECT_VIEWS.items():
        subjects = [item for item in items if item.subject_kind == kind]
        if subjects:
            kept = {item.pk for item in show(reader, subjects, record=record)}
            hidden |= {item.pk for item in subjects if item.pk not in kept}
    items = [item for item in items if item.pk not in hidden]
    for item in items:
        if item.situation_id is None and item.subject_kind not in SUBJECT_VIEWS:
            _show_topic(item, coordinator=reader is ARCHIVE or reader.membership.role == Role.COORDINATOR)
    _show_situations(reader, [item for item in items if item.situation_id is not None], record=record)
    return items


def _show_topic(item: AgendaItem, *, coordinator: bool) -> None:
    def shown(row) -> bool:
        return coordinator or row.visibility != Visibility.COORDINATOR

    item.access = None
    item.withdrawn = False
    item.label_shown = True
    item.notes_shown = [n for n in item.working_notes.all() if shown(n)]
    item.decisions_shown = True
    item.actions_shown = []
    item.corrections_shown = [c for c in item.corrections.all() if shown(c)]
    item.words_shown = []


def _show_situations(reader, items: list, *, record: bool) -> None:
    from concerto.situations.policy import consent_state

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
        # The words of a relative or of the person themself, under their own class (never their name).
        item.words_shown = [
            g for g in item.guests.all()
            if shown and g.is_served and g.words and g.revoked_at is None and g.words_visibility in access.classes
        ]  # fmt: skip


def reader_for_user(meeting: Meeting, user) -> Reader | None:
    membership = (
        Membership.objects.active().filter(council=meeting.council, user=user).select_related("user", "council").first()
    )
    return Reader.of(membership) if membership else None


def guest_view(guest) -> dict:
    """The one item a guest without an account may read, as the policy shows it to a partner outside the health and
    social professions (no profession is known for them): a free topic's title and details; for a situation, its code
    and, unless the person objected or the agreement's scope leaves the guest's organisation out, its pseudonymous
    label, its non-clinical problems and the decisions shared with participants. Never the identity, never
    health-class or coordination content. (No charter commitment can be asked of someone without an account.)"""
    item = guest.item
    if item.situation_id is None:
        return {"item": item, "topic": item.topic, "topic_details": item.topic_details, "situation": None}
    from concerto.situations.enums import Problem, is_clinical_problem
    from concerto.situations.policy import consent_state

    situation = item.situation
    blocked, agreement = consent_state(situation)
    if guest.is_served:
        return _served_view(guest, blocked, agreement)
    scope = {o.pk for o in agreement.scope.all()} if agreement is not None else set()
    out_of_scope = bool(scope) and guest.organisation_id not in scope
    relation = Relation.RESTRICTED if blocked or out_of_scope else Relation.OTHER_PROFESSION
    classes = POLICY[relation] - {Info.IDENTITY}
    content = Info.PARTICIPANTS in classes
    return {
        "item": item,
        "situation": situation,
        "restricted": not content,
        "label": situation.label if content else "",
        "problems": [
            dict(Problem.choices)[row.code]
            for row in situation.problem_rows.all()
            if content and not is_clinical_problem(row.code) and row.code in Problem.values
        ],
        "decisions": item.decisions if item.decisions_visibility in classes else "",
    }


def _served_view(guest, blocked: bool, agreement) -> dict:
    """A relative or the person themself: the logistics of the meeting, never its content. A relative reads the
    item's title as a partner outside the health and social professions reads it (code and pseudonymous label,
    while the person's agreement covers relatives); the person themself reads that a point of the agenda is about
    them, without the cell's code. Never the problems, the decisions, another item or health content: the
    professional designated to speak to the person tells them the decisions."""
    from concerto.meetings.enums import GuestKind

    item, situation = guest.item, guest.item.situation
    covered = not blocked and agreement is not None and agreement.covers_relatives
    relative = guest.kind == GuestKind.RELATIVE
    return {
        "item": item,
        "situation": situation if relative else None,
        "person": not relative,
        "restricted": relative and not covered,
        "label": situation.label if relative and covered else "",
    }
