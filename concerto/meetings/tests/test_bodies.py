"""Any body of the council can meet: a COPIL with free-topic items is created, convened (.ics), held and signed
off through the UI; a free topic is shown to the people convened and present, never to others."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core.typography import french_spaces as fr
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.meetings import services
from concerto.meetings.enums import Body, MeetingStatus, SubjectKind
from concerto.meetings.models import AgendaItem, Meeting, MeetingInvitation, WorkingNote
from concerto.meetings.tasks import propose_reviews
from concerto.situations.tests.factories import CellFactory, nominative_situation

pytestmark = pytest.mark.django_db

TOPICS = ("Bilan du plan d'actions 2026", "Programme des SISM")


@pytest.fixture(autouse=True)
def _run_on_commit(run_on_commit):
    """E-mails are sent on commit: each request of the test client runs its on-commit callbacks."""


@pytest.fixture
def council_people():
    council = CouncilFactory()
    people = {
        "coordinator": MembershipFactory(council=council, role=Role.COORDINATOR),
        "mayor": MembershipFactory(council=council, role=Role.GOVERNANCE_MEMBER, profession=Profession.ELECTED),
        "director": MembershipFactory(council=council, role=Role.GOVERNANCE_MEMBER, profession=Profession.HEALTH),
        "landlord": MembershipFactory(council=council, role=Role.HOUSING_MEMBER, profession=Profession.LANDLORD),
        "partner": MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.SOCIAL),
    }
    return council, people


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", " ")


def _ics_description(content) -> str:
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    return str(event.get("description"))


def _topics(meeting) -> list[str]:
    return [item.topic for item in meeting.items.all()]  # encrypted: read back, never searched


def _create(client, coordinator, **data):
    client.force_login(coordinator.user)
    start = timezone.localtime() + datetime.timedelta(days=12)
    return client.post(
        reverse("meetings:create"),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Mairie, salle du conseil",
            **data,
        },
    )


def test_copil_with_free_topics_is_convened_held_and_signed_off(client, council_people):
    council, people = council_people
    coordinator, mayor, director = people["coordinator"], people["mayor"], people["director"]
    response = _create(client, coordinator, body=Body.COPIL)
    assert response.status_code == 302
    meeting = Meeting.objects.get(council=council)
    assert (meeting.body, meeting.cell) == (Body.COPIL, None)
    # Governance members are convened by default; nobody else.
    assert set(meeting.invitations.values_list("user", flat=True)) == {mayor.user_id, director.user_id}
    for topic in TOPICS:
        response = client.post(
            reverse("meetings:topic_add", args=[meeting.pk]), {"topic": topic, "topic_details": f"Détails : {topic}"}
        )
        assert response.status_code == 302
    items = list(meeting.items.order_by("position"))
    assert [(i.subject_kind, i.situation_id, i.topic) for i in items] == [
        (SubjectKind.TOPIC, None, topic) for topic in TOPICS
    ]
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert all(topic.replace("'", "&#x27;") in page for topic in TOPICS)
    assert "Ajouter le sujet" in page and "Inviter pour cette situation" not in page

    # Convened: one e-mail per governance member, each with an .ics whose VEVENT lists the topics.
    mail.outbox.clear()
    assert client.post(reverse("meetings:send", args=[meeting.pk])).status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mayor.user.email, director.user.email])
    for message in mail.outbox:
        (attachment,) = [a for a in message.attachments if a[0] == "invitation.ics"]
        (event,) = Calendar.from_ical(attachment[1]).walk("VEVENT")
        description = str(event.get("description"))
        assert all(topic in description for topic in TOPICS), description
        assert "Comité de pilotage" in str(event.get("summary"))

    # The invited member sees the meeting and its topics; a member not convened gets 404 everywhere.
    client.force_login(mayor.user)
    assert (
        TOPICS[0].replace("'", "&#x27;") in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )
    assert TOPICS[1] in _ics_description(client.get(reverse("meetings:ics", args=[meeting.pk])).content)
    client.force_login(people["partner"].user)
    for name in ("meetings:detail", "meetings:ics"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:list")).status_code == 200

    # Held: attendance, a working note, decisions per topic, in meeting mode.
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=30), tick=False):
        client.force_login(coordinator.user)  # the session of twelve days ago has expired
        for member, status in ((mayor, "present"), (director, "excused")):
            response = client.post(
                reverse("meetings:attendance", args=[meeting.pk]), {"user": member.user_id, "status": status}
            )
            assert response.status_code == 302
        assert dict(meeting.attendances.values_list("user", "status")) == {
            mayor.user_id: "present",
            director.user_id: "excused",
        }
        mode = reverse("meetings:mode", args=[meeting.pk])
        page = client.get(mode).content.decode()
        assert "Ajouter l'action" not in page  # an action belongs to a situation
        first, second = items
        client.post(mode, {"item": first.pk, "form": "note", f"note-{first.pk}-text": "À reprendre",
                           f"note-{first.pk}-visibility": "participants"})  # fmt: skip
        assert WorkingNote.objects.filter(item=first).count() == 1
        for item, decision in ((first, "Plan reconduit"), (second, "Semaine en mars")):
            response = client.post(
                mode, {"item": item.pk, "form": "record", f"item-{item.pk}-decisions": decision,
                       f"item-{item.pk}-version": item.version},
            )  # fmt: skip
            assert response["Location"].endswith(f"#point-{item.pk}")
        assert client.post(mode, {"item": first.pk, "form": "action"}).status_code == 302
        first.refresh_from_db()
        assert first.decisions == "Plan reconduit"
        mail.outbox.clear()
        assert client.post(reverse("meetings:sign_off", args=[meeting.pk])).status_code == 302

    # Signed off: notes destroyed, the archived record and the present member's copy carry topics and decisions.
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SIGNED_OFF
    assert not WorkingNote.objects.filter(item__meeting=meeting).exists()
    with meeting.record_pdf.open("rb") as stored:
        archive = _pdf_text(stored.read())
    for text in (*TOPICS, "Plan reconduit", "Semaine en mars"):
        assert text in archive
    (record,) = [m for m in mail.outbox if any(a[0].endswith(".pdf") for a in m.attachments)]
    assert record.to == [mayor.user.email]
    copy = _pdf_text(record.attachments[0][1])
    assert TOPICS[0] in copy and "Plan reconduit" in copy
    client.force_login(director.user)
    response = client.get(reverse("meetings:record", args=[meeting.pk]))
    assert response.status_code == 200 and TOPICS[1] in _pdf_text(response.content)
    client.force_login(people["partner"].user)
    assert client.get(reverse("meetings:record", args=[meeting.pk])).status_code == 404


def test_the_cell_form_still_requires_a_cell_and_other_bodies_need_people(client, council_people):
    council, people = council_people
    response = _create(client, people["coordinator"], body=Body.CELL)
    assert response.status_code == 200
    assert fr("Choisissez la cellule : une séance de cellule en a besoin.") in response.content.decode()
    # A working group convenes nobody by default: the coordinator picks the people.
    response = _create(client, people["coordinator"], body=Body.WORKING_GROUP)
    assert response.status_code == 200
    assert "Choisissez les personnes à convoquer à cette réunion." in response.content.decode()
    assert not Meeting.objects.exists()
    response = _create(client, people["coordinator"], body=Body.WORKING_GROUP, convened=[people["partner"].user_id])
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.invitations.values_list("user", flat=True)) == [people["partner"].user_id]
    # The housing commission convenes the housing members; a cell given with another body is ignored.
    cell = CellFactory(council=council)
    assert _create(client, people["coordinator"], body=Body.HOUSING, cell=cell.pk).status_code == 302
    housing = Meeting.objects.get(body=Body.HOUSING)
    assert housing.cell is None
    assert list(housing.invitations.values_list("user", flat=True)) == [people["landlord"].user_id]


def test_a_cell_session_takes_free_topics_and_situations(client, council_people):
    council, people = council_people
    coordinator = people["coordinator"]
    cell = CellFactory(council=council)
    seat = MembershipFactory(council=council, role=Role.CELL_MEMBER, profession=Profession.HEALTH)
    CellMember.objects.create(cell=cell, membership=seat)
    situation = nominative_situation(council, cell=cell)
    assert _create(client, coordinator, cell=cell.pk).status_code == 302  # no body: a cell session, as before
    meeting = Meeting.objects.get()
    assert (meeting.body, meeting.cell) == (Body.CELL, cell)
    client.post(reverse("meetings:agenda_add", args=[meeting.pk]), {"situation": situation.pk, "kind": "new"})
    client.post(reverse("meetings:topic_add", args=[meeting.pk]), {"topic": "Questions diverses"})
    situation_item, topic_item = meeting.items.order_by("position")
    assert situation_item.situation == situation and topic_item.is_topic
    # Nobody is invited "for" a free topic: it concerns everyone convened.
    with pytest.raises(services.AgendaRefused):
        services.invite_actor(item=topic_item, user=people["partner"].user, actor=coordinator.user)
    # An empty title is refused with a message, nothing written.
    client.post(reverse("meetings:topic_add", args=[meeting.pk]), {"topic": ""})
    assert meeting.items.count() == 2
    # The cell member sees both items; the review job and sign-off skip the free topic.
    client.force_login(seat.user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert situation.code in page and "Questions diverses" in page
    assert propose_reviews.call() == 0
    # A situation item needs a situation, a free topic has none (database constraint).
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, subject_kind=SubjectKind.TOPIC, topic="x", situation=situation)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, subject_kind=SubjectKind.SITUATION)


def test_situations_cannot_go_on_the_agenda_of_another_body(client, council_people):
    council, people = council_people
    _create(client, people["coordinator"], body=Body.PLENARY)
    meeting = Meeting.objects.get()
    situation = nominative_situation(council)
    with pytest.raises(services.AgendaRefused):
        services.agenda_add(meeting=meeting, situation=situation, actor=people["coordinator"].user, kind="new",
                            priority=False)  # fmt: skip
    assert "Ajouter à l'ordre du jour" not in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


@pytest.mark.parametrize(("who", "expected"), [("coordinator", 302), ("mayor", 403), ("partner", 403), (None, 302)])
def test_topic_add_access(client, council_people, who, expected):
    council, people = council_people
    _create(client, people["coordinator"], body=Body.COPIL)
    meeting = Meeting.objects.get()
    client.logout()
    if who:
        client.force_login(people[who].user)
    response = client.post(reverse("meetings:topic_add", args=[meeting.pk]), {"topic": "Intrus"})
    assert response.status_code == expected
    if who is None:
        assert reverse("account_login") in response["Location"]
    assert ("Intrus" in _topics(meeting)) == (who == "coordinator")
    # A frozen meeting takes no new topic.
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.SIGNED_OFF)
    client.force_login(people["coordinator"].user)
    client.post(reverse("meetings:topic_add", args=[meeting.pk]), {"topic": "Trop tard"})
    assert "Trop tard" not in _topics(meeting)


def test_a_member_invited_for_one_situation_does_not_see_the_free_topics(client, council_people):
    council, people = council_people
    cell = CellFactory(council=council)
    situation = nominative_situation(council, cell=cell)
    start = timezone.now() + datetime.timedelta(days=5)
    meeting = Meeting.objects.create(council=council, cell=cell, starts_at=start, ends_at=start)
    item = AgendaItem.objects.create(meeting=meeting, situation=situation)
    AgendaItem.objects.create(meeting=meeting, subject_kind=SubjectKind.TOPIC, topic="Sujet interne")
    MeetingInvitation.objects.create(
        meeting=meeting,
        user=people["partner"].user,
        item=item,
        access_until=timezone.localdate() + datetime.timedelta(days=9),
    )
    client.force_login(people["partner"].user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Sujet interne" not in page
    assert "Sujet interne" not in _ics_description(client.get(reverse("meetings:ics", args=[meeting.pk])).content)
    assert situation.code in _ics_description(client.get(reverse("meetings:ics", args=[meeting.pk])).content)
