"""The demo council's governance: the bodies of the seed (COPIL with the GEM and UNAFAM, Bureau, plenary), twelve
project groups, a signed COPIL whose decisions changed two projects' status, the next COPIL planned."""

import pytest
from django.utils import timezone

from concerto.councils.models import Council
from concerto.demo.services import load_demo
from concerto.governance.enums import BodyKind, ProjectStatus
from concerto.governance.models import CouncilBody, Decision, ProjectGroup, ProjectStatusChange
from concerto.meetings.enums import MeetingStatus

pytestmark = pytest.mark.django_db


def test_demo_governance():
    load_demo()
    council = Council.objects.get(code="VAL")
    bodies = {b.kind: b for b in CouncilBody.objects.filter(council=council)}
    assert set(bodies) == {BodyKind.COPIL, BodyKind.BUREAU, BodyKind.PLENARY}
    copil_members = {m.organisation_name for m in bodies[BodyKind.COPIL].members.all()}
    assert {"GEM Le Phare", "UNAFAM délégation Val-de-Lys (fictive)"} <= copil_members
    projects = ProjectGroup.objects.filter(council=council)
    assert projects.count() == 12
    assert all(p.target_population and p.pilot_name and p.actions.exists() for p in projects)
    meetings = [bm.meeting for bm in bodies[BodyKind.COPIL].body_meetings.all()]
    signed = [m for m in meetings if m.status == MeetingStatus.SIGNED_OFF]
    planned = [m for m in meetings if m.status == MeetingStatus.PLANNED and m.starts_at > timezone.now()]
    assert len(signed) == 1 and len(planned) == 1
    assert Decision.objects.filter(body_meeting__meeting=signed[0]).count() == 3
    assert projects.get(name="Prévention du suicide").status == ProjectStatus.IN_PROGRESS
    assert ProjectStatusChange.objects.filter(project__council=council, decision__isnull=False).count() == 2
    load_demo()  # idempotent
    assert ProjectGroup.objects.filter(council=council).count() == 12
