import datetime

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from concerto.core.models import AccessLog, Event
from concerto.core.registry import registry
from concerto.factories import CouncilFactory, UserFactory
from concerto.privacy.models import PurgeRun
from concerto.privacy.retention import RULES, purge
from concerto.situations.models import Identity, JournalNote, Situation
from concerto.situations.tests.factories import AlertFactory, nominative_situation


def day(offset: int = 0) -> str:
    """A date relative to today (tests never depend on the day they run)."""
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


pytestmark = pytest.mark.django_db

PERSONAL_TYPES = (models.CharField, models.TextField, models.DateField, models.JSONField, models.FileField,
                  models.ForeignKey)  # fmt: skip


def concerto_models():
    return [model for model in apps.get_models() if model.__module__.startswith("concerto.")]


def test_every_model_has_a_retention_declaration():
    """Each app declares, for each of its models, either a rule for every field that can hold personal data, or
    why the model holds nothing about a person the council supports (`declarations.py`)."""
    missing, undeclared = [], []
    for model in concerto_models():
        label = model._meta.label_lower
        if label in registry.out_of_scope:
            assert label not in RULES, f"{label}: both out of scope and with rules"
            continue
        if label not in RULES:
            undeclared.append(label)
            continue
        rules = RULES[label]
        assert rules.get("*") in (None, "destroy"), f"{label}: a wildcard may only destroy whole rows"
        for field in model._meta.concrete_fields:
            if isinstance(field, PERSONAL_TYPES) and field.name not in rules and "*" not in rules:
                missing.append(f"{label}.{field.name}")
    assert not undeclared, f"Modèles sans déclaration de conservation : {undeclared}"
    assert not missing, f"Champs sans règle de conservation : {missing}"


def test_retention_declarations_name_real_models_and_fields():
    labels = {model._meta.label_lower: model for model in concerto_models()}
    assert not (RULES.keys() | registry.out_of_scope.keys()) - labels.keys()
    for label, rules in RULES.items():
        names = {field.name for field in labels[label]._meta.concrete_fields}
        assert not set(rules) - names - {"*"}, f"{label}: règles sur des champs inconnus"


def test_each_app_anonymises_its_own_rows_in_a_stable_order():
    assert [anonymiser.app for anonymiser in registry.anonymisers] == ["meetings", "plans", "situations"]


@pytest.fixture
def old_closed_situation():
    council = CouncilFactory()
    situation = nominative_situation(
        council, status="closed", closed_on=timezone.localdate() - datetime.timedelta(days=800)
    )
    JournalNote.objects.create(
        situation=situation, visibility="participants", occurred_on=timezone.localdate(), text="note"
    )
    AlertFactory(council=council, situation=situation, facts="Odeurs", referrer_email="as@ccas.test")
    Event.objects.create(
        council=council, verb="note_added", target_type="situations.situation", target_id=str(situation.pk)
    )
    return situation


def test_dry_run_counts_without_changing_anything(old_closed_situation):
    council = old_closed_situation.council
    counts = purge(council, dry_run=True)
    assert counts["situations_anonymised"] == 1 and counts["identities_destroyed"] == 1
    assert Identity.objects.filter(situation=old_closed_situation).exists()
    assert not PurgeRun.objects.exists()  # a simulation leaves no trace


def test_purge_anonymises_closed_situations_past_their_period(old_closed_situation):
    council = old_closed_situation.council
    recent = nominative_situation(
        council, status="closed", closed_on=timezone.localdate() - datetime.timedelta(days=100)
    )
    open_one = nominative_situation(council)
    call_command("purge", verbosity=0)
    situation = Situation.objects.get(pk=old_closed_situation.pk)
    assert situation.label == "Anonymisée" and situation.anonymised_at and situation.person_mode == "anonymous"
    assert set(situation.problem_rows.values_list("code", flat=True)) == {
        "hoarding",
        "care_refusal",
    }  # kept for statistics
    assert not Identity.objects.filter(situation=situation).exists()
    assert not JournalNote.objects.filter(situation=situation).exists()
    alert = situation.alerts.get()
    assert (alert.facts, alert.referrer_email) == ("", "")
    # The audit trail stays, pseudonymised, for its own retention period.
    assert Event.objects.filter(target_id=str(situation.pk), target_type="situations.situation").exists()
    for other in (recent, open_one):
        assert Identity.objects.filter(situation=other).exists()
    run = PurgeRun.objects.get(dry_run=False)
    assert run.counts["situations_anonymised"] == 1
    assert "Dupont" not in str(run.counts)


def test_purge_calls_every_app_anonymiser(old_closed_situation):
    """Meetings and plans anonymise their own rows about the situation (declared in their declarations.py)."""
    from concerto.factories import OrganisationFactory
    from concerto.meetings.models import AgendaItem, Meeting, WorkingNote
    from concerto.plans.models import Action, ProposalAnswer

    situation, council, user = old_closed_situation, old_closed_situation.council, UserFactory()
    meeting = Meeting.objects.create(council=council, starts_at=timezone.now(), ends_at=timezone.now())
    item = AgendaItem.objects.create(meeting=meeting, situation=situation, decisions="Visite à domicile")
    WorkingNote.objects.create(item=item, author=user, text="notes")
    Action.objects.create(
        council=council, situation=situation, text="Visite", owner_organisation=OrganisationFactory(council=council),
        owner_user=user, due_on=timezone.localdate(), kept_after_withdrawal="motif",
    )  # fmt: skip
    ProposalAnswer.objects.create(situation=situation, told_on=timezone.localdate(), told_by=user, answer="accepted")
    purge(council)
    item.refresh_from_db()
    action = Action.objects.get(situation=situation)
    assert item.decisions == "" and not WorkingNote.objects.filter(item=item).exists()
    assert (action.text, action.owner_user, action.kept_after_withdrawal) == ("", None, "")
    assert ProposalAnswer.objects.get(situation=situation).told_by is None


def test_declined_alerts_and_old_access_logs_are_purged():
    council = CouncilFactory()
    old = AlertFactory(council=council, status="reoriented", decided_at=timezone.now() - datetime.timedelta(days=250))
    fresh = AlertFactory(council=council, status="reoriented", decided_at=timezone.now() - datetime.timedelta(days=20))
    user = UserFactory()
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        AccessLog.objects.create(
            council=council, user=user, target_type="situations.situation", target_id="1", scope="identity"
        )
    AccessLog.objects.create(
        council=council, user=user, target_type="situations.situation", target_id="1", scope="identity"
    )
    counts = purge(council)
    assert counts["declined_alerts_anonymised"] == 1 and counts["access_log_rows_deleted"] == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.facts == "" and old.referrer_email == "" and fresh.facts != ""
    assert AccessLog.objects.count() == 1


def test_privacy_page_shows_the_record_and_the_dry_run(client, old_closed_situation):
    from django.urls import reverse

    from concerto.accounts.enums import Role
    from concerto.factories import MembershipFactory

    council = old_closed_situation.council
    dpo = MembershipFactory(council=council, role=Role.DPO, profession="administrative")
    client.force_login(dpo.user)
    page = client.get(reverse("privacy:overview"))
    assert page.status_code == 200 and page.context["preview"]["situations_anonymised"] == 1
    assert page.context["form"] is None  # the DPO reads, the coordinator sets the durations
    assert Identity.objects.filter(situation=old_closed_situation).exists()  # a dry run only
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    client.force_login(coordinator.user)
    base = {"retention_years": 3, "declined_alert_retention_months": 6, "draft_retention_days": 30}
    base["unusual_reads_per_day"] = 20
    response = client.post(reverse("privacy:overview"), {**base, "access_log_retention_months": 40})
    assert response.status_code == 200  # 40 months is over the 36-month ceiling
    client.post(reverse("privacy:overview"), {**base, "access_log_retention_months": 24, "confirm": "yes"})
    council.refresh_from_db()
    assert (council.retention_years, council.access_log_retention_months) == (3, 24)


def test_subject_access_produces_json_and_pdf_and_is_logged(client, old_closed_situation):
    import io
    import json

    from django.urls import reverse
    from pypdf import PdfReader

    from concerto.accounts.enums import Role
    from concerto.factories import MembershipFactory

    council = old_closed_situation.council
    dpo = MembershipFactory(council=council, role=Role.DPO, profession="administrative")
    client.force_login(dpo.user)
    url = reverse("privacy:subject_access")
    missing = client.post(url, {"last_name": "Inconnu", "birth_date": "1958-03-14", "output": "json"})
    assert "Aucune personne" in missing.content.decode()
    response = client.post(url, {"last_name": "DUPONT", "birth_date": "1958-03-14", "output": "json"})
    data = json.loads(response.content)
    assert data["identity"]["last_name"] == "Dupont"
    (situation,) = data["situations"]
    assert situation["code"] == old_closed_situation.code
    assert situation["notes"][0]["text"] == "note"
    pdf = client.post(url, {"last_name": "Dupont", "birth_date": "1958-03-14", "output": "pdf"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dupont" in text and old_closed_situation.code in text
    assert AccessLog.objects.filter(scope="subject_access", user=dpo.user).count() == 2
    assert Event.objects.filter(verb="subject_access_produced").count() == 2
    assert "Dupont" not in pdf["Content-Disposition"]


def test_erasure_is_carried_out_or_refused_with_a_reason(client):
    from django.urls import reverse

    from concerto.accounts.enums import Role
    from concerto.factories import MembershipFactory
    from concerto.privacy.models import ErasureRequest

    council = CouncilFactory()
    first, second = nominative_situation(council), nominative_situation(council)
    dpo = MembershipFactory(council=council, role=Role.DPO, profession="administrative")
    client.force_login(dpo.user)
    url = reverse("privacy:erasure")
    response = client.post(url, {"code": second.code, "requested_on": day(-9), "decision": "refused"})
    assert "Indiquez le motif du refus" in response.content.decode()
    client.post(
        url,
        {
            "code": second.code,
            "requested_on": day(-9),
            "decision": "refused",
            "reason": "Procédure d'expulsion en cours",
        },
    )
    response = client.post(url, {"code": first.code, "requested_on": day(-9), "decision": "erased"})
    assert "Confirmer l" in response.content.decode() and Identity.objects.filter(situation=first).exists()
    client.post(url, {"code": first.code, "requested_on": day(-9), "decision": "erased", "confirm": "yes"})
    assert not Identity.objects.filter(situation=first).exists()
    assert Identity.objects.filter(situation=second).exists()
    assert Situation.objects.get(pk=first.pk).anonymised_at is not None
    assert list(ErasureRequest.objects.order_by("id").values_list("decision", flat=True)) == ["refused", "erased"]
