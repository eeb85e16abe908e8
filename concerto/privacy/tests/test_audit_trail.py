"""The audit trail cannot be erased: append-only rows, erasure and retention changes confirmed and logged, the
DPO's access-log page with filters and export, unusual reading flagged, drafts purged (hardening issue #9)."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.enums import Role
from concerto.core.events import log_access, record_event
from concerto.core.models import AccessLog, AppendOnlyError, Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.privacy.retention import purge
from concerto.situations.models import Alert, Identity
from concerto.situations.tests.factories import AlertFactory, nominative_situation

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def dpo(council):
    return MembershipFactory(council=council, role=Role.DPO, profession="administrative")


def test_events_and_access_log_rows_are_append_only(council, dpo):
    event = record_event(council=council, actor=dpo.user, verb="note_added")
    row = log_access(council=council, user=dpo.user, target=council, scope="identity")
    for model, instance in ((Event, event), (AccessLog, row)):
        with pytest.raises(AppendOnlyError):
            model.objects.filter(pk=instance.pk).update(created_at=timezone.now())
        with pytest.raises(AppendOnlyError):
            model.objects.filter(pk=instance.pk).delete()
        with pytest.raises(AppendOnlyError):
            instance.delete()
        instance.source = "modifié" if model is AccessLog else None
        instance.verb = "autre"
        with pytest.raises(AppendOnlyError):
            instance.save()
        assert model.objects.filter(pk=instance.pk).count() == 1
    # Only the retention purge removes rows, through `purge()`.
    assert AccessLog.objects.filter(pk=row.pk).purge() == 1


def test_erasure_keeps_the_audit_trail_and_is_confirmed_and_logged(client, council, dpo):
    situation = nominative_situation(council)
    reader = MembershipFactory(council=council, role=Role.COORDINATOR)
    log_access(council=council, user=reader.user, target=situation, scope="identity", source="/x/")
    record_event(council=council, actor=reader.user, verb="note_added", target=situation)
    client.force_login(dpo.user)
    url = reverse("privacy:erasure")
    data = {"code": situation.code, "requested_on": timezone.localdate().isoformat(), "decision": "erased"}
    page = client.post(url, data).content.decode()
    assert "Effacer définitivement" in page and "journal des consultations" in page
    assert Identity.objects.filter(situation=situation).exists()  # nothing done before the confirmation
    client.post(url, {**data, "confirm": "yes"})
    assert not Identity.objects.filter(situation=situation).exists()
    key = {"target_type": "situations.situation", "target_id": str(situation.pk)}
    assert AccessLog.objects.filter(**key).count() == 1
    assert Event.objects.filter(verb="note_added", **key).exists()
    assert Event.objects.filter(verb="erasure_erased", data__code=situation.code).exists()
    # The DPO still answers "who read this person's identity, when", by the situation's code.
    listing = client.get(reverse("privacy:access_log"), {"code": situation.code}).content.decode()
    assert str(reader.user) in listing and "Identité" in listing


def test_retention_change_is_confirmed_logged_and_has_a_floor(client, council):
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    client.force_login(coordinator.user)
    url = reverse("privacy:overview")
    base = {
        "retention_years": 2, "declined_alert_retention_months": 6, "draft_retention_days": 30,
        "access_log_retention_months": 1, "unusual_reads_per_day": 20,
    }  # fmt: skip
    assert "supérieure ou égale à 6" in client.post(url, base).content.decode()
    page = client.post(url, {**base, "access_log_retention_months": 6}).content.decode()
    assert "Confirmer ces durées" in page
    council.refresh_from_db()
    assert council.access_log_retention_months == 12
    client.post(url, {**base, "access_log_retention_months": 6, "confirm": "yes"})
    council.refresh_from_db()
    assert council.access_log_retention_months == 6
    event = Event.objects.get(verb="retention_updated")
    assert event.data["changes"] == {"access_log_retention_months": 6} and event.actor == coordinator.user


def test_access_log_page_filters_and_exports(client, council, dpo):
    situation, other = nominative_situation(council), nominative_situation(council)
    alice = MembershipFactory(council=council, role=Role.COORDINATOR)
    bob = MembershipFactory(council=council, role=Role.PARTNER, organisation=OrganisationFactory(council=council))
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        log_access(council=council, user=alice.user, target=situation, scope="identity", source="/ancien/")
    log_access(council=council, user=bob.user, target=situation, scope="identity", source="/recent/")
    log_access(council=council, user=alice.user, target=other, scope="identity", source="/autre/")
    client.force_login(dpo.user)
    url = reverse("privacy:access_log")

    def sources(**params):
        return [row.source for row in client.get(url, params).context["page"]]

    assert sources(code=situation.code) == ["/recent/", "/ancien/"]
    assert sources(user=alice.user.pk) == ["/autre/", "/ancien/"]
    assert sources(since=(timezone.localdate() - datetime.timedelta(days=1)).isoformat(), code=situation.code) == [
        "/recent/"
    ]
    assert sources(scope="attachment") == []
    export = client.get(url, {"code": situation.code, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Date", "Personne", "Nature", "Objet", "Page") and len(rows) == 3
    assert isinstance(rows[1][0], datetime.datetime) and rows[1][3] == f"Situation {situation.code}"
    assert Event.objects.filter(verb="access_log_exported", actor=dpo.user).exists()


def test_unusual_reading_is_flagged_on_the_home_page(client, council, dpo):
    council.unusual_reads_per_day = 3
    council.save()
    curious = MembershipFactory(council=council, role=Role.CELL_MEMBER)
    situations = [nominative_situation(council) for _ in range(4)]
    client.force_login(dpo.user)
    for situation in situations[:3]:
        log_access(council=council, user=curious.user, target=situation, scope="identity")
    assert "Lectures inhabituelles" not in client.get(reverse("home")).content.decode()
    log_access(council=council, user=curious.user, target=situations[3], scope="identity")
    assert "Lectures inhabituelles" in client.get(reverse("home")).content.decode()
    assert curious.user.email in client.get(reverse("privacy:access_log")).content.decode()


def test_the_public_link_stores_no_draft_and_old_drafts_are_purged(client, council):
    from concerto.situations import link_services

    link, token = link_services.secure_link_create(
        council=council, organisation=OrganisationFactory(council=council), actor=None, days=30
    )
    client.post(
        reverse("situations:public_alert", kwargs={"token": token}),
        {"action": "draft", "person_mode": "nominative", "last_name": "Orpheline", "referrer_name": "X"},
    )
    assert not Alert.objects.filter(status="draft").exists()
    author = MembershipFactory(council=council, role=Role.PARTNER)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        old = AlertFactory(council=council, author=author.user, status="draft", reference=None)
    fresh = AlertFactory(council=council, author=author.user, status="draft", reference=None)
    assert purge(council, dry_run=True)["drafts_deleted"] == 1
    purge(council)
    assert not Alert.objects.filter(pk=old.pk).exists() and Alert.objects.filter(pk=fresh.pk).exists()
