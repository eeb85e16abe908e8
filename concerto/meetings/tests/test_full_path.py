"""A situation from alert to closure through two cell sessions, in frozen time, over HTTP."""

import datetime
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core.scheduling import enqueue_due
from concerto.core.utils import add_months
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings.models import AgendaItem, Meeting, WorkingNote
from concerto.plans.enums import OPEN_STATUSES
from concerto.situations.models import Alert, Situation
from concerto.situations.tests.factories import CellFactory

pytestmark = pytest.mark.django_db(transaction=True)
PARIS = datetime.timezone(datetime.timedelta(hours=1))
T0 = datetime.datetime(2027, 1, 11, 9, 0, tzinfo=PARIS)


def at(days: int, hour: int = 9) -> datetime.datetime:
    return (T0 + datetime.timedelta(days=days)).replace(hour=hour)


def _scan(outbox):
    for message in outbox:
        for text in (message.subject, message.body, *[str(a[0]) for a in message.attachments]):
            assert "Bernard" not in text and "Roger" not in text, text


def login(client, membership):
    client.force_login(membership.user)  # again after each jump in time: idle sessions expire
    return client


def test_alert_to_closure_through_two_sessions(client, caplog, database_queue):
    caplog.set_level("DEBUG")
    council = CouncilFactory(code="VAL")
    cell = CellFactory(council=council)
    commune = council.communes.first()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    psychiatrist = MembershipFactory(
        council=council,
        role=Role.CELL_MEMBER,
        profession=Profession.HEALTH,
        organisation=OrganisationFactory(council=council, name="CMP"),
    )
    CellMember.objects.create(cell=cell, membership=psychiatrist)
    social_worker = MembershipFactory(
        council=council,
        role=Role.PARTNER,
        profession=Profession.SOCIAL,
        organisation=OrganisationFactory(council=council, name="CCAS"),
    )
    mandataire = MembershipFactory(
        council=council,
        role=Role.PARTNER,
        profession=Profession.SOCIAL,
        organisation=OrganisationFactory(council=council, name="ATMP"),
    )

    # 1. The social worker sends a nominative alert; the coordinator accepts it.
    with time_machine.travel(at(0), tick=False):
        login(client, social_worker).post(
            reverse("situations:alert_create"),
            {
                "referrer_name": "Nadia", "referrer_organisation": social_worker.organisation.pk, "referrer_role": "AS",
                "referrer_email": social_worker.user.email, "person_mode": "nominative", "initials": "R. B.",
                "last_name": "Bernard", "first_name": "Roger", "commune": commune.pk, "legal_protection": "curatorship",
                "problems": ["hoarding", "unpaid_rent"], "facts": "Encombrement, dette.", "person_informed": "yes",
                "person_agrees": "yes", "urgency": "medium", "age_band": "60_74", "action": "submit",
            },
        )  # fmt: skip
        alert = Alert.objects.get()
        login(client, coordinator).post(
            reverse("situations:alert_qualify", args=[alert.pk]), {"decision": "accept", "cell": cell.pk}
        )
        situation = Situation.objects.get()
        assert situation.code == "VAL-2027-001" and situation.identity.last_name == "Bernard"

    # 2. First session on day 20: agenda, invited actor (the mandataire), invitations with iCalendar.
    with time_machine.travel(at(1), tick=False):
        client = login(client, coordinator)
        client.post(
            reverse("meetings:create"),
            {
                "cell": cell.pk,
                "starts_at": at(20, 14).strftime("%Y-%m-%dT%H:%M"),
                "ends_at": at(20, 16).strftime("%Y-%m-%dT%H:%M"),
            },
        )
        first = Meeting.objects.get()
        client.post(reverse("meetings:agenda_add", args=[first.pk]), {"situation": situation.pk, "kind": "new"})
        item = AgendaItem.objects.get(meeting=first)
        client.post(reverse("meetings:invite_actor", args=[first.pk]), {"item": item.pk, "user": mandataire.user.pk})
        _scan(mail.outbox)
        mail.outbox.clear()
        client.post(reverse("meetings:send", args=[first.pk]))
        assert sorted(m.to[0] for m in mail.outbox) == sorted([psychiatrist.user.email, mandataire.user.email])
        assert all("Bernard" not in m.body and m.attachments for m in mail.outbox)
        # The invited actor can open the situation from now on, and only that one.
        assert login(client, mandataire).get(reverse("situations:detail", args=[situation.code])).status_code == 200

    # 3. During the session: working notes, decisions, an action; sign-off destroys the notes and sends the PDF.
    with time_machine.travel(at(20, 15), tick=False):
        client = login(client, coordinator)
        mode = reverse("meetings:mode", args=[first.pk])
        client.post(
            mode, {"item": item.pk, "form": "note", f"note-{item.pk}-text": "M. Bernard refuse l'aide ménagère"}
        )
        client.post(
            mode,
            {
                "item": item.pk,
                "form": "record",
                f"item-{item.pk}-decisions": "Visite conjointe CMP et bailleur.",
                f"item-{item.pk}-version": 1,
            },
        )
        client.post(mode, {
            "item": item.pk, "form": "action", f"action-{item.pk}-text": "Visite conjointe",
            f"action-{item.pk}-owner_organisation": psychiatrist.organisation.pk, f"action-{item.pk}-owner_user": psychiatrist.user.pk,
            f"action-{item.pk}-due_on": at(30).date().isoformat(),
        })  # fmt: skip
        client.post(
            reverse("meetings:attendance", args=[first.pk]), {"user": psychiatrist.user.pk, "status": "present"}
        )
        client.post(reverse("meetings:sign_off", args=[first.pk]))
        first.refresh_from_db()
        assert first.status == "signed_off" and not WorkingNote.objects.exists()
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(first.record_pdf.read())).pages)
        assert situation.code in text and "Bernard" not in text and "Roger" not in text

    # 4. The invited actor's window closes 7 days after the session.
    with time_machine.travel(at(27), tick=False):
        assert login(client, mandataire).get(reverse("situations:detail", args=[situation.code])).status_code == 200
    with time_machine.travel(at(28), tick=False):
        assert login(client, mandataire).get(reverse("situations:detail", args=[situation.code])).status_code == 404

    # 5. Reminders: one digest on day 28 (due on day 30), not twice the same day, through the real queue.
    with time_machine.travel(at(28, 7), tick=False), database_queue:
        _scan(mail.outbox)
        mail.outbox.clear()
        enqueue_due()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        enqueue_due()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        assert [m.to for m in mail.outbox] == [[psychiatrist.user.email]]

    # 6. Second session at M+3 after the first one: the review is proposed automatically.
    with time_machine.travel(at(100), tick=False):
        client = login(client, coordinator)
        client.post(
            reverse("meetings:create"),
            {
                "cell": cell.pk,
                "starts_at": at(115, 14).strftime("%Y-%m-%dT%H:%M"),
                "ends_at": at(115, 16).strftime("%Y-%m-%dT%H:%M"),
            },
        )
        second = Meeting.objects.exclude(pk=first.pk).get()
        assert list(second.items.values_list("situation", "kind")) == [(situation.pk, "review")]
    with time_machine.travel(at(115, 16), tick=False):
        client = login(client, coordinator)
        client.post(reverse("meetings:sign_off", args=[second.pk]))

    # 7. Closure, the referrer told; reopening with a reason.
    with time_machine.travel(at(120), tick=False):
        client = login(client, coordinator)
        _scan(mail.outbox)
        mail.outbox.clear()
        # Each open action is decided at closure (here cancelled), on the travelled day.
        decisions = {
            f"action_{pk}": "cancel"
            for pk in situation.actions.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True)
        }
        closure = {"reason": "maintained", "closed_on": at(120).date().isoformat(), **decisions}
        client.post(reverse("situations:close", args=[situation.code]), closure)
        situation.refresh_from_db()
        # Closed on the travelled day (T0 + 120 days), watched six months from then.
        assert situation.status == "closed" and situation.watch_until == add_months(at(120).date(), 6)
        assert mail.outbox[0].to == [social_worker.user.email] and "Bernard" not in mail.outbox[0].body
        client.post(reverse("situations:close", args=[situation.code]), {"reason": "worsened"})
        situation.refresh_from_db()
        assert situation.status == "followed"
        timeline = client.get(reverse("situations:timeline", args=[situation.code])).content.decode()
        assert re.search("Situation rouverte", timeline) and "Situation clôturée" in timeline

    # 8. No person data leaked into the logs, e-mail subjects, attachments' names or URLs along the whole path.
    for record in caplog.records:
        message = record.getMessage()
        assert "Bernard" not in message and "Roger" not in message, message
    for message in mail.outbox:
        assert "Bernard" not in message.subject
        for attachment in message.attachments:
            assert "Bernard" not in attachment[0]
