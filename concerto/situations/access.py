"""Access helpers for situations: the ONLY way views load a situation, its identity or its notes.

Need-to-know (architecture invariant 3): the coordinator and active participants see the content; a cell
member who does not take part sees the code and status only; clinical content only for health and social
professionals; the identity only in nominative mode, with the person's agreement covering the participant's
organisation, and after the charter of the cell has been signed. An objection or a withdrawal leaves
nominative and clinical content to the coordinator alone. Outside scope: 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from concerto.accounts.enums import CLINICAL_PROFESSIONS, Role
from concerto.core.events import log_access
from concerto.situations.enums import CLINICAL_PROBLEMS, ConsentKind, PersonMode, Visibility
from concerto.situations.models import ConsentRecord, Identity, JournalNote, Participant, Situation

LIST_ROLES = {Role.COORDINATOR, Role.CELL_MEMBER}


def active_participations(user, today=None) -> QuerySet:
    today = today or timezone.localdate()
    return Participant.objects.filter(user=user, since__lte=today).filter(Q(until__isnull=True) | Q(until__gte=today))


def active_invitations(user, today=None) -> QuerySet:
    """Invitations of an actor for one agenda item: open from sending until `access_until`."""
    from concerto.meetings.models import MeetingInvitation

    today = today or timezone.localdate()
    return MeetingInvitation.objects.filter(
        user=user, item__isnull=False, sent_at__isnull=False, access_until__gte=today
    )


def situations_visible_to(request) -> QuerySet:
    """Coordinators and cell members list every situation of the council (code and status at least);
    anyone else only those they take part in or are invited for."""
    situations = Situation.objects.filter(council=request.council)
    if request.membership.role in LIST_ROLES:
        return situations
    return situations.filter(
        Q(pk__in=active_participations(request.user).values("situation_id"))
        | Q(pk__in=active_invitations(request.user).values("item__situation_id"))
    )


def consent_state(situation: Situation) -> tuple[bool, ConsentRecord | None]:
    """(blocked, current agreement): blocked after an objection or a withdrawal not followed by a new agreement."""
    records = [r for r in situation.consents.all() if r.kind != ConsentKind.INFORMED]
    last = records[-1] if records else None
    if last is None:
        return False, None
    if last.kind in (ConsentKind.OBJECTION, ConsentKind.WITHDRAWAL):
        return True, None
    return False, last


@dataclass(frozen=True)
class SituationAccess:
    situation: Situation
    is_coordinator: bool
    participation: Participant | None
    invited: bool
    organisation_id: int | None
    sees_content: bool
    sees_clinical: bool
    sees_identity: bool
    consent_blocked: bool
    charter_pending: bool

    @property
    def can_edit(self) -> bool:
        return self.is_coordinator

    @property
    def can_write_notes(self) -> bool:
        return self.sees_content and (self.is_coordinator or not self.consent_blocked)

    def visible_note_classes(self) -> list[str]:
        if self.is_coordinator and not self.charter_pending:
            return list(Visibility.values)
        classes = [Visibility.PARTICIPANTS] if self.sees_content else []
        if self.sees_clinical:
            classes.append(Visibility.HEALTH_SOCIAL)
        return classes

    def visible_problems(self) -> list[str]:
        codes = [row.code for row in self.situation.problem_rows.all()]
        return codes if self.sees_clinical else [c for c in codes if c not in CLINICAL_PROBLEMS]


def _charter_pending(request, situation: Situation) -> bool:
    if situation.cell is None:
        return False
    charter = situation.cell.current_charter
    return charter is not None and not charter.commitments.filter(membership=request.membership).exists()


def access_for(request, situation: Situation) -> SituationAccess:
    membership = request.membership
    is_coordinator = membership.role == Role.COORDINATOR
    participation = (
        active_participations(request.user).filter(situation=situation).select_related("organisation").first()
    )
    invited = participation is None and active_invitations(request.user).filter(item__situation=situation).exists()
    organisation_id = (
        participation.organisation_id if participation else (membership.organisation_id if invited else None)
    )
    blocked, agreement = consent_state(situation)
    charter_pending = _charter_pending(request, situation)
    sees_content = is_coordinator or participation is not None or invited
    clinical_profession = is_coordinator or membership.profession in CLINICAL_PROFESSIONS
    sees_clinical = sees_content and clinical_profession and not charter_pending and (is_coordinator or not blocked)
    in_scope = agreement is not None and (
        organisation_id is not None
        and (not agreement.scope.exists() or agreement.scope.filter(pk=organisation_id).exists())
    )
    sees_identity = (
        situation.person_mode == PersonMode.NOMINATIVE
        and not charter_pending
        and (is_coordinator or (sees_content and in_scope))
    )
    return SituationAccess(
        situation=situation,
        is_coordinator=is_coordinator,
        participation=participation,
        invited=invited,
        organisation_id=organisation_id,
        sees_content=sees_content,
        sees_clinical=sees_clinical,
        sees_identity=sees_identity,
        consent_blocked=blocked,
        charter_pending=charter_pending,
    )


def situation_for(request, code: str, *, need: str = "summary") -> SituationAccess:
    """Loads a situation by code for the current user; 404 outside their scope or below the `need`
    (summary, content, clinical, identity, edit)."""
    situation = get_object_or_404(
        situations_visible_to(request).select_related("cell", "commune", "landlord_organisation"), code=code
    )
    access = access_for(request, situation)
    allowed = {
        "summary": True,
        "content": access.sees_content,
        "clinical": access.sees_clinical,
        "identity": access.sees_identity,
        "edit": access.can_edit,
    }[need]
    if not allowed:
        raise Http404
    return access


def identity_for(request, access: SituationAccess, *, source: str) -> Identity | None:
    """The only way to read a situation's identity: checks the access and logs the read."""
    if not access.sees_identity:
        raise Http404
    identity = Identity.objects.filter(situation=access.situation).first()
    log_access(council=request.council, user=request.user, target=access.situation, scope="identity", source=source)
    return identity


def notes_for(access: SituationAccess) -> QuerySet:
    return JournalNote.objects.filter(
        situation=access.situation, visibility__in=access.visible_note_classes()
    ).select_related("author")
