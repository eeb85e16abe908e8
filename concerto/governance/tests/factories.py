"""Test helpers of the governance app: a body with its seats, a meeting of that body, a project; and the matrix
world's governance (a COPIL where the world's governance member presides and the world's partner sits, a contact of
the directory as a third voting member, a meeting held an hour ago, a project piloted by the partner)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from concerto.governance import services
from concerto.governance.enums import BodyKind, MemberFunction, ProjectStatus
from concerto.governance.models import BodyMember, CouncilBody, ProjectGroup


def make_body(council, *, kind=BodyKind.COPIL, name="Comité de pilotage", **kwargs) -> CouncilBody:
    return CouncilBody.objects.create(
        council=council, kind=kind, name=name, mandate="Fixe les axes de travail.", **kwargs
    )


def seat(body, *, membership=None, contact=None, function=MemberFunction.MEMBER, starts_on=None, ends_on=None):
    return BodyMember.objects.create(
        body=body, membership=membership, contact=contact, function=function,
        starts_on=starts_on or timezone.localdate() - timedelta(days=365), ends_on=ends_on,
    )  # fmt: skip


def convene(body, actor, *, hours_ago: int = 1):
    """A meeting of the body that started `hours_ago` hours ago (negative: in the future)."""
    start = timezone.now() - timedelta(hours=hours_ago)
    return services.body_convene(
        body=body, actor=actor, data={"starts_at": start, "ends_at": start + timedelta(hours=2), "place": "Mairie"}
    )


def make_project(council, *, name="Logement d'abord", status=ProjectStatus.IN_PROGRESS, **kwargs) -> ProjectGroup:
    return ProjectGroup.objects.create(
        council=council, name=name, theme=kwargs.pop("theme", "Logement"), target_population="Adultes",
        status=status, **kwargs,
    )  # fmt: skip


def governance_world(w):
    if getattr(w, "governance", None) is not None:
        return w.governance
    from types import SimpleNamespace

    from concerto.accounts.enums import Role

    coordinator = w.memberships[Role.COORDINATOR]
    governor = w.memberships[Role.GOVERNANCE_MEMBER]
    partner = w.memberships[Role.PARTNER]
    body = make_body(w.council, quorum_count=2)
    president = seat(body, membership=governor, function=MemberFunction.PRESIDENT)
    seat(body, membership=partner)
    contact_seat = seat(body, contact=w.contact)
    body_meeting = convene(body, coordinator.user)
    project = make_project(w.council, pilot_membership=partner)
    action = project.actions.create(text="Recenser les bailleurs", owner="Coordination")
    w.governance = SimpleNamespace(
        body=body, president=president, contact_seat=contact_seat, body_meeting=body_meeting,
        meeting=body_meeting.meeting, project=project, action=action,
    )  # fmt: skip
    return w.governance
