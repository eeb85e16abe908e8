"""Access helpers of the governance app: the ONLY way views load bodies, their meetings, decisions and projects.

Who sees what:
- the coordinator: everything of the council, and manages it;
- a member of the bodies (role GOVERNANCE_MEMBER): reads every body, meeting of a body, decision and project of the
  council;
- any other member (partner, cell member…): what concerns them — the bodies where they hold (or held) a seat with
  their decisions, and the projects they pilot or their organisation is a partner of, with their decisions.
An object of another council, or outside the reader's scope: 404 (existence does not leak).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from concerto.accounts.enums import Role
from concerto.governance.models import BodyMeeting, CouncilBody, Decision, ProjectGroup

COORDINATOR, READER, CONCERNED = "coordinator", "reader", "concerned"


@dataclass(frozen=True)
class GovernanceAccess:
    council: object
    user: object
    membership: object
    standing: str

    @property
    def can_manage(self) -> bool:
        return self.standing == COORDINATOR

    @property
    def reads_all(self) -> bool:
        return self.standing in (COORDINATOR, READER)


def governance_access(reader) -> GovernanceAccess:
    role = reader.membership.role
    standing = COORDINATOR if role == Role.COORDINATOR else READER if role == Role.GOVERNANCE_MEMBER else CONCERNED
    return GovernanceAccess(reader.council, reader.user, reader.membership, standing)


def bodies_for(access: GovernanceAccess) -> QuerySet:
    bodies = CouncilBody.objects.filter(council=access.council)
    if access.reads_all:
        return bodies
    return bodies.filter(pk__in=_seated_bodies(access))


def _seated_bodies(access: GovernanceAccess) -> QuerySet:
    from concerto.governance.models import BodyMember

    return BodyMember.objects.filter(membership=access.membership).values("body_id")


def body_for(access: GovernanceAccess, pk: int) -> CouncilBody:
    return get_object_or_404(bodies_for(access), pk=pk)


def body_meeting_for(access: GovernanceAccess, meeting_pk: int) -> BodyMeeting:
    """The meeting of a body (by the generic meeting's id) when the reader sees the body."""
    meetings = BodyMeeting.objects.filter(body__in=bodies_for(access)).select_related("body", "meeting")
    return get_object_or_404(meetings, meeting_id=meeting_pk)


def projects_for(access: GovernanceAccess) -> QuerySet:
    projects = ProjectGroup.objects.filter(council=access.council)
    if access.reads_all:
        return projects
    concerns = Q(pilot_membership=access.membership)
    if access.membership.organisation_id:
        concerns |= Q(partners=access.membership.organisation_id)
    return projects.filter(pk__in=projects.filter(concerns).values("pk"))


def project_for(access: GovernanceAccess, pk: int) -> ProjectGroup:
    return get_object_or_404(projects_for(access), pk=pk)


def decisions_for(access: GovernanceAccess) -> QuerySet:
    decisions = Decision.objects.filter(council=access.council)
    if access.reads_all:
        return decisions
    return decisions.filter(
        Q(body_meeting__body__in=bodies_for(access).values("pk")) | Q(project__in=projects_for(access).values("pk"))
    )


def shows_governance(reader) -> bool:
    """Whether the reader has something to read in the governance pages (the header's entries)."""
    if getattr(reader, "membership", None) is None:
        return False
    access = governance_access(reader)
    return access.reads_all or bodies_for(access).exists() or projects_for(access).exists()
