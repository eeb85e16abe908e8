"""The demo's two quarterly Commission appartement sessions (demo/housing_commission.py): one signed about two months
ago (venue, elected chair of the venue's commune, members present, decisions, commitment, reviews, record PDF), one
planned in about a month (venue, chair, the waiting list's complete applications and the reviews due)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.councils.models import Council
from concerto.demo.housing_commission import ADMITTED_PLACE, ENTRY_AFTER_DAYS, VENUE
from concerto.demo.services import load_demo
from concerto.housing import commission
from concerto.housing.enums import ApplicationStatus, CommissionOutcome, PlaceStatus, ReviewOutcome
from concerto.housing.models import CommissionDecision, OccupancyReview, Place
from concerto.meetings.enums import AttendanceStatus, Body, MeetingStatus, SubjectKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the worker's tasks: the record PDF, the e-mails
        load_demo()
    return Council.objects.get(code="VAL")


def _sessions(council):
    sessions = council.meetings.filter(body=Body.HOUSING)
    assert sessions.count() == 2
    return sessions.get(status=MeetingStatus.SIGNED_OFF), sessions.get(status=MeetingStatus.PLANNED)


def _check_venue_and_chair(meeting):
    venue = commission.venue_of(meeting)
    assert venue is not None and venue.name == VENUE
    assert meeting.chair.profession == Profession.ELECTED
    assert meeting.chair.organisation.communes_served.filter(pk=venue.pk).exists()
    assert commission.chair_candidates(meeting.council, venue).filter(pk=meeting.chair_id).exists()


def test_signed_commission(demo):
    signed, _ = _sessions(demo)
    today = timezone.localdate()
    day = timezone.localdate(signed.starts_at)
    assert 50 <= (today - day).days <= 70  # about two months ago
    _check_venue_and_chair(signed)
    invited = {i.user_id for i in signed.invitations.all()}
    housing_members = set(demo.memberships.filter(role=Role.HOUSING_MEMBER).values_list("user_id", flat=True))
    assert housing_members and housing_members <= invited and signed.chair.user_id in invited
    assert {a.user_id: a.status for a in signed.attendances.all()} == dict.fromkeys(invited, AttendanceStatus.PRESENT)
    items = list(signed.items.order_by("position"))
    applications = [i for i in items if i.subject_kind == SubjectKind.APPLICATION]
    reviews = [i for i in items if i.subject_kind == SubjectKind.OCCUPANCY_REVIEW]
    assert len(applications) == 3 and len(reviews) == 2
    decisions = {d.outcome: d for d in CommissionDecision.objects.filter(item__meeting=signed)}
    assert set(decisions) == {CommissionOutcome.ADMITTED, CommissionOutcome.POSTPONED, CommissionOutcome.REFUSED}
    admitted = decisions[CommissionOutcome.ADMITTED]
    assert admitted.attended and admitted.own_words and admitted.words and admitted.commitment
    assert admitted.place.label == ADMITTED_PLACE
    last_exit = max(o.exit_on for o in admitted.place.occupancies.exclude(pk=admitted.occupancy_id))
    assert admitted.entry_on == max(day + datetime.timedelta(days=ENTRY_AFTER_DAYS), last_exit)
    assert admitted.occupancy.place == admitted.place and admitted.occupancy.entry_on == admitted.entry_on
    assert admitted.application.status == ApplicationStatus.ADMITTED
    deposit = admitted.occupancy.deposits.get()  # paid by the council on entry
    assert (deposit.paid_on, deposit.returned_on) == (admitted.entry_on, None)
    assert Place.objects.get(pk=admitted.place_id).status == PlaceStatus.OCCUPIED
    assert decisions[CommissionOutcome.POSTPONED].reason and decisions[CommissionOutcome.REFUSED].reason
    assert decisions[CommissionOutcome.REFUSED].application.status == ApplicationStatus.REFUSED
    recorded = OccupancyReview.objects.filter(item__meeting=signed)
    assert recorded.count() == 2
    assert {(r.reviewed_on, r.outcome) for r in recorded} == {(day, ReviewOutcome.CONTINUE)}
    assert signed.signed_off_at is not None and signed.record_pdf.read(5) == b"%PDF-"


def test_planned_commission(demo):
    signed, planned = _sessions(demo)
    assert 25 <= (timezone.localdate(planned.starts_at) - timezone.localdate()).days <= 35  # in about a month
    _check_venue_and_chair(planned)
    applications = [i.application for i in planned.items.filter(subject_kind=SubjectKind.APPLICATION)]
    assert len(applications) == 4 and all(a.status == ApplicationStatus.SCHEDULED for a in applications)
    postponed = CommissionDecision.objects.get(item__meeting=signed, outcome=CommissionOutcome.POSTPONED)
    assert postponed.application in applications  # re-examined at the next session
    assert sum(1 for a in applications if a.reference.startswith("VAL-LOG-")) == 3  # the waiting list's complete files
    reviews = planned.items.filter(subject_kind=SubjectKind.OCCUPANCY_REVIEW)
    assert reviews.count() == 3 and all(i.occupancy.exit_on is None for i in reviews)
    assert planned.invitations.filter(sent_at__isnull=True).count() == 0


def test_commission_demo_is_idempotent(demo):
    load_demo()
    signed, planned = _sessions(demo)
    assert CommissionDecision.objects.filter(item__meeting__council=demo).count() == 3
    admitted = CommissionDecision.objects.get(item__meeting=signed, outcome=CommissionOutcome.ADMITTED)
    assert Place.objects.get(pk=admitted.place_id).status == PlaceStatus.OCCUPIED  # again, after the places' reset
    statuses = {i.application.status for i in planned.items.filter(subject_kind=SubjectKind.APPLICATION)}
    assert statuses == {ApplicationStatus.SCHEDULED}


def test_coordinator_sees_both_sessions(client, demo):
    signed, planned = _sessions(demo)
    client.force_login(demo.memberships.get(role=Role.COORDINATOR).user)
    for meeting in (signed, planned):
        response = client.get(reverse("housing:commission_session", args=[meeting.pk]))
        assert response.status_code == 200
        assert VENUE in response.content.decode()
