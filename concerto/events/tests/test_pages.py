"""The coordinator's and the members' pages over HTTP: events (create, edit, cancel, facilitators, attendance), the
questionnaire's results as an accessible SVG chart, the counts per topic and year, trainings (trainees, attendance,
certificates with their access matrix, people trained per year and organisation, XLSX) and retention."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.enums import Role
from concerto.core.models import AccessLog
from concerto.core.typography import french_spaces as fr
from concerto.events import selectors
from concerto.events.enums import Attendance, EventStatus
from concerto.events.models import Evaluation, Event, Registration, Topic, Trainee
from concerto.events.retention import REGISTRANT_DAYS, TRAINEE_YEARS, purge_events
from concerto.events.tests.factories import (
    NAME_SENTINEL,
    TRAINEE_SENTINEL,
    make_event,
    make_registration,
    make_trainee,
    make_training,
)
from concerto.factories import CouncilFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def people(council, member_factory):
    return {role: member_factory(council, role).user for role in Role}


def as_(client, user):
    client.force_login(user)
    return client


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_the_coordinator_creates_an_event_with_a_peer_expert(client, council, people):
    topic = Topic.objects.create(council=council, label="Estime de soi")
    starts = timezone.now() + timedelta(days=20)
    client = as_(client, people[Role.COORDINATOR])
    data = {
        "kind": "workshop", "topic": topic.pk, "title": "Atelier estime de soi", "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)), "venue": "Centre social", "capacity": "10",
        "registration_open": "on",
    }  # fmt: skip
    response = client.post(reverse("events:create"), data)
    event = Event.objects.get(council=council)
    assert response.url == reverse("events:detail", args=[event.pk])
    assert event.public_token and event.evaluation_token != event.public_token
    client.post(reverse("events:facilitator_add", args=[event.pk]), {"name": "Alex Pair", "peer_expert": "on"})
    refused = client.post(reverse("events:facilitator_add", args=[event.pk]), {"name": ""})
    assert "un seul des trois" in refused.content.decode()
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Alex Pair" in page and "Pair-aidant·e" in page
    assert reverse("events:register", args=[event.public_token]) in page
    # A capacity without registrations open is fine; registrations open without a capacity are refused.
    refused = client.post(reverse("events:edit", args=[event.pk]), {**data, "capacity": ""})
    assert "nombre de places" in refused.content.decode()


def test_members_read_events_without_registrants_names(client, council, people):
    event = make_event(council)
    make_registration(event)
    partner = as_(client, people[Role.PARTNER])
    assert partner.get(reverse("events:list")).status_code == 200
    page = partner.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert fr(event.title) in page and NAME_SENTINEL not in page
    assert partner.get(reverse("events:results", args=[event.pk])).status_code == 403
    coordinator = as_(client, people[Role.COORDINATOR])
    assert NAME_SENTINEL in coordinator.get(reverse("events:detail", args=[event.pk])).content.decode()


def test_the_list_filters_by_kind_topic_and_year(client, council, people):
    event = make_event(council)
    make_event(council, kind="sism", title="Semaine SISM", topic=None)
    client = as_(client, people[Role.COORDINATOR])
    page = client.get(reverse("events:list"), {"kind": "sism"}).content.decode()
    title = fr(event.title)
    assert "Semaine SISM" in page and title not in page
    page = client.get(reverse("events:list"), {"topic": event.topic_id}).content.decode()
    assert "Semaine SISM" not in page and title in page
    year = timezone.localtime(event.starts_at).year
    assert title in client.get(reverse("events:list"), {"year": year}).content.decode()
    assert title not in client.get(reverse("events:list"), {"year": year - 3}).content.decode()


def test_cancelling_an_event_tells_the_registrants(client, council, people, run_on_commit, mailoutbox):
    event = make_event(council)
    make_registration(event, email="a@exemple.test")
    make_registration(event, email="b@exemple.test", cancelled_at=timezone.now())
    client = as_(client, people[Role.COORDINATOR])
    client.post(reverse("events:cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and not event.registration_open
    assert [m.to for m in mailoutbox] == [["a@exemple.test"]]
    assert "METHOD:CANCEL" in str(mailoutbox[0].attachments[0][1])


def test_attendance_per_registrant_and_headcount_feed_the_summary(client, council, people):
    event = make_event(council, days=-3)
    present = make_registration(event, email="a@exemple.test")
    absent = make_registration(event, email="b@exemple.test")
    without = make_event(council, days=-5, capacity=None, registration_open=False, topic=None, title="Forum")
    client = as_(client, people[Role.COORDINATOR])
    client.post(reverse("events:attendance", args=[event.pk]), {"present": [present.pk]})
    client.post(reverse("events:attendance", args=[without.pk]), {"headcount": "40"})
    present.refresh_from_db(), absent.refresh_from_db(), without.refresh_from_db()
    assert (present.attendance, absent.attendance, without.headcount) == (Attendance.PRESENT, Attendance.ABSENT, 40)
    Evaluation.objects.create(event=event, satisfaction=4, usefulness=5, would_return=True)
    page = as_(client, people[Role.GOVERNANCE_MEMBER]).get(reverse("events:summary")).content.decode()
    year = timezone.localtime(event.starts_at).year
    assert f"<td>{year}</td>" in page and "<td>Sommeil</td>" in page and "<td>Sans thème</td>" in page
    rows = selectors.topic_year_counts(council)["rows"]
    assert {(r["topic"], r["events"], r["participants"], r["answers"]) for r in rows} == {
        ("Sommeil", 1, 1, 1), ("Sans thème", 1, 40, 0),
    }  # fmt: skip


def test_results_are_a_table_and_an_accessible_svg_chart(client, council, people):
    event = make_event(council, days=-1)
    for score in (5, 5, 4, 2):
        Evaluation.objects.create(event=event, satisfaction=score, usefulness=3, would_return=score > 3,
                                  comment="Un commentaire" if score == 2 else "")  # fmt: skip
    page = as_(client, people[Role.COORDINATOR]).get(reverse("events:results", args=[event.pk])).content.decode()
    assert "4 réponses" in page and "satisfaction moyenne 4,0 sur 5" in page  # (5 + 5 + 4 + 2) / 4
    assert page.count('role="img"') == 3 and "<title id=" in page
    assert "<caption>Satisfaction générale" in page and "Un commentaire" in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_trainees_attendance_certificate_and_trained_counts(client, council, people):
    session = make_training(council)
    org = OrganisationFactory(council=council, name="Mairie de Lille")
    coordinator = as_(client, people[Role.COORDINATOR])
    coordinator.post(
        reverse("events:trainee_add", args=[session.pk]), {"name": TRAINEE_SENTINEL, "organisation": org.pk}
    )
    coordinator.post(
        reverse("events:trainee_add", args=[session.pk]), {"name": "Dominique", "organisation_name": "GEM"}
    )
    refused = coordinator.post(
        reverse("events:trainee_add", args=[session.pk]),
        {"name": "X", "organisation": org.pk, "organisation_name": "GEM"},
    )
    assert "pas les deux" in refused.content.decode()
    present, absent = Trainee.objects.filter(session=session).order_by("id")
    coordinator.post(reverse("events:training_attendance", args=[session.pk]), {"present": [present.pk]})
    present.refresh_from_db()
    assert present.attendance == Attendance.PRESENT
    response = coordinator.get(reverse("events:certificate", args=[present.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(target_type="events.trainee", target_id=str(present.pk)).count() == 1
    assert coordinator.get(reverse("events:certificate", args=[absent.pk])).status_code == 404
    page = coordinator.get(reverse("events:trained")).content.decode()
    assert "Mairie de Lille" in page and "GEM" not in page
    export = coordinator.get(reverse("events:trained_export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[2]] == [session.starts_on.year, "Mairie de Lille", 1]


def test_certificate_access_matrix(client, council, people, member_factory):
    trainee = make_trainee(make_training(council))
    url = reverse("events:certificate", args=[trainee.pk])
    expected = {role: 403 for role in Role} | {Role.COORDINATOR: 200}
    for role, user in people.items():
        client.force_login(user)
        assert client.get(url).status_code == expected[role], role
    client.force_login(member_factory(CouncilFactory(), Role.COORDINATOR).user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert AccessLog.objects.filter(scope="certificate").count() == 1


def test_trainings_pages_hide_trainees_from_members(client, council, people):
    session = make_training(council)
    make_trainee(session)
    page = as_(client, people[Role.CELL_MEMBER]).get(reverse("events:training_detail", args=[session.pk]))
    assert session.title in page.content.decode() and TRAINEE_SENTINEL not in page.content.decode()
    page = as_(client, people[Role.COORDINATOR]).get(reverse("events:training_detail", args=[session.pk]))
    assert TRAINEE_SENTINEL in page.content.decode()


def test_retention_blanks_registrants_and_trainees_after_their_period(council):
    old = make_event(council, days=-REGISTRANT_DAYS - 2)
    registration = make_registration(old, attendance=Attendance.PRESENT)
    Evaluation.objects.create(event=old, registration=registration, satisfaction=4, usefulness=4, would_return=True,
                              comment="Mon médecin…")  # fmt: skip
    old.facilitators.create(name="Alex Pair", peer_expert=True)
    recent = make_registration(make_event(council, days=-30), email="r@exemple.test")
    trainee = make_trainee(make_training(council, days=-365 * TRAINEE_YEARS - 10))
    kept = make_trainee(make_training(council, days=-100))
    counts = purge_events(council)
    assert counts == {"event_registrations_anonymised": 1, "trainees_anonymised": 1}
    registration.refresh_from_db(), trainee.refresh_from_db(), recent.refresh_from_db(), kept.refresh_from_db()
    assert (registration.name, registration.email, registration.anonymised_at is not None) == ("", "", True)
    assert registration.attendance == Attendance.PRESENT
    assert Evaluation.objects.get(event=old).comment == "" and old.facilitators.get().name == ""
    assert old.facilitators.get().peer_expert
    assert trainee.name == "" and trainee.attendance == Attendance.PRESENT
    assert recent.name == NAME_SENTINEL and kept.name == TRAINEE_SENTINEL
    assert purge_events(council) == {"event_registrations_anonymised": 0, "trainees_anonymised": 0}
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 1
