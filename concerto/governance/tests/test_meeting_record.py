"""A meeting held by a body, seen from the generic meeting: its page names the body (with a link to the body's
meeting page for whoever may open it) and lists the decisions of the register adopted there; the signed record lists
them with their project, the status set and the votes. Only the meeting's invitees read them, as for free topics.
The bureau meets as its own body; vote counts cannot exceed the voting members present."""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from concerto.accounts.enums import Role
from concerto.core.typography import french_spaces as fr
from concerto.factories import ContactFactory, CouncilFactory, OrganisationFactory
from concerto.governance import services
from concerto.governance.enums import BodyKind, MemberFunction, ProjectStatus
from concerto.governance.models import BodyMeeting, Decision
from concerto.governance.tests.factories import convene, make_body, make_project, seat
from concerto.meetings import pdf as meetings_pdf
from concerto.meetings import services as meetings
from concerto.meetings.disclosure import meeting_sections
from concerto.meetings.enums import AttendanceStatus, Body
from concerto.meetings.models import MeetingInvitation
from concerto.situations.policy import Reader

pytestmark = pytest.mark.django_db
APOS = "&#x27;"
DECISION = "Lancer le groupe logement d'abord."


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", " ")


def _page(client, user, meeting) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    return response.status_code, response.content.decode().replace(APOS, "'")


@pytest.fixture
def w(member_factory):
    council = CouncilFactory()
    org = OrganisationFactory(council=council, name="GEM Les Amis")
    world = SimpleNamespace(
        council=council,
        coordinator=member_factory(council, Role.COORDINATOR),
        president=member_factory(council, Role.GOVERNANCE_MEMBER),
        treasurer=member_factory(council, Role.GOVERNANCE_MEMBER),
        reader=member_factory(council, Role.GOVERNANCE_MEMBER),  # reads all governance, not invited to the meeting
        guest=member_factory(council, Role.PARTNER),  # invited to the meeting, no seat in the body
        one_item=member_factory(council, Role.PARTNER),  # invited for one agenda item only
    )
    body = make_body(council, name="Comité de pilotage du CLSM", quorum_count=3)
    seat(body, membership=world.president, function=MemberFunction.PRESIDENT)
    seat(body, membership=world.treasurer, function=MemberFunction.TREASURER)
    contact = seat(body, contact=ContactFactory(organisation=org, name="Marie Unafam"))
    world.body = body
    world.project = make_project(council, name="Logement d'abord", status=ProjectStatus.FUTURE)
    world.body_meeting = convene(body, world.coordinator.user)
    meeting = world.meeting = world.body_meeting.meeting
    item = meetings.topic_add(meeting=meeting, actor=world.coordinator.user, topic="Questions diverses")
    MeetingInvitation.objects.create(meeting=meeting, user=world.guest.user)
    world.item = item
    present = {m: AttendanceStatus.PRESENT for m in services.attendance_members(world.body_meeting)}
    assert contact in present
    services.attendance_record(body_meeting=world.body_meeting, actor=world.coordinator.user, statuses=present)
    return world


def _invite_for_one_item(w) -> None:
    """As an actor is invited for one situation (here on a topic, the page's rendering aside)."""
    MeetingInvitation.objects.create(
        meeting=w.meeting, user=w.one_item.user, item=w.item, access_until=timezone.localdate() + timedelta(days=30)
    )


def _adopt(w, **votes) -> Decision:
    return services.decision_adopt(
        body_meeting=w.body_meeting, actor=w.coordinator.user,
        data={"text": DECISION, "project": w.project, "project_status": ProjectStatus.IN_PROGRESS, **votes},
    )  # fmt: skip


def test_the_meeting_page_shows_the_body_and_the_decisions_to_its_invitees(client, w):
    _adopt(w, votes_for=2, votes_against=0, abstentions=1)
    link = reverse("governance:meeting", args=[w.meeting.pk])
    for member in (w.coordinator, w.president):
        status, page = _page(client, member.user, w.meeting)
        assert status == 200
        assert "Comité de pilotage du CLSM" in page and f'href="{link}"' in page
        assert DECISION in page and "Logement d'abord" in page and "En cours" in page
        assert fr("pour : 2, contre : 0, abstentions : 1") in page
    # Invited without a seat in the body: the decisions, but no link to a body page they may not open.
    status, page = _page(client, w.guest.user, w.meeting)
    assert status == 200 and DECISION in page and "Comité de pilotage du CLSM" in page and link not in page
    assert client.get(link).status_code == 404
    # Invited for one agenda item only (an actor for a situation): neither the body's section nor its decisions.
    _invite_for_one_item(w)
    assert meeting_sections(Reader.of(w.one_item), w.meeting) == []
    assert [s["body"] for s in meeting_sections(Reader.of(w.guest), w.meeting)] == [w.body]
    # Not invited (even a member of the bodies who reads the register): no meeting page.
    assert _page(client, w.reader.user, w.meeting)[0] == 404


def test_a_meeting_without_decision_says_so_and_a_cell_meeting_has_no_section(client, w):
    status, page = _page(client, w.coordinator.user, w.meeting)
    assert "Aucune décision du registre n'a été adoptée à cette réunion." in page
    other = meetings.meeting_create(
        council=w.council, actor=w.coordinator.user, convened=[w.president.user],
        data={"body": Body.PLENARY, "starts_at": w.meeting.starts_at, "ends_at": w.meeting.ends_at},
    )  # fmt: skip
    status, page = _page(client, w.coordinator.user, other)
    assert status == 200 and "Décisions adoptées à cette réunion" not in page


def test_the_signed_record_lists_the_decisions(client, w, run_on_commit):
    _adopt(w, votes_for=2, votes_against=0, abstentions=1)
    services.decision_adopt(
        body_meeting=w.body_meeting, actor=w.coordinator.user, data={"text": "Tenir la SISM en octobre."}
    )
    client.force_login(w.coordinator.user)
    assert client.post(reverse("meetings:sign_off", args=[w.meeting.pk])).status_code == 302
    w.meeting.refresh_from_db()
    with w.meeting.record_pdf.open("rb") as stored:
        archive = _pdf_text(stored.read())
    assert "Décisions du registre — Comité de pilotage du CLSM" in archive
    for text in (DECISION, "Logement d'abord — état : En cours", "pour : 2, contre : 0, abstentions : 1",
                 "Tenir la SISM en octobre."):  # fmt: skip
        assert text in archive.replace("\u202f", " ").replace("\u2019", "'"), text
    # The president's own copy carries them too; the copy of an actor invited for one item does not.
    client.force_login(w.president.user)
    copy = _pdf_text(client.get(reverse("meetings:record", args=[w.meeting.pk])).content)
    assert DECISION in copy.replace("\u2019", "'")
    _invite_for_one_item(w)
    assert DECISION not in _pdf_text(meetings_pdf.record_pdf(w.meeting, Reader.of(w.one_item))).replace("\u2019", "'")


def test_votes_beyond_the_voting_members_present_are_refused_and_write_nothing(client, w):
    client.force_login(w.coordinator.user)
    url = reverse("governance:decision_add", args=[w.meeting.pk])
    data = {"text": DECISION, "project": w.project.pk, "project_status": ProjectStatus.IN_PROGRESS}
    response = client.post(url, {**data, "votes_for": 3, "votes_against": 1, "abstentions": 0})
    assert response.status_code == 200
    assert fr(
        "Les voix indiquées (pour, contre et abstentions : 4) dépassent le nombre de membres votants présents (3)"
    ) in response.content.decode().replace(APOS, "'")
    assert not Decision.objects.exists()
    w.project.refresh_from_db()
    assert w.project.status == ProjectStatus.FUTURE and not w.project.status_changes.exists()
    # Exactly the members present, or only some counts given: adopted.
    assert client.post(url, {**data, "votes_for": 2, "abstentions": 1}).status_code == 302
    assert Decision.objects.get().votes_against is None


def test_the_bureau_meets_as_its_own_body(client, w):
    bureau = make_body(w.council, kind=BodyKind.BUREAU, name="Bureau de l'association")
    seat(bureau, membership=w.president, function=MemberFunction.PRESIDENT)
    body_meeting = convene(bureau, w.coordinator.user, hours_ago=-48)
    assert body_meeting.meeting.body == Body.BUREAU
    assert isinstance(body_meeting, BodyMeeting)
    client.force_login(w.coordinator.user)
    listing = client.get(reverse("meetings:list"), {"body": Body.BUREAU})
    assert [m.get_body_display() for m in listing.context["upcoming"]] == ["Bureau"]
    assert "<td>Bureau</td>" in listing.content.decode()
    status, page = _page(client, w.coordinator.user, body_meeting.meeting)
    assert status == 200 and "Bureau de l'association" in page
