"""Meeting use cases: agenda, invitations with iCalendar files, attendance, meeting mode and sign-off."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from concerto.core.concurrency import save_versioned
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.mail import enqueue_on_commit
from concerto.core.utils import add_months
from concerto.councils.models import CellMember
from concerto.meetings.enums import (
    DEFAULT_CONVENED_ROLES,
    AttendanceStatus,
    Body,
    ItemKind,
    MeetingStatus,
    SubjectKind,
)
from concerto.meetings.models import AgendaItem, Attendance, Meeting, MeetingInvitation, WorkingNote
from concerto.situations.enums import SITUATION_TRANSITIONS, SituationStatus, Visibility
from concerto.situations.models import Situation


class AgendaRefused(DomainError):
    """The agenda is closed, full, or the meeting is frozen; the message says why, in French."""


# A session held before the council used Concerto may be recorded afterwards, up to this many months back.
HELD_MONTHS_BACK = 24


def held_earliest() -> date:
    return add_months(timezone.localdate(), -HELD_MONTHS_BACK)


def check_held_bounds(starts_at) -> None:
    """A date in the past is a session already held (recorded afterwards, nobody is e-mailed): at most two years
    back."""
    earliest = held_earliest()
    if timezone.localdate(starts_at) < earliest:
        raise AgendaRefused(
            f"Une séance déjà tenue peut être enregistrée jusqu'à deux ans en arrière : choisissez une date à partir "
            f"du {earliest:%d/%m/%Y}."
        )


def is_held(meeting: Meeting) -> bool:
    """The session has started (or was held before being recorded): no invitation, update or cancellation e-mail
    goes out for it."""
    return meeting.starts_at <= timezone.now()


def agenda_closes_on(meeting: Meeting) -> date | None:
    if meeting.cell is None:
        return None
    return timezone.localdate(meeting.starts_at) - timedelta(days=meeting.cell.agenda_closes_days)


def default_convened(council, body: str):
    """The members a body convenes by default: governance members for the COPIL and the plenary, housing members
    for the housing commission (a working group: nobody, the coordinator picks)."""
    from concerto.accounts.models import User

    roles = DEFAULT_CONVENED_ROLES.get(body, ())
    return User.objects.filter(
        memberships__council=council, memberships__is_active=True, memberships__role__in=roles
    ).distinct()


@transaction.atomic
def meeting_create(*, council, actor, data: dict, convened=None) -> Meeting:
    """A cell session invites the cell's permanent members; any other body convenes `convened` (the members the
    coordinator picked), or by default the members of the body's role. A date in the past records a session already
    held (within two years): its invitees are listed but never e-mailed, and no review is proposed for it."""
    data = dict(data)
    check_held_bounds(data["starts_at"])
    if data.get("body", Body.CELL) == Body.CELL:
        if data.get("cell") is None:
            raise AgendaRefused("Choisissez la cellule : une séance de cellule en a besoin.")
    else:
        data["cell"] = None
        users = list(convened) if convened else list(default_convened(council, data["body"]))
        if not users:
            raise AgendaRefused("Choisissez les personnes à convoquer à cette réunion.")
    meeting = Meeting.objects.create(council=council, **data)
    if meeting.cell is None:
        MeetingInvitation.objects.bulk_create([MeetingInvitation(meeting=meeting, user=user) for user in users])
    else:
        seats = CellMember.objects.filter(cell=meeting.cell, kind=CellMember.Kind.PERMANENT).select_related(
            "membership"
        )
        MeetingInvitation.objects.bulk_create(
            [MeetingInvitation(meeting=meeting, user_id=seat.membership.user_id) for seat in seats]
        )
        for situation in [] if is_held(meeting) else reviews_due(meeting):
            AgendaItem.objects.create(meeting=meeting, situation=situation, kind=ItemKind.REVIEW)
    record_event(council=council, actor=actor, verb="meeting_created", target=meeting)
    return meeting


def reviews_due(meeting: Meeting, *, offsets: bool = True) -> list[Situation]:
    """Open situations of the cell due for review at this meeting and not on an agenda since their review date.
    The review date is the "next review" chosen in session on the situation's latest item before this meeting
    when there is one (the situation goes to the first session on or after it); otherwise the cell's review months
    (M+3 / M+6 after the first session). `offsets=False` keeps only the dates chosen in session."""
    if meeting.cell is None:
        return []
    months = meeting.cell.review_offsets
    day = timezone.localdate(meeting.starts_at)
    situations = (
        Situation.objects.filter(cell=meeting.cell)
        .exclude(status=SituationStatus.CLOSED)
        .annotate(first_session=Min("agenda_items__meeting__starts_at"))
        .filter(first_session__isnull=False)
        .exclude(agenda_items__meeting=meeting)
    )
    due = []
    for situation in situations:
        earlier = (
            situation.agenda_items.filter(meeting__starts_at__lt=meeting.starts_at)
            .exclude(meeting__status=MeetingStatus.CANCELLED)
            .order_by("-meeting__starts_at")
            .first()
        )
        if earlier is not None and earlier.next_review is not None:
            review_on = earlier.next_review
            if review_on > day:
                continue
            seen_since = (
                situation.agenda_items.filter(meeting__starts_at__date__gte=review_on)
                .exclude(meeting__status=MeetingStatus.CANCELLED)
                .exists()
            )
        elif offsets:
            first = timezone.localdate(situation.first_session)
            passed = [add_months(first, m) for m in months if add_months(first, m) <= day]
            if not passed:
                continue
            seen_since = situation.agenda_items.filter(meeting__starts_at__date__gte=max(passed)).exists()
        else:
            continue
        if not seen_since:
            due.append(situation)
    return due


@transaction.atomic
def agenda_add(*, meeting: Meeting, situation: Situation, actor, kind: str, priority: bool) -> AgendaItem:
    if meeting.is_frozen:
        raise AgendaRefused("La séance est close : son ordre du jour ne peut plus changer.")
    if meeting.cell is None:
        raise AgendaRefused("Seule une séance de cellule examine des situations : ajoutez un sujet libre.")
    closes = agenda_closes_on(meeting)
    if not priority and closes is not None and timezone.localdate() > closes:
        raise AgendaRefused(
            f"L'ordre du jour est clos depuis le {closes:%d/%m/%Y}. Seul un point marqué prioritaire peut encore "
            "être ajouté."
        )
    situation_items = meeting.items.filter(subject_kind=SubjectKind.SITUATION)
    full = situation_items.filter(priority=False).count() >= meeting.cell.max_agenda_items
    if not priority and full:
        raise AgendaRefused(
            f"L'ordre du jour compte déjà {meeting.cell.max_agenda_items} situations, le maximum de la cellule."
        )
    if meeting.items.filter(situation=situation).exists():
        raise AgendaRefused("Cette situation est déjà à l'ordre du jour.")
    item = AgendaItem.objects.create(
        meeting=meeting, situation=situation, kind=kind, priority=priority, position=meeting.items.count()
    )
    record_event(council=meeting.council, actor=actor, verb="agenda_item_added", target=situation, meeting=meeting.pk)
    return item


@transaction.atomic
def topic_add(*, meeting: Meeting, actor, topic: str, topic_details: str = "") -> AgendaItem:
    """A free topic ("Bilan du plan d'actions", "Questions diverses"): any body, any time before sign-off; it counts
    neither against the cell's maximum of situations nor against the agenda's closing date."""
    if meeting.is_frozen:
        raise AgendaRefused("La séance est close : son ordre du jour ne peut plus changer.")
    if not topic.strip():
        raise AgendaRefused("Donnez un intitulé au sujet.")
    item = AgendaItem.objects.create(
        meeting=meeting, subject_kind=SubjectKind.TOPIC, topic=topic.strip(), topic_details=topic_details,
        position=meeting.items.count(),
    )  # fmt: skip
    record_event(council=meeting.council, actor=actor, verb="agenda_topic_added", target=meeting, item=item.pk)
    return item


@transaction.atomic
def invite_actor(*, item: AgendaItem, user, actor) -> MeetingInvitation:
    """Raises a DomainError when the person's organisation is outside the consent scope or after a withdrawal."""
    from concerto.accounts.models import Membership
    from concerto.situations.rules import check_sharing

    meeting = item.meeting
    if item.situation_id is None:
        raise AgendaRefused("On invite pour une situation ; un sujet libre concerne toutes les personnes convoquées.")
    membership = Membership.objects.filter(council=meeting.council, user=user).select_related("organisation").first()
    organisation = membership.organisation if membership else None
    check_sharing(
        item.situation, organisation.pk if organisation else None,
        label=f"La structure « {organisation.name} »" if organisation else "Cette personne (sans structure)",
    )  # fmt: skip
    access_until = timezone.localdate(meeting.starts_at) + timedelta(
        days=meeting.cell.invited_access_days if meeting.cell else 7
    )
    invitation, _ = MeetingInvitation.objects.update_or_create(
        meeting=meeting, user=user, item=item, defaults={"access_until": access_until}
    )
    record_event(
        council=meeting.council, actor=actor, verb="actor_invited", target=item.situation, meeting=meeting.pk,
        invitation=invitation.pk,
    )  # fmt: skip
    return invitation


def _recipients(meeting: Meeting, *, only_unsent: bool) -> list[MeetingInvitation]:
    invitations = meeting.invitations.select_related("user")
    if only_unsent:
        invitations = invitations.filter(sent_at__isnull=True)
    return list(invitations)


def _send_calendar(meeting: Meeting, invitations: list[MeetingInvitation], *, cancel=False, updated=False) -> None:
    """One e-mail per person, each with an .ics built for them (their items only, no other attendee), rendered and
    sent by the worker once the transaction commits."""
    from concerto.meetings import tasks

    user_ids = sorted({i.user_id for i in invitations})
    if user_ids:
        enqueue_on_commit(tasks.send_calendar, meeting.pk, user_ids, cancel, updated)


@transaction.atomic
def invitations_send(*, meeting: Meeting, actor) -> int:
    if is_held(meeting):
        raise AgendaRefused("Cette séance est déjà tenue : aucune invitation n'est envoyée.")
    invitations = _recipients(meeting, only_unsent=True)
    _send_calendar(meeting, invitations)
    MeetingInvitation.objects.filter(pk__in=[i.pk for i in invitations]).update(sent_at=timezone.now())
    record_event(council=meeting.council, actor=actor, verb="invitations_sent", target=meeting, count=len(invitations))
    return len(invitations)


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor, data: dict, expected_version: int) -> None:
    if "starts_at" in data and data["starts_at"] != meeting.starts_at:
        check_held_bounds(data["starts_at"])
    for field, value in data.items():
        setattr(meeting, field, value)
    meeting.sequence += 1
    save_versioned(meeting, expected_version=expected_version, update_fields=[*data, "sequence"])
    sent = [i for i in _recipients(meeting, only_unsent=False) if i.sent_at and not is_held(meeting)]
    _send_calendar(meeting, sent, updated=True)
    record_event(council=meeting.council, actor=actor, verb="meeting_updated", target=meeting, fields=list(data))


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor) -> None:
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    sent = [i for i in _recipients(meeting, only_unsent=False) if i.sent_at and not is_held(meeting)]
    _send_calendar(meeting, sent, cancel=True)
    record_event(council=meeting.council, actor=actor, verb="meeting_cancelled", target=meeting)


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor, user, status: str, replaced_by=None) -> Attendance:
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"status": status, "replaced_by": replaced_by}
    )
    record_event(council=meeting.council, actor=actor, verb="attendance_recorded", target=meeting, status=status)
    return attendance


def attendance_people(meeting: Meeting) -> list:
    """Who the attendance sheet offers: the meeting's invitees and, for a cell session, the cell's members
    (permanent and substitutes), nobody else; by name."""
    from concerto.accounts.models import User

    ids = set(meeting.invitations.values_list("user_id", flat=True))
    if meeting.cell_id is not None:
        ids |= set(CellMember.objects.filter(cell=meeting.cell).values_list("membership__user_id", flat=True))
    return list(User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk"))


def _check_attendance_open(meeting: Meeting, users) -> None:
    if meeting.is_frozen:
        raise AgendaRefused("La séance est close : les présences ne peuvent plus changer.")
    offered = {user.pk for user in attendance_people(meeting)}
    if any(user.pk not in offered for user in users):
        raise AgendaRefused("Seuls les invités et les membres de la cellule figurent sur la feuille de présence.")


@transaction.atomic
def attendance_sheet_record(*, meeting: Meeting, actor, statuses: dict, guest_statuses: dict | None = None) -> int:
    """The whole sheet in one save: `statuses` maps a person to present / excused / absent, `guest_statuses` a guest
    without an account to the same. A person already noted as replaced keeps their substitute unless their status
    changes. Returns how many were recorded."""
    from concerto.meetings.guest_services import guest_statuses_record

    _check_attendance_open(meeting, statuses)
    guests = guest_statuses_record(meeting=meeting, statuses=guest_statuses or {})
    for user, status in statuses.items():
        defaults = {"status": status}
        if status != AttendanceStatus.REPLACED:
            defaults["replaced_by"] = None
        Attendance.objects.update_or_create(meeting=meeting, user=user, defaults=defaults)
    if statuses or guests:
        record_event(
            council=meeting.council, actor=actor, verb="attendance_recorded", target=meeting,
            count=len(statuses) + guests,
        )  # fmt: skip
    return len(statuses) + guests


@transaction.atomic
def attendance_all_present(*, meeting: Meeting, actor) -> int:
    """ "Tous présents": everyone on the sheet not yet noted is recorded present; someone already noted (excused,
    absent, replaced) keeps their status. Returns how many were recorded present."""
    from concerto.meetings.guest_services import guests_all_present

    _check_attendance_open(meeting, [])
    noted = set(meeting.attendances.values_list("user_id", flat=True))
    people = [user for user in attendance_people(meeting) if user.pk not in noted]
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user=user, status=AttendanceStatus.PRESENT) for user in people]
    )
    count = len(people) + guests_all_present(meeting)
    if count:
        record_event(council=meeting.council, actor=actor, verb="attendance_all_present", target=meeting, count=count)
    return count


def record_recipients(meeting: Meeting) -> set:
    """The people the signed record is sent to: each person present or replaced, and each substitute."""
    attendances = list(meeting.attendances.select_related("user", "replaced_by"))
    users = {a.user for a in attendances if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.REPLACED)}
    return users | {a.replaced_by for a in attendances if a.replaced_by}


def cancel_recipients(meeting: Meeting) -> int:
    """How many people a cancellation notifies: those whose invitation was sent."""
    return meeting.invitations.filter(sent_at__isnull=False).values("user_id").distinct().count()


def present_people(meeting: Meeting) -> list:
    """The people present at the meeting (noted present, or substitutes): they may be named to tell the person."""
    return sorted(record_recipients(meeting), key=lambda u: (u.last_name, u.first_name, u.pk))


@transaction.atomic
def confidentiality_confirm(*, meeting: Meeting, user) -> None:
    attendance, _ = Attendance.objects.get_or_create(
        meeting=meeting, user=user, defaults={"status": AttendanceStatus.PRESENT}
    )
    if attendance.confidentiality_confirmed_at is None:
        attendance.confidentiality_confirmed_at = timezone.now()
        attendance.save(update_fields=["confidentiality_confirmed_at"])
        record_event(council=meeting.council, actor=user, verb="confidentiality_confirmed", target=meeting)


@transaction.atomic
def item_record(*, item: AgendaItem, actor, data: dict, expected_version: int) -> None:
    if item.meeting.is_frozen:
        raise AgendaRefused("Le relevé est signé : une correction se fait par un nouvel événement.")
    data = dict(data)
    person = data.pop("who_tells_person", None)
    if person is not None:
        data["who_tells"] = who_tells_from_present(item=item, actor=actor, user=person)
    for field, value in data.items():
        setattr(item, field, value)
    save_versioned(item, expected_version=expected_version, update_fields=list(data))
    record_event(
        council=item.meeting.council, actor=actor, verb="decisions_recorded", target=item.situation or item.meeting,
        meeting=item.meeting_id, fields=list(data),
    )  # fmt: skip


def who_tells_from_present(*, item: AgendaItem, actor, user):
    """Someone present is named to tell the person: they become a participant of the situation at once (with their
    organisation), through `participant_add`, which enforces the consent (a refusal raises a DomainError). Already a
    participant: that participation."""
    from concerto.accounts.models import Membership
    from concerto.situations import services as situations

    if item.situation_id is None:
        raise AgendaRefused("Un sujet libre ne concerne aucune personne à prévenir.")
    if user not in present_people(item.meeting):
        raise AgendaRefused("Choisissez une personne présente à la séance.")
    current = item.situation.participants.filter(user=user, until__isnull=True).first()
    if current is not None:
        return current
    membership = (
        Membership.objects.filter(council=item.meeting.council, user=user, is_active=True)
        .select_related("organisation")
        .first()
    )
    if membership is None or membership.organisation is None:
        raise AgendaRefused(f"{user} n'est rattaché·e à aucune structure : ajoutez-la d'abord aux participants.")
    return situations.participant_add(
        situation=item.situation,
        actor=actor,
        data={"organisation": membership.organisation, "user": user, "since": timezone.localdate()},
    )


@transaction.atomic
def working_note_add(*, item: AgendaItem, actor, text: str, visibility: str = Visibility.HEALTH_SOCIAL) -> WorkingNote:
    if item.meeting.is_frozen:
        raise AgendaRefused("Le relevé est signé : les notes de travail sont détruites.")
    return WorkingNote.objects.create(item=item, author=actor, text=text, visibility=visibility)


@transaction.atomic
def meeting_sign_off(*, meeting: Meeting, actor) -> None:
    """Destroys working notes (deleted, not hidden), freezes the record; the worker produces the PDF and sends it
    (`tasks.send_record`). Only once the session has started: a record signed before it would hold decisions not yet
    taken."""
    if timezone.now() < meeting.starts_at:
        start = timezone.localtime(meeting.starts_at)
        raise AgendaRefused(
            f"La séance n'a pas commencé : le relevé pourra être signé à partir du {start:%d/%m/%Y} à {start:%H:%M}."
        )
    destroyed, _ = WorkingNote.objects.filter(item__meeting=meeting).delete()
    meeting.status = MeetingStatus.SIGNED_OFF
    meeting.signed_off_at = timezone.now()
    meeting.signed_off_by = actor
    meeting.save(update_fields=["status", "signed_off_at", "signed_off_by"])
    _mark_examined_followed(meeting)
    record_event(
        council=meeting.council,
        actor=actor,
        verb="meeting_signed_off",
        target=meeting,
        working_notes_destroyed=destroyed,
    )
    _send_record(meeting)


# The statuses a signed record moves to "followed": a situation waiting for its first examination. A closed one is
# reopened only by a deliberate act (`situations.services.situation_reopen`), never as a side effect of a sign-off.
SIGN_OFF_MOVES_FROM = frozenset({SituationStatus.TO_EXAMINE})


def _mark_examined_followed(meeting: Meeting) -> int:
    """The situations examined in this meeting leave "to examine" for "followed", through the table of allowed
    moves (`SITUATION_TRANSITIONS`): a status the table does not let move to "followed" stays as it is."""
    sources = SITUATION_TRANSITIONS.sources_for(SituationStatus.FOLLOWED) & SIGN_OFF_MOVES_FROM
    examined = meeting.items.filter(situation__isnull=False).values("situation_id")
    return Situation.objects.filter(pk__in=examined, status__in=sources).update(status=SituationStatus.FOLLOWED)


def _send_record(meeting: Meeting) -> None:
    """The worker (`tasks.send_record`) archives the complete record and sends each person present (or their
    substitute) a record rendered for them: no PDF is rendered inside the request."""
    from concerto.meetings import tasks

    enqueue_on_commit(tasks.send_record, meeting.pk)


@transaction.atomic
def record_correct(*, item: AgendaItem, actor, text: str, visibility: str = Visibility.PARTICIPANTS):
    from concerto.meetings.models import RecordCorrection

    if not item.meeting.is_frozen:
        raise AgendaRefused("Le relevé n'est pas encore signé : modifiez directement le point.")
    correction = RecordCorrection.objects.create(item=item, author=actor, text=text, visibility=visibility)
    record_event(
        council=item.meeting.council, actor=actor, verb="record_corrected", target=item.situation or item.meeting,
        meeting=item.meeting_id, correction=correction.pk,
    )  # fmt: skip
    return correction


def meetings_export_record(*, council, actor, rows: int) -> None:
    """The coordinator's export of the meetings is recorded in the journal."""
    record_event(council=council, actor=actor, verb="meetings_exported", rows=rows)
