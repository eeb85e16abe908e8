"""The coordinator's lists: sorted by their headers, counted, exported as XLSX (the filtered rows, never an identity,
refused to the other members, recorded in the journal), and the situation list's follow-up columns shown only to
readers who see the participants class of information."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.enums import Profession, Role
from concerto.core.events import record_event
from concerto.core.models import Event
from concerto.directory.enums import OrganisationType
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings.enums import AttendanceStatus, Body, MeetingStatus
from concerto.meetings.models import AgendaItem, Attendance, Meeting
from concerto.situations.enums import AlertStatus, SituationStatus, Urgency
from concerto.situations.tests.factories import AlertFactory, SituationFactory, add_participant, nominative_situation

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def people(council):
    def member(role, profession, org_name=None):
        organisation = OrganisationFactory(council=council, name=org_name) if org_name else None
        return MembershipFactory(council=council, role=role, profession=profession, organisation=organisation)

    return {
        "coordinator": member(Role.COORDINATOR, Profession.ADMINISTRATIVE),
        "dpo": member(Role.DPO, Profession.ADMINISTRATIVE),
        "nurse": member(Role.PARTNER, Profession.HEALTH, "CMP Référent"),
        "cell_member": member(Role.CELL_MEMBER, Profession.SOCIAL, "CCAS"),
    }


def as_user(client, membership):
    client.force_login(membership.user)
    return client


def days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def meeting(council, offset: int, **kwargs) -> Meeting:
    starts = timezone.now() + datetime.timedelta(days=offset)
    return Meeting.objects.create(
        council=council, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs
    )


def workbook_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.fixture
def followed(council, people):
    """Three situations: a nominative one the nurse refers (next review in 20 days, active today), and two others."""
    main = nominative_situation(council, code="SIT-B", opened_on=days(-30), status=SituationStatus.FOLLOWED)
    add_participant(main, people["nurse"], is_referent=True)
    past = meeting(council, -7, body=Body.CELL)
    AgendaItem.objects.create(meeting=past, situation=main, next_review=days(20))
    record_event(council=council, actor=None, verb="situation_updated", target=main)
    other = SituationFactory(council=council, code="SIT-A", opened_on=days(-5))
    third = SituationFactory(council=council, code="SIT-C", opened_on=days(-60), status=SituationStatus.CLOSED)
    AgendaItem.objects.create(meeting=past, situation=third, next_review=days(5))
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40), tick=False):
        record_event(council=council, actor=None, verb="situation_updated", target=third)
    return main, other, third


def codes(client, name: str, **params) -> list[str]:
    return [row.code for row in client.get(reverse(name), params).context["page"]]


def test_situation_list_sorts_on_each_header(client, people, followed):
    coordinator = as_user(client, people["coordinator"])
    assert codes(coordinator, "situations:list", tri="code") == ["SIT-A", "SIT-B", "SIT-C"]
    assert codes(coordinator, "situations:list", tri="-code") == ["SIT-C", "SIT-B", "SIT-A"]
    assert codes(coordinator, "situations:list", tri="ouverture") == ["SIT-C", "SIT-B", "SIT-A"]
    assert codes(coordinator, "situations:list", tri="statut") == [
        "SIT-C",
        "SIT-B",
        "SIT-A",
    ]  # closed, followed, to_examine
    assert codes(coordinator, "situations:list", tri="prochain_point")[:2] == ["SIT-C", "SIT-B"]
    assert codes(coordinator, "situations:list", tri="activite")[:2] == ["SIT-C", "SIT-B"]
    assert codes(coordinator, "situations:list")[0] == "SIT-A"  # the most recently opened first by default
    response = coordinator.get(reverse("situations:list"), {"tri": "code"})
    page = response.content.decode()
    assert 'aria-sort="ascending"' in page and "3 situations" in page


def test_situation_list_shows_the_follow_up_columns_only_with_the_participants_class(client, people, followed):
    main, _, _ = followed
    coordinator_page = as_user(client, people["coordinator"]).get(reverse("situations:list")).content.decode()
    assert "CMP Référent" in coordinator_page and days(20).strftime("%d/%m/%Y") in coordinator_page
    cell_member = as_user(client, people["cell_member"])
    page = cell_member.get(reverse("situations:list")).content.decode()
    assert main.code in page
    assert "CMP Référent" not in page
    assert days(20).strftime("%d/%m/%Y") not in page and days(5).strftime("%d/%m/%Y") not in page
    rows = cell_member.get(reverse("situations:list"), {"tri": "prochain_point"}).context["page"]
    assert {row.next_review for row in rows} == {None} and {row.referent for row in rows} == {None}
    assert {row.last_activity for row in rows} == {None}
    # The nurse, a participant, sees them on her situation.
    nurse_page = as_user(client, people["nurse"]).get(reverse("situations:list")).content.decode()
    assert "CMP Référent" in nurse_page and days(20).strftime("%d/%m/%Y") in nurse_page


def test_situation_export_has_the_filtered_rows_and_no_identity(client, people, followed):
    coordinator = as_user(client, people["coordinator"])
    rows = workbook_rows(coordinator.get(reverse("situations:export"), {"status": "followed"}))
    assert rows[0][0] == "Code" and [row[0] for row in rows[1:]] == ["SIT-B"]
    assert rows[1][5] == "CMP Référent" and rows[1][6].date() == days(20)
    flat = " ".join(str(value) for row in rows for value in row)
    assert "Dupont" not in flat and "Jeanne" not in flat and "J. D." not in flat
    event = Event.objects.get(verb="situations_exported")
    assert event.actor == people["coordinator"].user and event.data["rows"] == 1


@pytest.mark.parametrize("who", ["nurse", "cell_member", "dpo"])
def test_situation_export_is_the_coordinators(client, people, followed, who):
    assert as_user(client, people[who]).get(reverse("situations:export")).status_code == 403
    assert not Event.objects.filter(verb="situations_exported").exists()


@pytest.fixture
def meetings(council):
    a = meeting(council, -30, body=Body.PLENARY, status=MeetingStatus.SIGNED_OFF, place="Mairie")
    b = meeting(council, -10, body=Body.CELL, status=MeetingStatus.PLANNED, place="CCAS")
    c = meeting(council, -20, body=Body.COPIL, status=MeetingStatus.CANCELLED)
    return a, b, c


def pks(client, name: str, **params) -> list[int]:
    return [row.pk for row in client.get(reverse(name), params).context["page"]]


def test_meeting_list_sorts_on_each_header(client, people, meetings):
    a, b, c = meetings
    coordinator = as_user(client, people["coordinator"])
    assert pks(coordinator, "meetings:list") == [b.pk, c.pk, a.pk]
    assert pks(coordinator, "meetings:list", tri="date") == [a.pk, c.pk, b.pk]
    assert pks(coordinator, "meetings:list", tri="instance") == [b.pk, c.pk, a.pk]  # cell, copil, plenary
    assert pks(coordinator, "meetings:list", tri="-statut") == [a.pk, b.pk, c.pk]  # signed_off, planned, cancelled
    assert "3 réunions passées" in coordinator.get(reverse("meetings:list")).content.decode()


def test_meeting_export(client, people, meetings):
    a, b, _ = meetings
    AgendaItem.objects.create(meeting=b, situation=SituationFactory(council=b.council))
    Attendance.objects.create(meeting=b, user=people["nurse"].user, status=AttendanceStatus.PRESENT)
    Attendance.objects.create(meeting=b, user=people["cell_member"].user, status=AttendanceStatus.ABSENT)
    coordinator = as_user(client, people["coordinator"])
    rows = workbook_rows(coordinator.get(reverse("meetings:export"), {"body": "cell"}))
    assert rows[0][0] == "Date" and len(rows) == 2
    assert rows[1][1:] == ("Cellule de concertation", None, "CCAS", "Prévue", 1, 1)
    assert Event.objects.get(verb="meetings_exported").data["rows"] == 1
    assert as_user(client, people["nurse"]).get(reverse("meetings:export")).status_code == 403


@pytest.fixture
def alerts(council):
    ccas = OrganisationFactory(council=council, type=OrganisationType.CCAS, name="CCAS de la ville")
    cmp = OrganisationFactory(council=council, type=OrganisationType.CMP, name="CMP du secteur")
    now = timezone.now()
    return (
        AlertFactory(council=council, urgency=Urgency.HIGH, referrer_organisation=ccas,
                     submitted_at=now - datetime.timedelta(days=3)),
        AlertFactory(council=council, urgency=Urgency.LOW, referrer_organisation=cmp,
                     submitted_at=now - datetime.timedelta(days=1)),
        AlertFactory(council=council, urgency=Urgency.MEDIUM, referrer_organisation=ccas,
                     submitted_at=now - datetime.timedelta(days=2)),
    )  # fmt: skip


def test_alert_inbox_sorts_on_each_header(client, people, alerts):
    high, low, medium = alerts
    coordinator = as_user(client, people["coordinator"])
    assert pks(coordinator, "situations:alert_inbox") == [high.pk, medium.pk, low.pk]
    assert pks(coordinator, "situations:alert_inbox", tri="-reception") == [low.pk, medium.pk, high.pk]
    assert pks(coordinator, "situations:alert_inbox", tri="-urgence") == [high.pk, medium.pk, low.pk]
    assert pks(coordinator, "situations:alert_inbox", tri="urgence") == [low.pk, medium.pk, high.pk]
    assert pks(coordinator, "situations:alert_inbox", tri="origine") == [high.pk, medium.pk, low.pk]
    assert "3 alertes en attente" in coordinator.get(reverse("situations:alert_inbox")).content.decode()


def test_alert_export_has_the_filtered_rows_and_no_identity(client, people, alerts):
    high, _, medium = alerts
    AlertFactory(council=high.council, status=AlertStatus.DRAFT, reference=None)
    coordinator = as_user(client, people["coordinator"])
    rows = workbook_rows(coordinator.get(reverse("situations:alert_export"), {"referrer_type": "ccas"}))
    assert [row[0] for row in rows[1:]] == [high.reference, medium.reference]
    assert rows[1][3] == "CCAS de la ville" and rows[1][6] == "Urgente (dans la semaine)"
    flat = " ".join(str(value) for row in rows for value in row)
    assert "J. D." not in flat and "Nadia Ferreira" not in flat and "referente@exemple.test" not in flat
    assert Event.objects.get(verb="alerts_exported").data["rows"] == 2
    assert as_user(client, people["cell_member"]).get(reverse("situations:alert_export")).status_code == 403


def test_audit_log_filters_and_export(client, council, people, followed):
    main, _, _ = followed
    coordinator = people["coordinator"].user
    record_event(council=council, actor=coordinator, verb="identity_updated", target=main)
    record_event(council=council, actor=people["nurse"].user, verb="consent_given", target=main)
    dpo = as_user(client, people["dpo"])
    page = dpo.get(reverse("audit_log"), {"verb": "identity_updated"})
    assert [row["label"] for row in page.context["rows"]] == ["Identité modifiée"]
    assert "1 action" in page.content.decode()
    assert len(dpo.get(reverse("audit_log"), {"actor": people["nurse"].user.pk}).context["rows"]) == 1
    assert len(dpo.get(reverse("audit_log"), {"situation": "sit-b"}).context["rows"]) == 3
    assert len(dpo.get(reverse("audit_log"), {"until": days(-1).isoformat()}).context["rows"]) == 1
    rows = workbook_rows(dpo.get(reverse("audit_log_export"), {"situation": "SIT-B", "verb": "consent_given"}))
    assert rows[0] == ("Date", "Action", "Par", "Objet")
    assert rows[1][1:] == ("Accord enregistré", str(people["nurse"].user), "Situation SIT-B") and len(rows) == 2
    assert "Dupont" not in " ".join(str(value) for row in rows for value in row)
    assert Event.objects.get(verb="audit_log_exported").actor == people["dpo"].user
    assert as_user(client, people["coordinator"]).get(reverse("audit_log_export")).status_code == 200
    for who in ("nurse", "cell_member"):
        assert as_user(client, people[who]).get(reverse("audit_log_export")).status_code == 403
