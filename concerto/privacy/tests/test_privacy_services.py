"""The data-protection writes go through `privacy/services.py`: same events as before, and the rules hold for any
caller (a future API), not only for the forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.errors import DomainError
from concerto.core.models import Event
from concerto.councils.models import Council
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.privacy import services
from concerto.privacy.models import ErasureRequest
from concerto.situations.models import Identity
from concerto.situations.tests.factories import SituationFactory, nominative_situation

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def coordinator(council):
    return MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)


def retention_values(council, **changes):
    return {**{name: getattr(council, name) for name in services.RETENTION_FIELDS}, **changes}


def test_retention_update_saves_what_changed_and_records_it(council, coordinator):
    changes = services.retention_update(
        council=council, actor=coordinator.user, values=retention_values(council, retention_years=3)
    )
    assert changes == {"retention_years": 3}
    assert Council.objects.get(pk=council.pk).retention_years == 3
    event = Event.objects.get(verb="retention_updated")
    assert event.data["changes"] == {"retention_years": 3} and event.actor == coordinator.user
    assert services.retention_update(council=council, actor=coordinator.user, values=retention_values(council)) == {}
    assert Event.objects.filter(verb="retention_updated").count() == 1


@pytest.mark.parametrize(
    "changes", [{"retention_years": 9}, {"access_log_retention_months": 3}, {"draft_retention_days": 0}]
)
def test_retention_outside_its_bounds_is_refused_whoever_calls(council, coordinator, changes):
    stored = Council.objects.get(pk=council.pk)
    with pytest.raises(DomainError):
        services.retention_update(council=council, actor=coordinator.user, values=retention_values(council, **changes))
    after = Council.objects.get(pk=council.pk)
    assert all(getattr(after, name) == getattr(stored, name) for name in services.RETENTION_FIELDS)
    assert not Event.objects.exists()


def test_only_retention_settings_are_set_here(council, coordinator):
    with pytest.raises(DomainError):
        services.retention_update(council=council, actor=coordinator.user, values={"name": "Autre nom"})
    assert Council.objects.get(pk=council.pk).name == council.name


def test_a_granted_erasure_anonymises_and_records_the_decision(council, coordinator):
    situation = nominative_situation(council)
    request = services.erasure_decide(
        council=council, actor=coordinator.user, situation=situation, requested_on=timezone.localdate(),
        decision=ErasureRequest.Decision.ERASED,
    )  # fmt: skip
    assert (request.situation_code, request.decided_by) == (situation.code, coordinator.user)
    situation.refresh_from_db()
    assert situation.anonymised_at is not None and not Identity.objects.filter(situation=situation).exists()
    assert Event.objects.get(verb="erasure_erased").data["code"] == situation.code
    with pytest.raises(DomainError, match="non anonymisée"):
        services.erasure_decide(
            council=council, actor=coordinator.user, situation=situation, requested_on=timezone.localdate(),
            decision=ErasureRequest.Decision.REFUSED, reason="Procédure en cours",
        )  # fmt: skip
    assert ErasureRequest.objects.count() == 1


def test_erasure_rules_hold_without_the_form(council, coordinator):
    situation = SituationFactory(council=council)
    today = timezone.localdate()
    refusals = [
        ({"decision": ErasureRequest.Decision.REFUSED, "reason": " "}, "motif du refus"),
        ({"decision": "forgotten"}, "Choisissez une décision"),
        ({"decision": ErasureRequest.Decision.REFUSED, "reason": "x", "requested_on": today + datetime.timedelta(1)},
         "futur"),
        ({"decision": ErasureRequest.Decision.REFUSED, "reason": "x", "situation": SituationFactory()}, "ce conseil"),
    ]  # fmt: skip
    for changes, message in refusals:
        arguments = {"situation": situation, "requested_on": today, **changes}
        with pytest.raises(DomainError, match=message):
            services.erasure_decide(council=council, actor=coordinator.user, **arguments)
    assert not ErasureRequest.objects.exists() and not Event.objects.exists()
    services.erasure_decide(
        council=council, actor=coordinator.user, situation=situation, requested_on=today,
        decision=ErasureRequest.Decision.REFUSED, reason="Obligation légale",
    )  # fmt: skip
    assert Event.objects.get(verb="erasure_refused").data["code"] == situation.code
    assert SituationFactory._meta.model.objects.get(pk=situation.pk).anonymised_at is None


def test_an_erasure_request_dated_tomorrow_over_http_shows_the_refusal(client, council, coordinator):
    situation = SituationFactory(council=council)
    client.force_login(coordinator.user)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("privacy:erasure"),
        {"code": situation.code, "requested_on": tomorrow, "decision": "refused", "reason": "Obligation légale"},
    )
    assert response.status_code == 200
    assert "La date de la demande ne peut pas être dans le futur." in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_the_retention_form_saves_through_the_service_with_the_same_event(client, council, coordinator):
    client.force_login(coordinator.user)
    data = {**retention_values(council, retention_years=4), "confirm": "yes"}
    assert client.post(reverse("privacy:overview"), data).status_code == 302
    assert Council.objects.get(pk=council.pk).retention_years == 4
    assert Event.objects.get(verb="retention_updated").data["changes"] == {"retention_years": 4}
