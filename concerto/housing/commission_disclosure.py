"""The Commission appartement's agenda items as one reader may see them (architecture invariant 10), registered
with `meetings.disclosure.items_for` for the meeting page, the meeting mode, the record PDF and the .ics.

- the coordinator and the archived copy: everything the commission recorded (never the applicant's identity: the
  agenda and the record name an application by its reference only);
- a member of the commission (role « membre de la Commission appartement ») invited to the session: the reference,
  the needs, the decision, what the applicant said and the joint commitment; the social opinion to the health and
  social professions and the psychiatric opinion to the health professions only, both only while the applicant's
  agreement holds;
- anyone else invited (a landlord or structure, above all): only the items about their own places — an admission
  to one of them, the review of an occupancy of one of them — and of those the reference, the decision, the place
  and the date; never an opinion, a word of the applicant, the commitment or a review's note.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from concerto.accounts.enums import CLINICAL_PROFESSIONS, Profession, Role
from concerto.housing.access import consent_of
from concerto.housing.models import Application, CommissionDecision, Occupancy, OccupancyReview
from concerto.meetings.disclosure import ARCHIVE
from concerto.meetings.enums import MeetingStatus, SubjectKind
from concerto.situations.enums import Visibility

COORDINATOR, MEMBER, OTHER = "coordinator", "member", "other"


@dataclass
class CommissionItem:
    """What the reader may see of one commission item (the templates read only these)."""

    is_application: bool
    reference: str = ""
    status: str = ""
    place_label: str = ""
    needs: dict | None = None
    social_opinion: str = ""
    psychiatric_opinion: str = ""
    consent_blocked: bool = False
    decision: CommissionDecision | None = None
    words: str = ""
    commitment: str = ""
    reason: str = ""
    review: OccupancyReview | None = None
    review_note: str = ""
    can_record: bool = False


def _standing(reader) -> tuple[str, bool, bool, int | None]:
    """(standing, social class, health class, organisation)."""
    if reader is ARCHIVE or reader.membership.role == Role.COORDINATOR:
        return COORDINATOR, True, True, None
    membership = reader.membership
    if membership.role == Role.HOUSING_MEMBER:
        return MEMBER, membership.profession in CLINICAL_PROFESSIONS, membership.profession == Profession.HEALTH, None
    return OTHER, False, False, membership.organisation_id


def show_commission_items(reader, items: list, *, record: bool = False) -> list:
    """Keeps the items the reader may see and sets on each the attributes of `meetings.disclosure` plus
    `commission` (a `CommissionItem`)."""
    standing, social, health, organisation = _standing(reader)
    decisions = {
        d.item_id: d for d in CommissionDecision.objects.filter(item__in=items).select_related("place", "occupancy")
    }
    reviews = {r.item_id: r for r in OccupancyReview.objects.filter(item__in=items)}
    applications = {
        a.pk: a
        for a in Application.objects.filter(pk__in=[i.application_id for i in items if i.application_id])
        .select_related("from_situation")
        .prefetch_related("wished_communes", "consents", "from_situation__consents")
    }
    occupancies = {
        o.pk: o
        for o in Occupancy.objects.filter(pk__in=[i.occupancy_id for i in items if i.occupancy_id]).select_related(
            "place", "application"
        )
    }
    kept = []
    for item in items:
        decision, review = decisions.get(item.pk), reviews.get(item.pk)
        if item.subject_kind == SubjectKind.APPLICATION:
            application = applications[item.application_id]
            place = decision.place if decision else None
            shown = _application_item(application, decision, standing, social, health)
        else:
            occupancy = occupancies[item.occupancy_id]
            place, application = occupancy.place, occupancy.application
            shown = CommissionItem(
                is_application=False,
                reference=application.reference,
                place_label=place.label,
                review=review,
                review_note=review.note if review and standing != OTHER else "",
            )
        if standing == OTHER and (place is None or place.landlord_id != organisation):
            continue
        shown.can_record = (
            reader is not ARCHIVE and standing == COORDINATOR and item.meeting.status == MeetingStatus.PLANNED
        )
        _set_generic(item, standing, social and not shown.consent_blocked)
        item.commission = shown
        kept.append(item)
    return kept


def _application_item(application, decision, standing: str, social: bool, health: bool) -> CommissionItem:
    blocked, agreement = consent_of(application)
    agreed = agreement is not None and not blocked
    member = standing in (COORDINATOR, MEMBER)
    shown = CommissionItem(
        is_application=True,
        reference=application.reference,
        status=application.get_status_display(),
        place_label=decision.place.label if decision and decision.place else "",
        consent_blocked=blocked,
        decision=decision,
    )
    if member:
        shown.needs = {
            "typology": application.get_wished_typology_display(),
            "communes": ", ".join(c.name for c in application.wished_communes.all()),
            "accessibility": application.accessibility,
        }
    if standing == COORDINATOR or (member and agreed):
        shown.social_opinion = application.social_opinion if social else ""
        shown.psychiatric_opinion = application.psychiatric_opinion if health else ""
    if decision is not None and sees_decision_texts(standing, blocked):
        shown.words, shown.commitment, shown.reason = decision.words, decision.commitment, decision.reason
    return shown


def sees_decision_texts(standing: str, blocked: bool) -> bool:
    """What the applicant said, the joint commitment and the decision's reason: the coordinator, and the members of
    the commission while the applicant's agreement holds (they heard the person present their situation); never a
    landlord or anyone else."""
    return standing == COORDINATOR or (standing == MEMBER and not blocked)


@dataclass
class HistoryRow:
    """One decision of the commission on an application, as one reader may see it (the application's page)."""

    session_day: object
    meeting_id: int
    outcome: str
    place_label: str
    entry_on: object
    attended: bool | None
    own_words: bool = False
    words: str = ""
    commitment: str = ""
    reason: str = ""


def application_history(access, view) -> list[HistoryRow]:
    """Every decision the commission recorded on this application, across its sessions, newest first, under the
    rules of the session's page and record (`_application_item`): the date, the decision, the place and the
    attendance to whoever reads the application; the words, the commitment and the reason by `sees_decision_texts`.
    `access` is the reader's `housing.access.HousingAccess`, `view` its `ApplicationView` of the application."""
    if not access.sees_applications:
        return []
    decisions = (
        CommissionDecision.objects.filter(application=view.application)
        .select_related("item__meeting", "place")
        .order_by("-item__meeting__starts_at", "-recorded_at", "-id")
    )
    texts = sees_decision_texts(COORDINATOR if access.is_coordinator else MEMBER, view.consent_blocked)
    return [
        HistoryRow(
            session_day=timezone.localtime(d.item.meeting.starts_at).date(),
            meeting_id=d.item.meeting_id,
            outcome=d.get_outcome_display(),
            place_label=d.place.label if d.place else "",
            entry_on=d.entry_on,
            attended=d.attended,
            own_words=d.own_words and texts,
            words=d.words if texts else "",
            commitment=d.commitment if texts else "",
            reason=d.reason if texts else "",
        )
        for d in decisions
    ]


def _set_generic(item, standing: str, clinical: bool) -> None:
    """The attributes every agenda item carries (`meetings.disclosure._show_topic`): working notes, the generic
    decisions field and corrections by their visibility class."""
    if standing == COORDINATOR:
        classes = {Visibility.PARTICIPANTS, Visibility.HEALTH_SOCIAL, Visibility.COORDINATOR}
    elif standing == MEMBER:
        classes = {Visibility.PARTICIPANTS} | ({Visibility.HEALTH_SOCIAL} if clinical else set())
    else:
        classes = set()
    item.access = None
    item.withdrawn = False
    item.label_shown = True
    item.notes_shown = [n for n in item.working_notes.all() if n.visibility in classes]
    item.decisions_shown = item.decisions_visibility in classes
    item.actions_shown = []
    item.corrections_shown = [c for c in item.corrections.all() if c.visibility in classes]
