"""Governance use cases: bodies and their members, convening a body through the generic meeting, attendance with
quorum, the register of decisions, project groups with their actions and the history of their status."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from concerto.core.concurrency import save_versioned
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.governance.enums import MEETING_BODY, ProjectStatus
from concerto.governance.models import (
    BodyMeeting,
    BodyMember,
    ContactAttendance,
    CouncilBody,
    Decision,
    ProjectAction,
    ProjectGroup,
    ProjectStatusChange,
)
from concerto.meetings import services as meetings
from concerto.meetings.enums import AttendanceStatus, MeetingStatus


class GovernanceRefused(DomainError):
    """A governance rule refused the use case; the message says why, in French."""


# -- bodies ---------------------------------------------------------------------------------------------------------
def _check_quorum_rule(data: dict) -> None:
    if data.get("quorum_count") is not None and data.get("quorum_percent") is not None:
        raise GovernanceRefused("Indiquez le quorum en nombre de membres ou en pourcentage, pas les deux.")
    if data.get("quorum_percent") is not None and not 0 < data["quorum_percent"] <= 100:
        raise GovernanceRefused("Le quorum en pourcentage doit être compris entre 1 et 100 %.")
    if data.get("quorum_count") == 0:
        raise GovernanceRefused("Un quorum de zéro membre n'en est pas un : laissez le champ vide.")


@transaction.atomic
def body_create(*, council, actor, data: dict) -> CouncilBody:
    _check_quorum_rule(data)
    body = CouncilBody.objects.create(council=council, **data)
    record_event(council=council, actor=actor, verb="governance_body_created", target=body)
    return body


@transaction.atomic
def body_update(*, body: CouncilBody, actor, data: dict, expected_version: int) -> None:
    _check_quorum_rule(data)
    for field, value in data.items():
        setattr(body, field, value)
    save_versioned(body, expected_version=expected_version, update_fields=list(data))
    record_event(council=body.council, actor=actor, verb="governance_body_updated", target=body, fields=list(data))


def _check_term(starts_on, ends_on) -> None:
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        raise GovernanceRefused(
            f"La fin du mandat ({ends_on:%d/%m/%Y}) ne peut pas précéder son début ({starts_on:%d/%m/%Y})."
        )


@transaction.atomic
def member_add(*, body: CouncilBody, actor, data: dict) -> BodyMember:
    """A seat for a council member or a directory contact (one of them), for a term that cannot end before it
    starts; the same person cannot hold two seats of the body at once."""
    membership, contact = data.get("membership"), data.get("contact")
    if (membership is None) == (contact is None):
        raise GovernanceRefused("Choisissez soit un membre du conseil, soit un contact de l'annuaire.")
    if membership is not None and membership.council_id != body.council_id:
        raise GovernanceRefused("Ce membre n'appartient pas au conseil.")
    if contact is not None and contact.organisation.council_id != body.council_id:
        raise GovernanceRefused("Ce contact n'est pas dans l'annuaire du conseil.")
    _check_term(data["starts_on"], data.get("ends_on"))
    seats = body.members.filter(membership=membership) if membership else body.members.filter(contact=contact)
    day = data["starts_on"]
    if any(seat.is_current(day) or seat.starts_on >= day for seat in seats):
        raise GovernanceRefused("Cette personne siège déjà dans l'instance pour cette période.")
    member = BodyMember.objects.create(body=body, **data)
    record_event(
        council=body.council, actor=actor, verb="governance_member_added", target=body, member=member.pk,
        function=member.function,
    )  # fmt: skip
    return member


@transaction.atomic
def member_end(*, member: BodyMember, actor, ends_on) -> None:
    _check_term(member.starts_on, ends_on)
    member.ends_on = ends_on
    member.save(update_fields=["ends_on"])
    record_event(
        council=member.body.council, actor=actor, verb="governance_member_ended", target=member.body, member=member.pk
    )


def current_members(body: CouncilBody, day=None) -> list[BodyMember]:
    day = day or timezone.localdate()
    members = body.members.select_related("membership__user", "membership__organisation", "contact__organisation")
    return [m for m in members if m.is_current(day)]


# -- meetings of a body ---------------------------------------------------------------------------------------------
@transaction.atomic
def body_convene(*, body: CouncilBody, actor, data: dict, projects=(), topics: str = "") -> BodyMeeting:
    """Creates the generic meeting of the body (meetings' `meeting_create`), convenes the members of the body who
    have an account and hold a seat on the meeting's day, puts the free topics (one per line) and the chosen
    projects on the agenda, and sends the invitations with their .ics (not for a session already held)."""
    day = timezone.localdate(data["starts_at"])
    users = [m.membership.user for m in current_members(body, day) if m.membership_id and m.membership.is_active]
    if not users:
        raise GovernanceRefused(
            "Aucun membre de l'instance n'a de compte à convoquer à cette date : ajoutez d'abord des membres."
        )
    if data["ends_at"] <= data["starts_at"]:
        raise GovernanceRefused("La fin de la réunion doit suivre son début.")
    meeting = meetings.meeting_create(
        council=body.council, actor=actor, data={**data, "body": MEETING_BODY[body.kind]}, convened=users
    )
    body_meeting = BodyMeeting.objects.create(body=body, meeting=meeting)
    for project in projects:
        meetings.topic_add(
            meeting=meeting, actor=actor, topic=f"Groupe-projet « {project.name} »",
            topic_details=f"{project.theme} — état : {project.get_status_display()}",
        )  # fmt: skip
    for line in topics.splitlines():
        if line.strip():
            meetings.topic_add(meeting=meeting, actor=actor, topic=line.strip()[:200])
    if not meetings.is_held(meeting):
        meetings.invitations_send(meeting=meeting, actor=actor)
    record_event(council=body.council, actor=actor, verb="governance_meeting_convened", target=body, meeting=meeting.pk)
    return body_meeting


@transaction.atomic
def meeting_attach(*, body: CouncilBody, meeting, actor) -> BodyMeeting:
    """A meeting already planned through the meetings app becomes a meeting of this body (same council, same kind
    of body, not already attached)."""
    if meeting.council_id != body.council_id or meeting.body != MEETING_BODY[body.kind]:
        raise GovernanceRefused("Cette réunion n'est pas une réunion de cette instance.")
    if BodyMeeting.objects.filter(meeting=meeting).exists():
        raise GovernanceRefused("Cette réunion est déjà rattachée à une instance.")
    body_meeting = BodyMeeting.objects.create(body=body, meeting=meeting)
    record_event(council=body.council, actor=actor, verb="governance_meeting_attached", target=body, meeting=meeting.pk)
    return body_meeting


def attendance_members(body_meeting: BodyMeeting) -> list[BodyMember]:
    """The body's seats on the meeting's day that the sheet offers: a council member invited to the meeting, or a
    contact of the directory (recorded on the governance side)."""
    meeting = body_meeting.meeting
    invited = set(meeting.invitations.values_list("user_id", flat=True))
    members = current_members(body_meeting.body, timezone.localdate(meeting.starts_at))
    return [m for m in members if m.contact_id or m.membership.user_id in invited]


def member_statuses(body_meeting: BodyMeeting, members: list[BodyMember]) -> dict[int, str]:
    """{seat id: attendance status} as recorded (meetings' attendance for accounts, ours for contacts)."""
    by_user = dict(body_meeting.meeting.attendances.values_list("user_id", "status"))
    replacing = set(body_meeting.meeting.attendances.exclude(replaced_by=None).values_list("replaced_by_id", flat=True))
    by_contact = dict(body_meeting.contact_attendances.values_list("member_id", "status"))
    statuses = {}
    for member in members:
        if member.membership_id:
            status = by_user.get(member.membership.user_id)
            if status is None and member.membership.user_id in replacing:
                status = AttendanceStatus.PRESENT
        else:
            status = by_contact.get(member.pk)
        if status:
            statuses[member.pk] = status
    return statuses


@dataclass(frozen=True)
class Quorum:
    voting: int  # voting members on the sheet
    present: int  # voting members present (or replaced by a substitute)
    required: int  # 0: the body has no quorum rule

    @property
    def reached(self) -> bool:
        return self.present >= self.required

    @property
    def label(self) -> str:
        if not self.required:
            plural = "s" if self.present > 1 else ""
            return f"Aucun quorum requis ({self.present} membre{plural} votant{plural} présent{plural})"
        state = "Quorum atteint" if self.reached else "Quorum non atteint"
        return f"{state} ({self.present}/{self.required})"


def quorum(body_meeting: BodyMeeting) -> Quorum:
    body = body_meeting.body
    members = [m for m in attendance_members(body_meeting) if m.votes]
    statuses = member_statuses(body_meeting, members)
    present = sum(1 for m in members if statuses.get(m.pk) in (AttendanceStatus.PRESENT, AttendanceStatus.REPLACED))
    if body.quorum_count is not None:
        required = body.quorum_count
    elif body.quorum_percent is not None:
        required = math.ceil(len(members) * body.quorum_percent / 100)
    else:
        required = 0
    return Quorum(voting=len(members), present=present, required=required)


@transaction.atomic
def attendance_record(*, body_meeting: BodyMeeting, actor, statuses: dict) -> int:
    """`statuses` maps a seat of the sheet to present / excused / absent: the council members' attendance goes to the
    generic meeting (meetings' attendance sheet), the contacts' to the governance side. Returns how many."""
    meeting = body_meeting.meeting
    if meeting.is_frozen:
        raise GovernanceRefused("La réunion est close : les présences ne peuvent plus changer.")
    if not statuses:
        return 0
    offered = {m.pk for m in attendance_members(body_meeting)}
    if any(member.pk not in offered for member in statuses):
        raise GovernanceRefused("Seuls les membres convoqués de l'instance figurent sur la feuille de présence.")
    users = {m.membership.user: s for m, s in statuses.items() if m.membership_id}
    if users:
        meetings.attendance_sheet_record(meeting=meeting, actor=actor, statuses=users)
    for member, status in statuses.items():
        if member.contact_id:
            ContactAttendance.objects.update_or_create(
                body_meeting=body_meeting, member=member, defaults={"status": status}
            )
    record_event(
        council=meeting.council, actor=actor, verb="governance_attendance_recorded", target=body_meeting.body,
        meeting=meeting.pk, count=len(statuses),
    )  # fmt: skip
    return len(statuses)


# -- decisions ------------------------------------------------------------------------------------------------------
@transaction.atomic
def decision_adopt(*, body_meeting: BodyMeeting, actor, data: dict) -> Decision:
    """A decision of the register, adopted in session with the quorum reached; linked to a project with a new
    status, it sets that status and writes the history row in the same transaction."""
    meeting = body_meeting.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        raise GovernanceRefused("La réunion est annulée : aucune décision ne peut y être adoptée.")
    if meeting.is_frozen:
        raise GovernanceRefused("Le relevé de la réunion est signé : aucune décision ne peut plus y être ajoutée.")
    if timezone.now() < meeting.starts_at:
        raise GovernanceRefused("La réunion n'a pas commencé : une décision s'adopte en séance.")
    count = quorum(body_meeting)
    if not count.reached:
        raise GovernanceRefused(
            f"Le quorum n'est pas atteint ({count.present} membre{'s' if count.present > 1 else ''} votant"
            f"{'s' if count.present > 1 else ''} présent{'s' if count.present > 1 else ''} pour {count.required} "
            "requis) : la décision ne peut pas être adoptée. Notez d'abord les présences."
        )
    data = dict(data)
    project, status = data.get("project"), data.get("project_status") or ""
    if status and project is None:
        raise GovernanceRefused("Choisissez le groupe-projet dont la décision change l'état.")
    if project is not None and project.council_id != meeting.council_id:
        raise GovernanceRefused("Ce groupe-projet n'appartient pas au conseil.")
    if not data.get("text", "").strip():
        raise GovernanceRefused("Rédigez le texte de la décision.")
    votes = [data.get(k) for k in ("votes_for", "votes_against", "abstentions")]
    if any(v is not None and v < 0 for v in votes):
        raise GovernanceRefused("Un nombre de voix ne peut pas être négatif.")
    cast = sum(v for v in votes if v is not None)
    if cast > count.present:
        raise GovernanceRefused(
            f"Les voix indiquées (pour, contre et abstentions : {cast}) dépassent le nombre de membres votants "
            f"présents ({count.present}) : corrigez le décompte ou notez d'abord les présences."
        )
    if not data.get("decided_on"):
        data["decided_on"] = timezone.localdate(meeting.starts_at)
    decision = Decision.objects.create(
        council=meeting.council, body_meeting=body_meeting, created_by=actor, **{**data, "project_status": status}
    )
    record_event(
        council=meeting.council, actor=actor, verb="governance_decision_adopted", target=body_meeting.body,
        decision=decision.pk, meeting=meeting.pk,
    )  # fmt: skip
    if project is not None and status:
        project_status_set(project=project, actor=actor, status=status, decision=decision)
    return decision


# -- projects -------------------------------------------------------------------------------------------------------
def _check_project(council, data: dict) -> None:
    if data.get("pilot_membership") is not None and data.get("pilot_contact") is not None:
        raise GovernanceRefused("Choisissez un seul pilote : un membre du conseil ou un contact de l'annuaire.")
    pilot = data.get("pilot_membership")
    if pilot is not None and pilot.council_id != council.pk:
        raise GovernanceRefused("Ce membre n'appartient pas au conseil.")
    contact = data.get("pilot_contact")
    if contact is not None and contact.organisation.council_id != council.pk:
        raise GovernanceRefused("Ce contact n'est pas dans l'annuaire du conseil.")
    if any(o.council_id != council.pk for o in data.get("partners") or ()):
        raise GovernanceRefused("Une structure partenaire n'appartient pas au conseil.")


@transaction.atomic
def project_create(*, council, actor, data: dict) -> ProjectGroup:
    data = dict(data)
    _check_project(council, data)
    partners = data.pop("partners", None) or []
    project = ProjectGroup.objects.create(council=council, **data)
    project.partners.set(partners)
    ProjectStatusChange.objects.create(project=project, to_status=project.status, changed_by=actor)
    record_event(council=council, actor=actor, verb="governance_project_created", target=project)
    return project


@transaction.atomic
def project_update(*, project: ProjectGroup, actor, data: dict, expected_version: int) -> None:
    """Everything but the status, which changes through `project_status_set` (its history)."""
    data = dict(data)
    data.pop("status", None)
    _check_project(project.council, data)
    partners = data.pop("partners", None)
    for field, value in data.items():
        setattr(project, field, value)
    save_versioned(project, expected_version=expected_version, update_fields=[*data, "updated_at"])
    if partners is not None:
        project.partners.set(partners)
    record_event(council=project.council, actor=actor, verb="governance_project_updated", target=project)


@transaction.atomic
def project_status_set(*, project: ProjectGroup, actor, status: str, decision: Decision | None = None) -> bool:
    """Moves the project to `status` and writes the history row (who, when, from → to, the decision if any).
    Returns False when the project already had that status (nothing written)."""
    if status not in ProjectStatus.values:
        raise GovernanceRefused("Choisissez un état du groupe-projet.")
    locked = ProjectGroup.objects.select_for_update(of=("self",)).get(pk=project.pk)
    if locked.status == status:
        return False
    ProjectStatusChange.objects.create(
        project=locked, from_status=locked.status, to_status=status, changed_by=actor, decision=decision
    )
    ProjectGroup.objects.filter(pk=locked.pk).update(status=status, updated_at=timezone.now())
    project.status = status
    record_event(
        council=locked.council, actor=actor, verb="governance_project_status", target=locked,
        from_status=locked.status, to_status=status, decision=decision.pk if decision else None,
    )  # fmt: skip
    return True


@transaction.atomic
def action_add(*, project: ProjectGroup, actor, data: dict) -> ProjectAction:
    action = ProjectAction.objects.create(project=project, **data)
    record_event(council=project.council, actor=actor, verb="governance_action_added", target=project, action=action.pk)
    return action


@transaction.atomic
def action_toggle_done(*, action: ProjectAction, actor) -> bool:
    """Done today, or back to do; returns whether the action is now done."""
    action.done_on = None if action.done_on else timezone.localdate()
    action.save(update_fields=["done_on"])
    verb = "governance_action_done" if action.done_on else "governance_action_reopened"
    record_event(council=action.project.council, actor=actor, verb=verb, target=action.project, action=action.pk)
    return action.done_on is not None


def decisions_export_record(*, council, actor, rows: int) -> None:
    record_event(council=council, actor=actor, verb="governance_decisions_exported", rows=rows)


def projects_export_record(*, council, actor, rows: int, kind: str) -> None:
    record_event(council=council, actor=actor, verb="governance_projects_exported", rows=rows, format=kind)
