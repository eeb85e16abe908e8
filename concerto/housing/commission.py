"""The quarterly Commission appartement: a meeting of the housing body (`meetings.Body.HOUSING`) whose agenda holds
applications (complete, postponed or waitlisted: they become "scheduled") and the six-monthly reviews of occupancies
due; its venue is a commune of the council and its chair an elected official of that commune, chosen per session; in
session the coordinator records, per application, the applicant's attendance and words, the decision (admission goes
through `services.application_admit` and all its checks) and the joint commitment; per review, a note and its
conclusion.

Use cases (atomic, a refusal writes nothing, each records an event) and the reads that feed them."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from concerto.accounts.enums import Profession
from concerto.accounts.models import Membership
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.utils import add_months
from concerto.housing import services
from concerto.housing.commission_models import CommissionVenue
from concerto.housing.enums import ApplicationStatus, CommissionOutcome, ReviewOutcome
from concerto.housing.models import Application, CommissionDecision, Occupancy, OccupancyReview
from concerto.meetings.enums import Body, MeetingStatus, SubjectKind
from concerto.meetings.models import AgendaItem, Meeting

REVIEW_MONTHS = 6
# The statuses from which an application may be put on a session's agenda (APPLICATION_TRANSITIONS → scheduled).
SCHEDULABLE = (ApplicationStatus.COMPLETE, ApplicationStatus.POSTPONED, ApplicationStatus.WAITLISTED)


def is_commission(meeting: Meeting) -> bool:
    return meeting.body == Body.HOUSING


def _check_open(meeting: Meeting) -> None:
    if not is_commission(meeting):
        raise DomainError("Seule une séance de la Commission appartement examine les demandes de logement.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("Cette séance est annulée.")
    if meeting.status == MeetingStatus.SIGNED_OFF:
        raise DomainError("Le relevé de cette séance est signé : il ne peut plus être modifié.")


# --- reads ------------------------------------------------------------------------------------------------------


def schedulable_applications(meeting: Meeting):
    """Applications of the council that may go on this session's agenda (not already on a planned agenda)."""
    planned = AgendaItem.objects.filter(application__isnull=False, meeting__status=MeetingStatus.PLANNED)
    return (
        Application.objects.filter(council=meeting.council, status__in=SCHEDULABLE)
        .exclude(pk__in=planned.values("application_id"))
        .order_by("completed_on", "reference")
    )


def reviews_due(council, today: date | None = None):
    """Current occupancies due for their six-monthly review: entered at least six months ago and never reviewed, or
    last reviewed at least six months ago; not already on a planned session's agenda."""
    today = today or timezone.localdate()
    limit = add_months(today, -REVIEW_MONTHS)
    planned = AgendaItem.objects.filter(occupancy__isnull=False, meeting__status=MeetingStatus.PLANNED)
    return (
        Occupancy.objects.filter(place__council=council, exit_on__isnull=True, entry_on__lte=limit)
        .annotate(last_review=Max("reviews__reviewed_on"))
        .filter(Q(last_review__isnull=True) | Q(last_review__lte=limit))
        .exclude(pk__in=planned.values("occupancy_id"))
        .select_related("place", "application")
        .order_by("entry_on", "id")
    )


def venue_of(meeting: Meeting):
    """The commune hosting the session (None until the coordinator chooses it)."""
    venue = CommissionVenue.objects.filter(meeting=meeting).select_related("commune").first()
    return venue.commune if venue else None


def venue_communes(council):
    """The communes a session may be held in: the council's territory."""
    return council.communes.order_by("name", "insee_code")


def elected_officials(council):
    """The council's active elected officials (profession « élu·e »), whatever their commune."""
    return (
        Membership.objects.active()
        .filter(council=council, profession=Profession.ELECTED)
        .select_related("user", "organisation")
    )


def chair_candidates(council, commune):
    """The active elected officials (profession « élu·e ») of the venue's commune: members of the council whose
    organisation in the directory serves that commune (a town hall serves its own commune). None without a venue."""
    if commune is None:
        return Membership.objects.none()
    return (
        elected_officials(council)
        .filter(organisation__communes_served=commune)
        .distinct()
        .order_by("user__last_name", "user__first_name", "id")
    )


# --- agenda -----------------------------------------------------------------------------------------------------


def _next_position(meeting: Meeting) -> int:
    return meeting.items.count()


@transaction.atomic
def agenda_add_application(*, meeting: Meeting, application: Application, actor) -> AgendaItem:
    """An application on the session's agenda: it becomes "scheduled" (the table of allowed moves applies)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if application.council_id != meeting.council_id:
        raise DomainError("Cette demande n'appartient pas au conseil de la séance.")
    if meeting.items.filter(application=application).exists():
        raise DomainError("Cette demande est déjà à l'ordre du jour de la séance.")
    if application.status not in SCHEDULABLE:
        raise DomainError(
            f"Une demande « {application.get_status_display().lower()} » ne peut pas être inscrite : "
            "seule une demande complète, ajournée ou en liste d'attente peut l'être."
        )
    services.application_set_status(application=application, actor=actor, status=ApplicationStatus.SCHEDULED)
    item = AgendaItem.objects.create(
        meeting=meeting,
        subject_kind=SubjectKind.APPLICATION,
        application=application,
        topic=f"Demande de logement {application.reference}",
        position=_next_position(meeting),
    )
    record_event(
        council=meeting.council, actor=actor, verb="housing_commission_scheduled", target=application,
        meeting=meeting.pk,
    )  # fmt: skip
    return item


@transaction.atomic
def agenda_add_review(*, meeting: Meeting, occupancy: Occupancy, actor) -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if occupancy.place.council_id != meeting.council_id:
        raise DomainError("Cette occupation n'appartient pas au conseil de la séance.")
    if occupancy.exit_on is not None:
        raise DomainError("Cette occupation est terminée : elle n'a plus de bilan semestriel.")
    if meeting.items.filter(occupancy=occupancy).exists():
        raise DomainError("Le bilan de cette occupation est déjà à l'ordre du jour de la séance.")
    item = AgendaItem.objects.create(
        meeting=meeting,
        subject_kind=SubjectKind.OCCUPANCY_REVIEW,
        occupancy=occupancy,
        topic=f"Bilan semestriel — {occupancy.place.label}",
        position=_next_position(meeting),
    )
    record_event(
        council=meeting.council, actor=actor, verb="housing_commission_review_scheduled", target=occupancy.place,
        meeting=meeting.pk,
    )  # fmt: skip
    return item


@transaction.atomic
def venue_set(*, meeting: Meeting, actor, commune) -> CommissionVenue:
    """The commune hosting the session, among the council's. A chair who is not an elected official of the new
    commune is removed (the session must then be given a chair of that commune)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if commune is None or not venue_communes(meeting.council).filter(pk=commune.pk).exists():
        raise DomainError("Choisissez une commune du territoire du conseil.")
    venue, _ = CommissionVenue.objects.update_or_create(meeting=meeting, defaults={"commune": commune})
    candidates = chair_candidates(meeting.council, commune)
    chair_removed = meeting.chair_id is not None and not candidates.filter(pk=meeting.chair_id).exists()
    if chair_removed:
        Meeting.objects.filter(pk=meeting.pk).update(chair=None)
    record_event(
        council=meeting.council, actor=actor, verb="housing_commission_venue", target=meeting, commune=commune.pk,
        chair_removed=chair_removed,
    )  # fmt: skip
    return venue


@transaction.atomic
def chair_set(*, meeting: Meeting, actor, membership: Membership | None) -> None:
    """The session's chair: an elected official of the venue's commune (a membership with the profession « élu·e »
    whose organisation serves that commune)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    commune = venue_of(meeting)
    if membership is not None and commune is None:
        raise DomainError("Choisissez d'abord la commune qui accueille la séance : la présidence revient à un·e élu·e "
                          "de cette commune.")  # fmt: skip
    if membership is not None and not chair_candidates(meeting.council, commune).filter(pk=membership.pk).exists():
        raise DomainError(
            f"La présidence de séance revient à un·e élu·e de la commune qui accueille la séance ({commune.name}) : "
            "cette personne n'en est pas élue."
        )
    # A direct update: the meeting's version (its edit form's optimistic lock) is not concerned by the chair.
    Meeting.objects.filter(pk=meeting.pk).update(chair=membership)
    record_event(
        council=meeting.council, actor=actor, verb="housing_commission_chair", target=meeting,
        chair=membership.pk if membership else None,
    )  # fmt: skip


# --- in session -------------------------------------------------------------------------------------------------


@transaction.atomic
def decision_record(*, item: AgendaItem, actor, data: dict) -> CommissionDecision:
    """The commission's decision on one application: attendance and words, the decision (an admission creates the
    occupancy through `services.application_admit`, with all its checks), the joint commitment. All or nothing."""
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting", "application").get(pk=item.pk)
    _check_open(item.meeting)
    if item.subject_kind != SubjectKind.APPLICATION or item.application is None:
        raise DomainError("Ce point de l'ordre du jour ne porte pas sur une demande de logement.")
    if CommissionDecision.objects.filter(item=item).exists():
        raise DomainError("La décision de la commission sur cette demande est déjà consignée.")
    application, outcome = item.application, data.get("outcome")
    attended = data.get("attended")
    words = (data.get("words") or "").strip()
    if words and not attended:
        raise DomainError("Les propos de la personne ne se consignent que si elle est venue présenter sa situation.")
    reason = (data.get("reason") or "").strip()
    place = occupancy = entry_on = None
    if outcome == CommissionOutcome.ADMITTED:
        place, entry_on = data.get("place"), data.get("entry_on")
        if place is None or entry_on is None or not data.get("contract"):
            raise DomainError("Pour une admission, indiquez la place, la date d'entrée et le contrat.")
        admission = {"entry_on": entry_on, "contract": data["contract"], "rent_helper": data.get("rent_helper")}
        occupancy = services.application_admit(application=application, actor=actor, place=place, data=admission)
    elif outcome in CommissionOutcome.values:
        services.application_set_status(application=application, actor=actor, status=outcome, reason=reason)
    else:
        raise DomainError("Choisissez la décision de la commission.")
    decision = CommissionDecision.objects.create(
        item=item,
        application=application,
        attended=attended,
        words=words,
        own_words=bool(words and data.get("own_words")),
        outcome=outcome,
        reason=reason,
        place=place,
        entry_on=entry_on,
        occupancy=occupancy,
        commitment=(data.get("commitment") or "").strip(),
        recorded_by=actor,
    )
    record_event(
        council=item.meeting.council, actor=actor, verb="housing_commission_decision", target=application,
        meeting=item.meeting_id, outcome=outcome,
    )  # fmt: skip
    return decision


@transaction.atomic
def review_record(*, item: AgendaItem, actor, data: dict) -> OccupancyReview:
    """The commission's review of one occupancy (dated the session's day): a note and its conclusion."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting", "occupancy__place").get(pk=item.pk)
    )
    _check_open(item.meeting)
    if item.subject_kind != SubjectKind.OCCUPANCY_REVIEW or item.occupancy is None:
        raise DomainError("Ce point de l'ordre du jour ne porte pas sur le bilan d'une occupation.")
    if OccupancyReview.objects.filter(item=item).exists():
        raise DomainError("Le bilan de cette occupation est déjà consigné pour cette séance.")
    if not data.get("outcome"):
        raise DomainError("Choisissez la conclusion du bilan.")
    reviewed_on = timezone.localdate(item.meeting.starts_at)
    if data["outcome"] == ReviewOutcome.SLIDE:
        services.check_slide(item.occupancy, reviewed_on)
    review = OccupancyReview.objects.create(
        item=item,
        occupancy=item.occupancy,
        reviewed_on=reviewed_on,
        note=(data.get("note") or "").strip(),
        outcome=data["outcome"],
        recorded_by=actor,
    )
    if review.outcome == ReviewOutcome.SLIDE:
        # The lease slides on the session's day: the occupancy ends (« bail glissé à son nom »), in this transaction.
        services.occupancy_slide(occupancy=item.occupancy, actor=actor, on=reviewed_on)
    record_event(
        council=item.meeting.council, actor=actor, verb="housing_commission_review", target=item.occupancy.place,
        meeting=item.meeting_id, outcome=review.outcome,
    )  # fmt: skip
    return review
