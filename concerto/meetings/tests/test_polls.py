import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from concerto.accounts.enums import Profession, Role
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.meetings.models import Meeting, PollAnswer
from concerto.situations.tests.factories import CellFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_on_commit(run_on_commit):
    """E-mails are sent on commit: each request of the test client runs its on-commit callbacks."""


def test_extraordinary_session_from_proposed_slots(client):
    council = CouncilFactory()
    cell = CellFactory(council=council, name="Cellule Nord")
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    members = [
        MembershipFactory(council=council, role=Role.CELL_MEMBER, profession=Profession.HEALTH) for _ in range(2)
    ]
    for member in members:
        CellMember.objects.create(cell=cell, membership=member)
    client.force_login(coordinator.user)
    first = timezone.localtime() + datetime.timedelta(days=4)
    second = first + datetime.timedelta(days=1)
    response = client.post(
        reverse("meetings:poll_new"),
        {"cell": cell.pk, "place": "Mairie", "duration": 90, "slot_0": first.strftime("%Y-%m-%dT%H:%M"),
         "slot_1": second.strftime("%Y-%m-%dT%H:%M")},
    )  # fmt: skip
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in members)
    links = [re.search(r"http://testserver(/reunions/disponibilites/[^/\s]+/)", m.body).group(1) for m in mail.outbox]
    client.logout()
    poll_slots = None
    for link, answer in zip(links, ("yes", "maybe"), strict=True):
        page = client.get(link)
        assert page.status_code == 200
        poll_slots = [row["slot"] for row in page.context["rows"]]
        client.post(link, {f"slot-{poll_slots[0].pk}": "no", f"slot-{poll_slots[1].pk}": answer})
    assert PollAnswer.objects.count() == 4
    client.force_login(coordinator.user)
    detail = client.get(response["Location"])
    totals = {slot.pk: (slot.yes, slot.maybe, slot.no) for slot in detail.context["slots"]}
    assert totals[poll_slots[1].pk] == (1, 1, 0) and totals[poll_slots[0].pk] == (0, 0, 2)
    mail.outbox.clear()
    client.post(reverse("meetings:poll_choose", args=[detail.context["poll"].pk, poll_slots[1].pk]))
    meeting = Meeting.objects.get()
    assert meeting.extraordinary and meeting.starts_at == poll_slots[1].starts_at
    assert len(mail.outbox) == 2
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert calendar["METHOD"] == "REQUEST"
    client.logout()
    assert client.get(links[0]).status_code == 404  # the poll is closed
