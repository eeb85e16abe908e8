"""The actions' indicators of the Bilan (issue 14): created / done / abandoned / overdue, created by owner
organisation (owners without an account in one row), the delay to done; `Action.done_at` set and cleared by the
status changes (by a member and through the link of an owner without an account) and its backfill from the journal."""

import importlib
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.events import record_event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.plans import indicators
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action
from concerto.plans.tests.factories import EXTERNAL_TOKEN, external_link, make_external
from concerto.situations.tests.factories import CellFactory, SituationFactory, add_participant, nominative_situation

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1  # a whole past year
START, END = date(Y, 1, 1), date(Y, 12, 31)
TODO, DONE, DROPPED = ActionStatus.TODO, ActionStatus.DONE, ActionStatus.DROPPED
migration = importlib.import_module("concerto.plans.migrations.0008_action_done_at")


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def action(situation, owner, created: date, status=TODO, *, done=None, due=None, external=False) -> Action:
    made = Action.objects.create(
        council=situation.council, situation=situation, text="Action", owner_organisation=owner, status=status,
        due_on=due or created + timedelta(days=60), done_at=at(done, 16) if done else None,
    )  # fmt: skip
    if external:  # owned by a person without an account (saved before its creation date is set)
        make_external(made)
    Action.objects.filter(pk=made.pk).update(created_at=at(created, 9))
    return made


@pytest.fixture
def year():
    """Cell 1: created in March (done 10 days later), April (done 2 days later), May (abandoned), June (open, due at
    the end of June), November (owned by a GP without an account, done next year), and the December before (done on
    5 January: 35 days). Cell 2: created in July (done 3 days later)."""
    council = CouncilFactory()
    cell, other_cell = CellFactory(council=council), CellFactory(council=council)
    situation = SituationFactory(council=council, cell=cell)
    elsewhere = SituationFactory(council=council, cell=other_cell)
    cmp_, landlord, gp = (OrganisationFactory(council=council, name=n) for n in ("CMP", "Bailleur", "Cabinet médical"))
    action(situation, cmp_, date(Y, 3, 1), DONE, done=date(Y, 3, 11))
    action(situation, cmp_, date(Y, 4, 1), DONE, done=date(Y, 4, 3))
    action(situation, landlord, date(Y, 5, 1), DROPPED)
    action(situation, landlord, date(Y, 6, 1), due=date(Y, 6, 30))
    action(situation, gp, date(Y, 11, 1), DONE, done=date(Y + 1, 1, 2), external=True)
    action(situation, cmp_, date(Y - 1, 12, 1), DONE, done=date(Y, 1, 5))
    action(elsewhere, cmp_, date(Y, 7, 1), DONE, done=date(Y, 7, 4))
    return council, cell


def test_actions_created_done_abandoned_overdue(year):
    council, cell = year
    assert indicators.actions(council, START, END) == [
        ("Créées pendant la période", 6),
        ("Dont faites", 4),
        ("Dont abandonnées", 1),
        ("En retard à la fin de la période", 1),
    ]
    assert indicators.actions(council, START, END, cell) == [
        ("Créées pendant la période", 5),
        ("Dont faites", 3),
        ("Dont abandonnées", 1),
        ("En retard à la fin de la période", 1),
    ]


def test_actions_by_owner_organisation_with_owners_without_an_account_grouped(year):
    council, cell = year
    external = indicators.EXTERNAL_OWNERS
    assert indicators.actions_by_owner(council, START, END) == [("CMP", 3), ("Bailleur", 2), (external, 1)]
    assert indicators.actions_by_owner(council, START, END, cell) == [("Bailleur", 2), ("CMP", 2), (external, 1)]
    assert indicators.actions_by_owner(council, date(Y, 8, 1), date(Y, 8, 31)) == []


def test_delay_to_done_over_the_actions_done_during_the_period(year):
    council, cell = year
    # Done in the year: 10, 2, 35 days (cell 1) and 3 days (cell 2); the GP's action was done the next year.
    assert indicators.done_delay(council, START, END) == [("Médiane", 6.5), ("Maximum", 35)]
    assert indicators.done_delay(council, START, END, cell) == [("Médiane", 10), ("Maximum", 35)]
    assert indicators.done_delay(council, date(Y, 5, 1), date(Y, 6, 30)) == [("Médiane", None), ("Maximum", None)]
    Action.objects.filter(status=DONE, situation__cell=cell).update(status=TODO, done_at=None)  # reopened
    assert indicators.done_delay(council, START, END, cell) == [("Médiane", None), ("Maximum", None)]


@pytest.mark.parametrize("rows", [3, 30])
def test_a_constant_number_of_queries(django_assert_max_num_queries, rows):
    council = CouncilFactory()
    cell = CellFactory(council=council)
    situation = SituationFactory(council=council, cell=cell)
    owners = [OrganisationFactory(council=council) for _ in range(3)]
    for index in range(rows):
        created = date(Y, 1 + index % 12, 1)
        action(situation, owners[index % 3], created, DONE, done=created + timedelta(days=index % 5))
    with django_assert_max_num_queries(3):
        figures = [compute(council, START, END, cell) for compute in [i.compute for i in indicators.INDICATORS]]
    assert figures[0][0] == ("Créées pendant la période", rows)
    assert sum(n for _, n in figures[1]) == rows


# --- done_at, set by the status changes


@pytest.fixture
def setup():
    council = CouncilFactory()
    landlord = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.LANDLORD,
        organisation=OrganisationFactory(council=council, name="Bailleur"),
    )  # fmt: skip
    situation = nominative_situation(council)
    add_participant(situation, landlord)
    made = Action.objects.create(
        council=council, situation=situation, text="Visite", owner_organisation=landlord.organisation,
        due_on=timezone.localdate() + timedelta(days=7),
    )  # fmt: skip
    return situation, landlord, made


def test_marking_an_action_done_dates_it_and_reopening_it_clears_the_date(client, setup):
    situation, landlord, made = setup
    url = reverse("plans:action_status", args=[situation.code, made.pk])
    client.force_login(landlord.user)
    before = timezone.now()
    assert client.post(url, {"status": "in_progress"}).status_code == 302
    made.refresh_from_db()
    assert made.done_at is None
    client.post(url, {"status": "done"})
    made.refresh_from_db()
    assert made.status == DONE and before <= made.done_at <= timezone.now()
    client.post(url, {"status": "todo"})
    made.refresh_from_db()
    assert made.status == TODO and made.done_at is None


def test_the_owner_without_an_account_marking_it_done_dates_it(client, setup):
    situation, landlord, made = setup
    external_link(made)
    before = timezone.now()
    response = client.post(reverse("plans:external_action", args=[EXTERNAL_TOKEN]), {"status": "done", "comment": ""})
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.status == DONE and before <= made.done_at <= timezone.now()


# --- the migration's backfill


def test_the_backfill_takes_the_last_time_the_journal_marked_the_action_done(setup):
    situation, landlord, made = setup
    council, owner = situation.council, landlord.organisation
    twice, external, silent, still_open = (
        Action.objects.create(
            council=council,
            situation=situation,
            text="Action",
            owner_organisation=owner,
            due_on=timezone.localdate(),
            status=DONE,
        )  # fmt: skip
        for _ in range(4)
    )
    Action.objects.filter(pk=still_open.pk).update(status=TODO)
    Action.objects.filter(pk=made.pk).update(status=DONE)
    base = timezone.now() - timedelta(days=40)
    journal = [
        (base, "action_status_changed", twice, {"before": "todo", "after": "done"}),
        (base + timedelta(days=1), "action_status_changed", twice, {"before": "done", "after": "todo"}),
        (base + timedelta(days=3), "action_status_changed", twice, {"before": "todo", "after": "done"}),
        (base + timedelta(days=2), "action_external_updated", external, {"before": "todo", "after": "done"}),
        (base + timedelta(days=4), "action_status_changed", still_open, {"before": "todo", "after": "done"}),
        (base + timedelta(days=6), "action_reminder_sent", silent, {}),
    ]
    for moment, verb, target, data in journal:
        with time_machine.travel(moment, tick=False):
            record_event(council=council, actor=None, verb=verb, target=situation, action=target.pk, **data)
    updated = Action.objects.get(pk=silent.pk).updated_at
    migration.BATCH = 2  # several batches
    try:
        migration.backfill_done_at(apps, None)
    finally:
        migration.BATCH = 500
    done_at = dict(Action.objects.values_list("pk", "done_at"))
    assert done_at[twice.pk] == base + timedelta(days=3)
    assert done_at[external.pk] == base + timedelta(days=2)
    assert done_at[silent.pk] == updated  # no journal entry: the last update
    assert done_at[made.pk] == Action.objects.get(pk=made.pk).updated_at
    assert done_at[still_open.pk] is None
