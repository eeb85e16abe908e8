"""The demo's events and trainings are shaped like the seed: 18 workshops over the last year on the 10 topics, about
nine people each, co-led by peer experts and evaluated; a SISM event; two suicide-prevention sessions with twenty
people trained. Loading twice changes nothing."""

from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.demo.events import TRAINEES_PER_SESSION, WORKSHOPS, load_events
from concerto.events import selectors
from concerto.events.enums import Attendance, EventKind
from concerto.events.models import Evaluation, Event, Registration, Trainee, TrainingSession
from concerto.factories import CouncilFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(member_factory):
    council = CouncilFactory()
    organisations = {name: OrganisationFactory(council=council, name=name) for name in ("CMP Est", "Mairie", "GEM")}
    coordinator = member_factory(council, Role.COORDINATOR)
    load_events(council, organisations)
    return council, coordinator


def test_a_year_of_ateliers_mieux_etre(demo):
    council, _ = demo
    now = timezone.now()
    held = Event.objects.filter(council=council, kind=EventKind.WORKSHOP, starts_at__lt=now)
    assert held.count() == WORKSHOPS == 18
    assert held.filter(starts_at__gte=now - timezone.timedelta(days=365)).count() == 18
    assert len(set(held.values_list("topic", flat=True))) == 10
    present = Registration.objects.filter(event__in=held, attendance=Attendance.PRESENT).count()
    assert present == 162 and present / 18 == 9  # about nine people each
    per_event = Counter(Registration.objects.filter(event__in=held).values_list("event", flat=True))
    assert min(per_event.values()) == 7 and max(per_event.values()) == 11
    for event in held.prefetch_related("facilitators"):
        assert any(f.peer_expert for f in event.facilitators.all())  # co-led by a peer expert
        assert any(f.member_id for f in event.facilitators.all())
    # Two people in three answer: 5, 8, 6, 7, 6, 6 for 7, 11, 8, 10, 9, 9 people, three times.
    assert Evaluation.objects.filter(event__in=held).count() == 3 * (5 + 8 + 6 + 7 + 6 + 6)
    upcoming = Event.objects.get(council=council, starts_at__gt=now)
    assert upcoming.registration_open and upcoming.registrations.count() == 3
    sism = Event.objects.get(council=council, kind=EventKind.SISM)
    assert sism.headcount == 120
    counts = selectors.topic_year_counts(council)
    assert sum(row["events"] for row in counts["years"]) == 19
    assert sum(row["participants"] for row in counts["years"]) == 162 + 120


def test_two_suicide_prevention_sessions_train_twenty_people(demo):
    council, _ = demo
    assert TrainingSession.objects.filter(council=council, kind="suicide").count() == 2
    trained = Trainee.objects.filter(session__council=council, attendance=Attendance.PRESENT)
    assert trained.count() == 2 * TRAINEES_PER_SESSION == 20
    assert sum(row["people"] for row in selectors.trained_counts(council)) == 20


def test_loading_twice_changes_nothing(demo):
    council, _ = demo
    before = (Event.objects.count(), Registration.objects.count(), Evaluation.objects.count(), Trainee.objects.count())
    load_events(council, {})
    after = (Event.objects.count(), Registration.objects.count(), Evaluation.objects.count(), Trainee.objects.count())
    assert before == after


def test_the_demo_results_page_charts_a_workshop(client, demo):
    council, coordinator = demo
    client.force_login(coordinator.user)
    event = Event.objects.filter(council=council, kind=EventKind.WORKSHOP, starts_at__lt=timezone.now()).first()
    page = client.get(reverse("events:results", args=[event.pk])).content.decode()
    assert page.count('role="img"') == 3
