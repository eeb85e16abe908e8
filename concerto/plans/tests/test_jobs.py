"""Scheduled jobs through the real queue: enqueued once a day, executed by `manage.py db_worker --batch`."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from concerto.accounts.enums import Profession, Role
from concerto.core.models import ScheduledRun
from concerto.core.scheduling import enqueue_due
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings.enums import MeetingStatus
from concerto.meetings.models import AgendaItem, Meeting, WorkingNote
from concerto.plans.models import Action
from concerto.situations.tests.factories import CellFactory, nominative_situation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _real_queue(database_queue):
    with database_queue:
        yield


DAY = datetime.datetime(2026, 11, 23, 7, 0, tzinfo=datetime.UTC)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def world():
    council = CouncilFactory()
    owner = MembershipFactory(
        council=council,
        role=Role.PARTNER,
        profession=Profession.SOCIAL,
        organisation=OrganisationFactory(council=council),
    )
    situation = nominative_situation(council)
    for days, text in ((-2, "Dossier FSL en retard"), (2, "Visite bientôt"), (30, "Plus tard")):
        Action.objects.create(
            council=council, situation=situation, text=text, owner_organisation=owner.organisation,
            owner_user=owner.user, due_on=DAY.date() + datetime.timedelta(days=days),
        )  # fmt: skip
    return council, owner, situation


def test_reminders_are_sent_once_a_day_as_one_digest(world):
    _council, owner, situation = world
    with time_machine.travel(DAY, tick=False):
        assert set(enqueue_due()) == {
            "action_reminders", "review_proposals", "working_notes", "retention", "housing_retention",
            "housing_renewal_reminders", "events_retention", "fees_reminders",
        }  # fmt: skip
        assert enqueue_due() == []  # same day: nothing more
        run_worker()
        (digest,) = mail.outbox
        assert digest.to == [owner.user.email]
        assert "2 actions" in digest.subject
        assert situation.code in digest.body and "(en retard)" in digest.body
        for secret in ("Dupont", "Dossier FSL", "Visite bientôt"):
            assert secret not in digest.body
        # Running the job again the same day sends nothing.
        from concerto.plans.tasks import action_reminders

        action_reminders.enqueue()
        run_worker()
        assert len(mail.outbox) == 1
    with time_machine.travel(DAY + datetime.timedelta(days=1), tick=False):
        enqueue_due()
        run_worker()
        assert len(mail.outbox) == 2
    assert ScheduledRun.objects.filter(job="action_reminders").count() == 2


def test_review_job_puts_due_reviews_on_the_next_session_and_notes_are_destroyed(world):
    council, _owner, situation = world
    cell = CellFactory(council=council)
    situation.cell = cell
    situation.save()
    with time_machine.travel(DAY, tick=False):
        first = Meeting.objects.create(
            council=council, cell=cell, status=MeetingStatus.SIGNED_OFF,
            starts_at=DAY - datetime.timedelta(days=95), ends_at=DAY - datetime.timedelta(days=95),
        )  # fmt: skip
        item = AgendaItem.objects.create(meeting=first, situation=situation)
        WorkingNote.objects.create(item=item, text="oubliée")
        upcoming = Meeting.objects.create(
            council=council,
            cell=cell,
            starts_at=DAY + datetime.timedelta(days=10),
            ends_at=DAY + datetime.timedelta(days=10),
        )
        enqueue_due()
        run_worker()
    assert list(upcoming.items.values_list("situation", "kind")) == [(situation.pk, "review")]
    assert not WorkingNote.objects.exists()
