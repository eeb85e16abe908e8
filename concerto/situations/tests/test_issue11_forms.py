"""The alert form as a stepper that stays one form, the consent scope with the situation's participants first, the day
an alert was received set or confirmed at qualification (issue 11)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.situations import link_services
from concerto.situations.enums import AlertStatus, ConsentKind
from concerto.situations.models import Alert, ConsentRecord
from concerto.situations.tests.factories import AlertFactory, CellFactory, SituationFactory, add_participant

pytestmark = pytest.mark.django_db


def day(offset: int = 0) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def coordinator(council):
    return MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)


# --- the alert form: four steps of one form ---------------------------------------------------------------------


def steps(page: str) -> list[str]:
    return re.findall(r'data-step="\d" data-step-title="([^"]+)"', page)


def test_the_alert_form_is_four_steps_of_one_form_with_its_static_script(client, council):
    partner = MembershipFactory(council=council, role=Role.PARTNER, organisation=OrganisationFactory(council=council))
    client.force_login(partner.user)
    page = client.get(reverse("situations:alert_create")).content.decode()
    assert steps(page) == ["Vous", "La personne et son logement", "Ce qui inquiète", "Pièces jointes et envoi"]
    assert page.count("<form") == 2  # the alert form, and the header's log-out form
    assert 'class="fr-stepper"' in page and "Étape 1 sur 4" in page
    assert "concerto/alert-stepper.js" in page and "<script>" not in page
    # Without JavaScript the steps are one long form: the stepper and its buttons are hidden until the script runs.
    assert page.count("data-stepper-only hidden") == 2
    assert re.search(r"Étape 2 sur 4\s:\sla personne et son logement", page)  # French spacing: a no-break space


def test_a_refused_alert_comes_back_with_what_was_typed(client, council):
    partner = MembershipFactory(council=council, role=Role.PARTNER, organisation=OrganisationFactory(council=council))
    client.force_login(partner.user)
    response = client.post(
        reverse("situations:alert_create"),
        {"action": "submit", "referrer_name": "Nadia Ferreira", "person_mode": "initials", "initials": "J. D.",
         "facts": "Odeurs fortes", "referrer_role": "AS"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and not Alert.objects.exists()
    assert 'value="Nadia Ferreira"' in page and 'value="J. D."' in page and "Odeurs fortes" in page
    assert "Cochez au moins un problème observé." in page


def test_the_secure_link_form_is_the_same_stepper(client, council):
    organisation = OrganisationFactory(council=council)
    _link, token = link_services.secure_link_create(council=council, organisation=organisation, actor=None, days=30)
    page = client.get(reverse("situations:public_alert", args=[token])).content.decode()
    assert len(steps(page)) == 4 and "Enregistrer le brouillon" not in page


# --- consent: the participants' organisations first -------------------------------------------------------------


def test_consent_scope_lists_the_participants_first_and_ticks_them_for_a_new_record(client, council, coordinator):
    situation = SituationFactory(council=council)
    OrganisationFactory(council=council, name="Association A")
    cmp = MembershipFactory(
        council=council, role=Role.PARTNER, organisation=OrganisationFactory(council=council, name="Zénith CMP")
    )
    former = MembershipFactory(
        council=council, role=Role.PARTNER, organisation=OrganisationFactory(council=council, name="Bailleur B")
    )
    add_participant(situation, cmp)
    add_participant(situation, former, until=day(-1))
    client.force_login(coordinator.user)
    page = client.get(reverse("situations:consent", args=[situation.code])).content.decode()
    labels = re.findall(r'for="id_scope_\d+">\s*([^<]+?)\s*</label>', page)
    assert labels[0] == "Zénith CMP (participe à la situation)"
    assert labels[1:] == sorted(labels[1:]) and "Bailleur B" in labels  # a former participant is not marked
    checked = re.findall(r'<input[^>]*name="scope"[^>]*value="(\d+)"[^>]*checked', page)
    assert checked == [str(cmp.organisation.pk)]
    assert "en tête de liste" in page

    # Unticked by the coordinator: nothing ticked is kept as chosen (every participating organisation).
    client.post(
        reverse("situations:consent", args=[situation.code]),
        {"kind": ConsentKind.AGREEMENT, "occurred_on": day(0).isoformat(), "by_whom": "CCAS", "means": "Visite"},
    )
    assert list(ConsentRecord.objects.get(situation=situation).scope.all()) == []


# --- qualification: the day the alert was received --------------------------------------------------------------


def qualify(client, alert, **data):
    return client.post(
        reverse("situations:alert_qualify", args=[alert.pk]),
        {"decision": "not_admissible", "reason": "Hors territoire", **data},
    )


def test_qualification_shows_the_day_received_and_stores_a_corrected_one(client, council, coordinator):
    alert = AlertFactory(council=council, submitted_at=timezone.now() - datetime.timedelta(days=3), received_on=None)
    client.force_login(coordinator.user)
    page = client.get(reverse("situations:alert_qualify", args=[alert.pk])).content.decode()
    assert f'name="received_on" value="{day(-3).isoformat()}"' in page

    response = qualify(client, alert, received_on=day(-20).isoformat())
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.NOT_ADMISSIBLE and alert.received_on == day(-20)
    assert Event.objects.filter(verb="alert_received_on_changed", target_id=str(alert.pk)).exists()


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (1, "La date de réception de l&#x27;alerte ne peut pas être dans le futur."),
        (-800, "ne peut pas être antérieure de plus de deux ans à l&#x27;enregistrement de l&#x27;alerte"),
    ],
)
def test_qualification_refuses_a_future_or_too_old_day_and_keeps_what_was_typed(
    client, council, coordinator, offset, message
):
    alert = AlertFactory(council=council, received_on=day(0))
    client.force_login(coordinator.user)
    response = qualify(client, alert, received_on=day(offset).isoformat())
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert f'value="{day(offset).isoformat()}"' in page and "Hors territoire" in page
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SUBMITTED and alert.received_on == day(0)


def test_a_day_entered_long_ago_may_be_confirmed_as_it_is(client, council, coordinator):
    """An alert entered on the referrer's behalf, received before the council used Concerto: unchanged, accepted."""
    alert = AlertFactory(council=council, received_on=day(-1000))
    client.force_login(coordinator.user)
    assert qualify(client, alert, received_on=day(-1000).isoformat()).status_code == 302
    alert.refresh_from_db()
    assert alert.received_on == day(-1000) and alert.status == AlertStatus.NOT_ADMISSIBLE


def test_a_refused_decision_keeps_the_day_received(client, council, coordinator):
    """Put on the next session of a cell that has none planned: refused, and the corrected day is rolled back."""
    cell = CellFactory(council=council)
    alert = AlertFactory(council=council, received_on=day(0))
    client.force_login(coordinator.user)
    response = client.post(
        reverse("situations:alert_qualify", args=[alert.pk]),
        {"decision": "accept", "cell": cell.pk, "schedule": "on", "received_on": day(-5).isoformat()},
    )
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SUBMITTED and alert.received_on == day(0)
    assert not Event.objects.filter(verb="alert_received_on_changed").exists()
