import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import AccessLog, Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.situations import link_services, services
from concerto.situations.enums import AlertStatus, PersonMode
from concerto.situations.models import Alert, Identity, Situation
from concerto.situations.tests.factories import PDF, AlertFactory, SituationFactory, nominative_situation

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    council = CouncilFactory(code="VAL")
    council.communes.first()
    return council


@pytest.fixture
def coordinator(council):
    return MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)


@pytest.fixture
def referrer(council):
    return MembershipFactory(
        council=council,
        role=Role.PARTNER,
        profession=Profession.SOCIAL,
        organisation=OrganisationFactory(council=council),
    )


def alert_data(council, **overrides):
    data = {
        "referrer_name": "Nadia Ferreira",
        "referrer_organisation": council.organisations.first().pk if council.organisations.exists() else "",
        "referrer_organisation_name": "CCAS",
        "referrer_role": "Assistante sociale",
        "referrer_email": "nadia@ccas.test",
        "person_mode": PersonMode.NOMINATIVE,
        "initials": "J. D.",
        "last_name": "Dupont",
        "first_name": "Jeanne",
        "birth_date": "1958-03-14",
        "address": "12 rue des Lilas",
        "sex": "f",
        "age_band": "60_74",
        "commune": council.communes.first().pk,
        "legal_protection": "none",
        "problems": ["hoarding", "unpaid_rent"],
        "unpaid_amount": "2450.50",
        "eviction_stage": "summons",
        "facts": "Odeurs, voisinage inquiet.",
        "person_informed": "yes",
        "person_agrees": "yes",
        "urgency": "medium",
        "action": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_logged_in_alert_is_acknowledged_and_notifies_the_coordinator_without_names(
    client, council, coordinator, referrer
):
    client.force_login(referrer.user)
    pdf = SimpleUploadedFile("compte-rendu Dupont.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("situations:alert_create"), {**alert_data(council), "attachments": [pdf]})
    alert = Alert.objects.get()
    assert response.status_code == 302
    assert alert.status == AlertStatus.SUBMITTED
    assert re.fullmatch(r"VAL-S\d{4}-0001", alert.reference)
    assert alert.identity.last_name == "Dupont"
    assert alert.attachments.get().content_type == "application/pdf"
    assert "Dupont" not in alert.attachments.get().file.name
    page = client.get(response["Location"]).content.decode()
    assert alert.reference in page
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([coordinator.user.email, "nadia@ccas.test"])
    for message in mail.outbox:
        assert alert.reference in message.subject
        for word in ("Dupont", "Jeanne", "Lilas", "Incurie", "hoarding"):
            assert word not in message.subject + message.body


def test_invalid_alert_redisplays_everything_with_french_errors(client, council, referrer):
    client.force_login(referrer.user)
    response = client.post(
        reverse("situations:alert_create"),
        alert_data(council, facts="", problems=[], last_name="", referrer_email="pas-une-adresse"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce champ est obligatoire." in page
    assert "Cochez au moins un problème observé." in page
    assert "Indiquez le nom de la personne" in page
    assert "Saisissez une adresse de courriel valide." in page
    assert 'value="12 rue des Lilas"' in page
    assert 'value="2450.50"' in page
    assert not Alert.objects.exists()


def test_nominative_alert_needs_the_persons_agreement(client, council, referrer):
    client.force_login(referrer.user)
    response = client.post(reverse("situations:alert_create"), alert_data(council, person_agrees="no"))
    assert response.status_code == 200
    assert "suppose l&#x27;accord de la personne" in response.content.decode()


def test_attachment_type_is_checked_by_content(client, council, referrer):
    client.force_login(referrer.user)
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("situations:alert_create"), {**alert_data(council), "attachments": [fake]})
    assert response.status_code == 200
    assert "n&#x27;est ni un PDF" in response.content.decode()
    assert not Alert.objects.exists()


def test_draft_can_be_saved_incomplete_then_sent(client, council, referrer):
    client.force_login(referrer.user)
    response = client.post(
        reverse("situations:alert_create"),
        {"referrer_name": "Nadia", "facts": "Premiers éléments", "person_mode": "anonymous", "action": "draft"},
    )
    draft = Alert.objects.get()
    assert response.status_code == 302 and draft.status == AlertStatus.DRAFT and draft.reference is None
    page = client.get(reverse("situations:alert_edit", args=[draft.pk])).content.decode()
    assert "Premiers éléments" in page
    response = client.post(
        reverse("situations:alert_edit", args=[draft.pk]), alert_data(council, person_mode="initials", last_name="")
    )
    draft.refresh_from_db()
    assert draft.status == AlertStatus.SUBMITTED
    assert not Identity.objects.exists()  # initials mode keeps no identity


def test_secure_link_submission_without_account(client, council, coordinator):
    organisation = OrganisationFactory(council=council, name="Association tutélaire")
    link, token = link_services.secure_link_create(council=council, organisation=organisation, actor=None, days=30)
    url = reverse("situations:public_alert", args=[token])
    assert client.get(url).status_code == 200
    response = client.post(url, alert_data(council, referrer_organisation=organisation.pk))
    assert response.status_code == 200
    alert = Alert.objects.get()
    assert alert.reference in response.content.decode()
    assert alert.secure_link == link and alert.author is None and alert.referrer_organisation == organisation
    assert any(m.to == ["nadia@ccas.test"] and alert.reference in m.body for m in mail.outbox)
    # Nothing can be read afterwards through the link: the form is blank again.
    assert "Dupont" not in client.get(url).content.decode()


def test_secure_link_revoked_expired_and_rate_limited(client, council):
    organisation = OrganisationFactory(council=council)
    link, token = link_services.secure_link_create(council=council, organisation=organisation, actor=None, days=30)
    url = reverse("situations:public_alert", args=[token])
    for _ in range(link_services.LINK_SUBMISSIONS_PER_HOUR):
        AlertFactory(council=council, secure_link=link)
    assert client.post(url, alert_data(council, referrer_organisation=organisation.pk)).status_code == 429
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()
    assert client.get(url).status_code == 404
    link.expires_at = timezone.now() + timedelta(days=1)
    link.revoked_at = timezone.now()
    link.save()
    assert client.get(url).status_code == 404
    assert client.get(reverse("situations:public_alert", args=["inconnu"])).status_code == 404


def test_accepting_an_alert_opens_a_situation_with_identity_apart(client, council, coordinator, referrer):
    client.force_login(referrer.user)
    client.post(reverse("situations:alert_create"), alert_data(council))
    alert = Alert.objects.get()
    mail.outbox.clear()
    client.force_login(coordinator.user)
    page = client.get(reverse("situations:alert_qualify", args=[alert.pk]))
    assert page.status_code == 200 and "Dupont" in page.content.decode()
    assert (
        AccessLog.objects.filter(scope="identity", target_type="situations.alert", user=coordinator.user).count() == 1
    )
    response = client.post(reverse("situations:alert_qualify", args=[alert.pk]), {"decision": "accept"})
    situation = Situation.objects.get()
    assert response["Location"] == reverse("situations:detail", args=[situation.code])
    assert re.fullmatch(r"VAL-\d{4}-001", situation.code)
    assert situation.identity.last_name == "Dupont"
    assert situation.label == "J. D."
    assert set(situation.problem_rows.values_list("code", flat=True)) == {"hoarding", "unpaid_rent"}
    assert not hasattr(Situation, "last_name")
    (message,) = mail.outbox
    assert message.to == ["nadia@ccas.test"] and "retenue" in message.body
    assert "Dupont" not in message.body and "Incurie" not in message.body
    assert Event.objects.filter(verb="situation_opened", target_id=str(situation.pk)).exists()


def test_reorientation_needs_a_target_and_a_reason(client, council, coordinator):
    alert = AlertFactory(council=council)
    client.force_login(coordinator.user)
    response = client.post(reverse("situations:alert_qualify", args=[alert.pk]), {"decision": "reoriented"})
    assert response.status_code == 200
    assert "Indiquez la structure" in response.content.decode()
    target = OrganisationFactory(council=council, name="DAC Ouest")
    client.post(
        reverse("situations:alert_qualify", args=[alert.pk]),
        {"decision": "reoriented", "reoriented_to": target.pk, "reason": "Relève du DAC"},
    )
    alert.refresh_from_db()
    assert (alert.status, alert.reoriented_to, alert.decision_reason) == (
        AlertStatus.REORIENTED,
        target,
        "Relève du DAC",
    )
    assert "DAC Ouest" in mail.outbox[-1].body


@pytest.mark.parametrize("rule", ["address", "initials_commune_year", "landlord_building"])
def test_possible_duplicates_are_shown_and_the_alert_can_be_attached(client, council, coordinator, rule):
    commune = council.communes.first()
    landlord = OrganisationFactory(council=council, type="social_landlord")
    existing = nominative_situation(
        council, commune=commune, label="J. D.", landlord_organisation=landlord, neighbourhood="Résidence Les Tilleuls"
    )
    SituationFactory(council=council, label="Z. Z.")  # unrelated
    alert = AlertFactory(council=council, initials="X. Y.", person_mode=PersonMode.NOMINATIVE)
    identity = Identity.objects.create(council=council, alert=alert, last_name="Autre", address="1 autre rue")
    if rule == "address":
        identity.address = "12 RUE DES LILAS"
        identity.save()
    elif rule == "initials_commune_year":
        alert.initials, alert.commune = "j. d.", commune
        identity.birth_date = existing.identity.birth_date.replace(month=1)
        identity.save()
    else:
        alert.landlord_organisation, alert.neighbourhood = landlord, "résidence les tilleuls"
    alert.save()
    assert list(services.possible_duplicates(alert)) == [existing]
    client.force_login(coordinator.user)
    assert existing.code in client.get(reverse("situations:alert_qualify", args=[alert.pk])).content.decode()
    client.post(reverse("situations:alert_qualify", args=[alert.pk]), {"decision": "attach", "attach_to": existing.pk})
    alert.refresh_from_db()
    assert alert.situation == existing and Situation.objects.count() == 2


def test_no_duplicate_for_a_different_person(council):
    nominative_situation(council, label="J. D.", commune=council.communes.first())
    alert = AlertFactory(council=council, initials="A. B.", commune=council.communes.first())
    assert not services.possible_duplicates(alert).exists()


def test_a_new_secure_link_uses_the_public_address_not_the_request_host(client, council, coordinator, settings):
    settings.CONCERTO_SITE_URL = "https://concerto.clsm.example/"
    organisation = OrganisationFactory(council=council)
    client.force_login(coordinator.user)
    response = client.post(reverse("situations:link_list"), {"organisation": organisation.pk, "days": 30})
    page = response.content.decode()
    assert "https://concerto.clsm.example/saisine/" in page
    assert "http://testserver/saisine/" not in page
