"""The services are the only writers and enforce every domain rule: called directly, as a future API would, they
refuse with a French DomainError and write nothing; the views show that message."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.errors import DomainError
from concerto.core.models import Event
from concerto.core.transitions import TransitionRefused, Transitions
from concerto.core.typography import french_spaces as fr
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.plans import services as plans
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action
from concerto.situations import rules, services
from concerto.situations.enums import (
    ALERT_TRANSITIONS,
    SITUATION_TRANSITIONS,
    AlertStatus,
    ClosureReason,
    ConsentKind,
    PersonMode,
    ReopenReason,
    SituationStatus,
    Visibility,
)
from concerto.situations.models import Alert, ConsentRecord, Identity, JournalNote, Participant, Situation
from concerto.situations.tests.factories import AlertFactory, CellFactory, SituationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def coordinator(council):
    return MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)


def snapshot():
    """What a refused use case must leave untouched."""
    return (
        Event.objects.count(), Situation.objects.count(), Participant.objects.count(), ConsentRecord.objects.count(),
        JournalNote.objects.count(), Identity.objects.count(), Action.objects.count(),
    )  # fmt: skip


def consent(situation, kind, actor, **kwargs):
    return ConsentRecord.objects.create(
        situation=situation, kind=kind, occurred_on=TODAY(), by_whom="CMP", means="Entretien", recorded_by=actor,
        **kwargs,
    )  # fmt: skip


# --- the generic table ------------------------------------------------------------------------------------


def test_a_transition_table_allows_only_the_listed_moves():
    table = Transitions({"a": {"b"}}, {"a": "Premier", "b": "Second"})
    table.check("a", "b")
    with pytest.raises(TransitionRefused, match="« Second » à « Premier »"):
        table.check("b", "a")
    assert issubclass(TransitionRefused, DomainError)
    assert table.targets("a") == {"b"} and not table.allowed("a", "a")


def test_the_declared_tables_close_every_open_situation_and_qualify_only_submitted_alerts():
    for status in set(SituationStatus.values) - {SituationStatus.CLOSED}:
        assert SITUATION_TRANSITIONS.allowed(status, SituationStatus.CLOSED)
    assert SITUATION_TRANSITIONS.targets(SituationStatus.CLOSED) == {SituationStatus.FOLLOWED}
    for outcome in (AlertStatus.ACCEPTED, AlertStatus.REORIENTED, AlertStatus.NOT_ADMISSIBLE):
        assert ALERT_TRANSITIONS.allowed(AlertStatus.SUBMITTED, outcome)
        assert not ALERT_TRANSITIONS.allowed(AlertStatus.DRAFT, outcome)
        assert not ALERT_TRANSITIONS.targets(outcome)


# --- alerts ----------------------------------------------------------------------------------------------


def test_accepting_an_already_accepted_alert_raises_and_writes_nothing(council, coordinator):
    alert = AlertFactory(council=council, cell=CellFactory(council=council))
    situation = services.alert_accept(alert=alert, actor=coordinator.user)
    before = snapshot()
    with pytest.raises(DomainError, match=r"Cette alerte a déjà été traitée \(acceptée\)\."):
        services.alert_accept(alert=Alert.objects.get(pk=alert.pk), actor=coordinator.user)
    assert snapshot() == before
    alert.refresh_from_db()
    assert (alert.status, alert.situation) == (AlertStatus.ACCEPTED, situation)


@pytest.mark.parametrize("status", [AlertStatus.REORIENTED, AlertStatus.NOT_ADMISSIBLE])
def test_declining_a_draft_or_a_decided_alert_raises_and_writes_nothing(council, coordinator, status):
    draft = AlertFactory(council=council, status=AlertStatus.DRAFT, reference="", submitted_at=None)
    decided = AlertFactory(council=council, status=AlertStatus.NOT_ADMISSIBLE)
    before = snapshot()
    with pytest.raises(DomainError, match="encore un brouillon"):
        services.alert_decline(alert=draft, actor=coordinator.user, status=status, reason="x",
                               reoriented_to=OrganisationFactory(council=council))  # fmt: skip
    with pytest.raises(DomainError, match=r"déjà été traitée \(non recevable\)"):
        services.alert_decline(alert=decided, actor=coordinator.user, status=status, reason="x",
                               reoriented_to=OrganisationFactory(council=council))  # fmt: skip
    assert snapshot() == before
    assert set(Alert.objects.values_list("status", flat=True)) == {AlertStatus.DRAFT, AlertStatus.NOT_ADMISSIBLE}


def test_a_decline_needs_its_reason_and_its_target_whoever_calls(council, coordinator):
    alert = AlertFactory(council=council)
    with pytest.raises(DomainError, match="Indiquez le motif"):
        services.alert_decline(alert=alert, actor=coordinator.user, status=AlertStatus.NOT_ADMISSIBLE, reason=" ")
    with pytest.raises(DomainError, match="réorientée"):
        services.alert_decline(alert=alert, actor=coordinator.user, status=AlertStatus.REORIENTED, reason="DAC")
    with pytest.raises(DomainError, match="réorientant"):
        services.alert_decline(alert=alert, actor=coordinator.user, status=AlertStatus.ACCEPTED, reason="x")
    other = OrganisationFactory(council=CouncilFactory())
    with pytest.raises(DomainError, match="conseil"):
        services.alert_decline(
            alert=alert, actor=coordinator.user, status=AlertStatus.REORIENTED, reason="DAC", reoriented_to=other
        )
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SUBMITTED and not Event.objects.exists()


def test_an_alert_attaches_only_to_an_open_situation_of_its_council(council, coordinator):
    alert = AlertFactory(council=council)
    elsewhere = SituationFactory(council=CouncilFactory())
    closed = SituationFactory(council=council, status=SituationStatus.CLOSED)
    with pytest.raises(DomainError, match="conseil"):
        services.alert_accept(alert=alert, actor=coordinator.user, attach_to=elsewhere)
    with pytest.raises(DomainError, match="rouvrez-la"):
        services.alert_accept(alert=alert, actor=coordinator.user, attach_to=closed)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SUBMITTED and alert.situation is None


def test_a_sent_alert_can_no_longer_be_saved_as_a_draft(council, coordinator):
    alert = AlertFactory(council=council, author=coordinator.user)
    alert.facts = "changé après l'envoi"
    with pytest.raises(DomainError, match="ne peut plus être modifiée"):
        services.alert_save(alert=alert, actor=coordinator.user, identity=None, files=[], submit=False)
    assert Alert.objects.get(pk=alert.pk).facts != "changé après l'envoi"


# --- closing and reopening ------------------------------------------------------------------------------


def test_closing_a_closed_situation_raises_and_writes_nothing(council, coordinator):
    situation = SituationFactory(council=council)
    services.situation_close(situation=situation, actor=coordinator.user, reason=ClosureReason.MAINTAINED)
    closed = Situation.objects.get(pk=situation.pk)
    before = snapshot()
    with pytest.raises(DomainError, match="déjà clôturée"):
        services.situation_close(situation=closed, actor=coordinator.user, reason=ClosureReason.DEATH)
    assert snapshot() == before
    closed.refresh_from_db()
    assert closed.closure_reason == ClosureReason.MAINTAINED


def test_reopening_an_open_situation_raises_and_writes_nothing(council, coordinator):
    situation = SituationFactory(council=council, status=SituationStatus.FOLLOWED)
    with pytest.raises(DomainError, match="n'est pas clôturée"):
        services.situation_reopen(situation=situation, actor=coordinator.user, reason=ReopenReason.OTHER)
    assert not Event.objects.exists()
    assert Situation.objects.get(pk=situation.pk).status == SituationStatus.FOLLOWED


def test_a_situation_does_not_close_before_it_opened(council, coordinator):
    situation = SituationFactory(council=council, opened_on=tomorrow())
    with pytest.raises(DomainError, match="avant la date de son ouverture"):
        services.situation_close(situation=situation, actor=coordinator.user, reason=ClosureReason.MAINTAINED)
    assert Situation.objects.get(pk=situation.pk).status == SituationStatus.TO_EXAMINE


# --- consent, participants, mode ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [ConsentKind.OBJECTION, ConsentKind.WITHDRAWAL])
def test_adding_a_participant_after_an_objection_raises_without_the_caller_telling(council, coordinator, kind):
    situation = SituationFactory(council=council)
    consent(situation, kind, coordinator.user)
    before = snapshot()
    with pytest.raises(rules.ConsentBlocked):
        services.participant_add(
            situation=situation, actor=coordinator.user,
            data={"organisation": OrganisationFactory(council=council), "since": TODAY()},
        )  # fmt: skip
    assert snapshot() == before


def test_a_participant_outside_the_agreement_scope_or_the_council_is_refused(council, coordinator):
    situation = SituationFactory(council=council)
    inside, outside = OrganisationFactory(council=council), OrganisationFactory(council=council)
    consent(situation, ConsentKind.AGREEMENT, coordinator.user).scope.set([inside])
    with pytest.raises(rules.ConsentScope):
        services.participant_add(
            situation=situation, actor=coordinator.user, data={"organisation": outside, "since": TODAY()}
        )
    with pytest.raises(DomainError, match="conseil"):
        services.participant_add(
            situation=situation, actor=coordinator.user,
            data={"organisation": OrganisationFactory(council=CouncilFactory()), "since": TODAY()},
        )  # fmt: skip
    with pytest.raises(DomainError, match="ne peut pas précéder"):
        services.participant_add(
            situation=situation, actor=coordinator.user,
            data={"organisation": inside, "since": TODAY(), "until": TODAY() - datetime.timedelta(days=1)},
        )  # fmt: skip
    assert not Participant.objects.exists()
    services.participant_add(
        situation=situation, actor=coordinator.user, data={"organisation": inside, "since": TODAY()}
    )
    assert Participant.objects.get().organisation == inside


def test_switching_to_nominative_without_an_agreement_raises(council, coordinator):
    situation = SituationFactory(council=council)
    identity = {"last_name": "Durand", "first_name": "", "birth_date": None, "address": "", "phone": ""}
    before = snapshot()
    with pytest.raises(DomainError, match="suppose un accord"):
        services.situation_change_mode(
            situation=situation, actor=coordinator.user, mode=PersonMode.NOMINATIVE, label="J. D.", identity=identity
        )
    consent(situation, ConsentKind.AGREEMENT, coordinator.user)
    consent(situation, ConsentKind.WITHDRAWAL, coordinator.user)
    with pytest.raises(DomainError, match="suppose un accord"):
        services.situation_change_mode(
            situation=situation, actor=coordinator.user, mode=PersonMode.NOMINATIVE, label="J. D.", identity=identity
        )
    assert Identity.objects.count() == before[5]
    assert Situation.objects.get(pk=situation.pk).person_mode == PersonMode.INITIALS


def test_nominative_mode_needs_the_name_even_with_an_agreement(council, coordinator):
    situation = SituationFactory(council=council)
    consent(situation, ConsentKind.AGREEMENT, coordinator.user)
    with pytest.raises(DomainError, match="nom de la personne"):
        services.situation_change_mode(
            situation=situation, actor=coordinator.user, mode=PersonMode.NOMINATIVE, label="J. D.", identity=None
        )
    assert Situation.objects.get(pk=situation.pk).person_mode == PersonMode.INITIALS


def test_dates_that_record_the_past_are_not_in_the_future(council, coordinator):
    situation = SituationFactory(council=council)
    with pytest.raises(DomainError, match="recueil ne peut pas être dans le futur"):
        services.consent_record(
            situation=situation, actor=coordinator.user,
            data={"kind": ConsentKind.INFORMED, "occurred_on": tomorrow(), "by_whom": "CMP", "means": "Appel"},
        )  # fmt: skip
    with pytest.raises(DomainError, match="note ne peut pas être dans le futur"):
        services.note_add(
            situation=situation, actor=coordinator.user,
            data={"visibility": Visibility.COORDINATOR, "occurred_on": tomorrow(), "text": "x"},
        )  # fmt: skip
    with pytest.raises(DomainError, match="réponse ne peut pas être dans le futur"):
        plans.answer_record(
            situation=situation, actor=coordinator.user, data={"told_on": tomorrow(), "answer": "accepted"}
        )
    assert not Event.objects.exists() and not ConsentRecord.objects.exists() and not JournalNote.objects.exists()


# --- actions -------------------------------------------------------------------------------------------------


def test_an_action_is_not_due_in_the_past_and_a_closed_action_reopens_before_changing_outcome(council, coordinator):
    situation = SituationFactory(council=council)
    owner = OrganisationFactory(council=council)
    with pytest.raises(DomainError, match="dans le passé"):
        plans.action_create(
            situation=situation, actor=coordinator.user,
            data={"text": "x", "owner_organisation": owner, "due_on": TODAY() - datetime.timedelta(days=1)},
        )  # fmt: skip
    action = plans.action_create(
        situation=situation, actor=coordinator.user, data={"text": "x", "owner_organisation": owner, "due_on": TODAY()}
    )
    plans.action_set_status(action=action, actor=coordinator.user, status=ActionStatus.DONE)
    with pytest.raises(DomainError, match="rouvrez-la"):
        plans.action_set_status(action=action, actor=coordinator.user, status=ActionStatus.DROPPED)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DONE
    plans.action_set_status(action=action, actor=coordinator.user, status=ActionStatus.IN_PROGRESS)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS


# --- the views show the refusal ----------------------------------------------------------------------------


def test_qualifying_an_accepted_alert_over_http_shows_the_refusal_and_writes_nothing(client, council, coordinator):
    alert = AlertFactory(council=council, cell=CellFactory(council=council))
    services.alert_accept(alert=alert, actor=coordinator.user)
    before = snapshot()
    client.force_login(coordinator.user)
    response = client.post(reverse("situations:alert_qualify", args=[alert.pk]), {"decision": "accept"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("situations:alert_qualify", args=[alert.pk])
    assert "Cette alerte a déjà été traitée (acceptée)." in response.content.decode()
    assert snapshot() == before


def test_closing_over_http_shows_the_service_refusal_and_writes_nothing(client, council, coordinator):
    situation = SituationFactory(council=council, opened_on=tomorrow())
    client.force_login(coordinator.user)
    response = client.post(reverse("situations:close", args=[situation.code]), {"reason": "maintained"})
    assert response.status_code == 200
    assert "ne peut pas être clôturée avant la date de son ouverture" in response.content.decode()
    assert Situation.objects.get(pk=situation.pk).status == SituationStatus.TO_EXAMINE
    assert not Event.objects.filter(verb="situation_closed").exists()


def test_a_consent_dated_tomorrow_over_http_shows_the_refusal_and_writes_nothing(client, council, coordinator):
    situation = SituationFactory(council=council)
    client.force_login(coordinator.user)
    response = client.post(
        reverse("situations:consent", args=[situation.code]),
        {"kind": "informed", "occurred_on": tomorrow().isoformat(), "by_whom": "CMP", "means": "Appel"},
    )
    assert response.status_code == 200
    assert "La date du recueil ne peut pas être dans le futur." in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_a_forbidden_action_status_change_over_http_shows_the_refusal(client, council, coordinator):
    situation = SituationFactory(council=council)
    action = Action.objects.create(
        council=council, situation=situation, text="x", owner_organisation=OrganisationFactory(council=council),
        due_on=TODAY(), status=ActionStatus.DROPPED,
    )  # fmt: skip
    client.force_login(coordinator.user)
    response = client.post(
        reverse("plans:action_status", args=[situation.code, action.pk]), {"status": "done"}, follow=True
    )
    assert fr("rouvrez-la avant de la marquer « faite »") in response.content.decode()
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DROPPED
    assert not Event.objects.filter(verb="action_status_changed").exists()
