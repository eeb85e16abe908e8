import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import AccessLog, Event
from concerto.core.utils import add_months
from concerto.councils.models import Charter
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.situations.enums import ConsentKind, SituationStatus, Visibility
from concerto.situations.models import JournalNote, Participant, Situation, SituationProblem
from concerto.situations.tests.factories import (
    PDF,
    CellFactory,
    SituationFactory,
    add_participant,
    nominative_situation,
)


def day(offset: int = 0) -> str:
    """A date relative to today (tests never depend on the day they run)."""
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def people(council):
    def member(role, profession, org_name=None):
        organisation = OrganisationFactory(council=council, name=org_name) if org_name else None
        return MembershipFactory(council=council, role=role, profession=profession, organisation=organisation)

    return {
        "coordinator": member(Role.COORDINATOR, Profession.ADMINISTRATIVE),
        "nurse": member(Role.PARTNER, Profession.HEALTH, "CMP"),
        "landlord": member(Role.PARTNER, Profession.LANDLORD, "Bailleur social"),
        "cell_member": member(Role.CELL_MEMBER, Profession.SOCIAL, "CCAS"),
    }


@pytest.fixture
def situation(council, people):
    situation = nominative_situation(council)
    add_participant(situation, people["nurse"])
    add_participant(situation, people["landlord"])
    for visibility in Visibility.values:
        JournalNote.objects.create(
            situation=situation, author=people["coordinator"].user, visibility=visibility,
            occurred_on=timezone.localdate(), text=f"texte {visibility}",
        )  # fmt: skip
    return situation


def url(name, situation, *args):
    return reverse(f"situations:{name}", args=[situation.code, *args])


def as_user(client, membership):
    client.force_login(membership.user)
    return client


def test_every_identity_read_leaves_an_access_log_row(client, situation, people):
    for who in ("coordinator", "nurse", "landlord", "nurse"):
        as_user(client, people[who]).get(url("identity", situation))
    rows = AccessLog.objects.filter(target_type="situations.situation", target_id=str(situation.pk), scope="identity")
    assert rows.count() == 4
    assert {r.user for r in rows} == {people[w].user for w in ("coordinator", "nurse", "landlord")}
    assert all(r.source == url("identity", situation) for r in rows)
    # No other page shows the identity.
    for name in ("detail", "consent", "participants", "journal", "timeline"):
        assert "Dupont" not in client.get(url(name, situation)).content.decode(), name


def test_landlord_participant_never_sees_clinical_content(client, situation, people):
    health_note = situation.notes.get(visibility=Visibility.HEALTH_SOCIAL)
    landlord = as_user(client, people["landlord"])
    assert landlord.get(url("note", situation, health_note.pk)).status_code == 404
    journal = landlord.get(url("journal", situation)).content.decode()
    assert "texte participants" in journal
    assert "texte health_social" not in journal and "texte coordinator" not in journal
    summary = landlord.get(url("detail", situation)).content.decode()
    assert "Incurie" in summary and "Refus ou rupture de soins" not in summary
    # Nor can the landlord write a health-only note.
    response = landlord.post(
        url("journal", situation), {"visibility": "health_social", "occurred_on": day(-6), "text": "x"}
    )
    assert response.status_code == 200
    assert "x" not in [note.text for note in situation.notes.all()]


def test_health_participant_sees_clinical_content_but_not_coordinator_notes(client, situation, people):
    nurse = as_user(client, people["nurse"])
    journal = nurse.get(url("journal", situation)).content.decode()
    assert "texte health_social" in journal and "texte coordinator" not in journal
    assert "Refus ou rupture de soins" in nurse.get(url("detail", situation)).content.decode()
    nurse.post(url("journal", situation), {"visibility": "health_social", "occurred_on": day(-6), "text": "Vu au CMP"})
    note = situation.notes.latest("id")
    assert note.text == "Vu au CMP"
    event = Event.objects.get(verb="note_added", data__note=note.pk)
    assert "Vu au CMP" not in str(event.data)


def test_cell_member_not_taking_part_sees_code_and_status_only(client, situation, people):
    member = as_user(client, people["cell_member"])
    page = member.get(url("detail", situation)).content.decode()
    assert situation.code in page and "À examiner en cellule" in page
    assert "J. D." not in page and "Incurie" not in page
    for name in ("identity", "journal", "consent", "participants", "timeline"):
        assert member.get(url(name, situation)).status_code == 404, name
    listing = member.get(reverse("situations:list")).content.decode()
    assert situation.code in listing and "Réservé aux participants" in listing


def test_withdrawal_takes_effect_at_once(client, situation, people):
    coordinator = as_user(client, people["coordinator"])
    coordinator.post(
        url("consent", situation),
        {"kind": ConsentKind.WITHDRAWAL, "occurred_on": day(-6), "by_whom": "CMP", "means": "Entretien"},
    )
    assert Event.objects.filter(verb="consent_withdrawn", target_id=str(situation.pk)).exists()
    assert coordinator.get(url("identity", situation)).status_code == 200
    assert "texte health_social" in coordinator.get(url("journal", situation)).content.decode()
    # No new participant can be added.
    before = Participant.objects.count()
    coordinator.post(
        url("participants", situation),
        {"organisation": OrganisationFactory(council=situation.council).pk, "since": day(-6)},
    )
    assert Participant.objects.count() == before
    nurse = as_user(client, people["nurse"])
    assert nurse.get(url("identity", situation)).status_code == 404
    assert "texte health_social" not in nurse.get(url("journal", situation)).content.decode()
    assert "Refus ou rupture de soins" not in nurse.get(url("detail", situation)).content.decode()
    # A new agreement restores sharing.
    as_user(client, people["coordinator"]).post(
        url("consent", situation),
        {"kind": ConsentKind.AGREEMENT, "occurred_on": day(-5), "by_whom": "CMP", "means": "Courrier"},
    )
    assert as_user(client, people["nurse"]).get(url("identity", situation)).status_code == 200


def test_agreement_scope_limits_who_sees_the_identity(client, situation, people):
    nurse_org = Participant.objects.get(situation=situation, user=people["nurse"].user).organisation
    as_user(client, people["coordinator"]).post(
        url("consent", situation),
        {
            "kind": ConsentKind.AGREEMENT,
            "occurred_on": day(-5),
            "by_whom": "CMP",
            "means": "Entretien",
            "scope": [nurse_org.pk],
        },
    )
    assert as_user(client, people["nurse"]).get(url("identity", situation)).status_code == 200
    assert as_user(client, people["landlord"]).get(url("identity", situation)).status_code == 404


def test_ended_participation_closes_access(client, situation, people):
    participant = Participant.objects.get(situation=situation, user=people["nurse"].user)
    as_user(client, people["coordinator"]).post(url("participant_end", situation, participant.pk))
    assert as_user(client, people["nurse"]).get(url("detail", situation)).status_code == 404


def test_one_referent_at_a_time(client, situation, people):
    coordinator = as_user(client, people["coordinator"])
    first, second = Participant.objects.filter(situation=situation)
    coordinator.post(url("participant_referent", situation, first.pk))
    coordinator.post(url("participant_referent", situation, second.pk))
    assert list(Participant.objects.filter(situation=situation, is_referent=True)) == [second]


def test_charter_must_be_signed_before_nominative_or_clinical_content(client, council, situation, people):
    cell = CellFactory(council=council)
    Situation.objects.filter(pk=situation.pk).update(cell=cell)
    Charter.objects.create(cell=cell, version=1, document=SimpleUploadedFile("c.pdf", PDF))
    nurse = as_user(client, people["nurse"])
    assert nurse.get(url("identity", situation)).status_code == 404
    page = nurse.get(url("detail", situation)).content.decode()
    assert "Lire et signer la charte" in page and "Refus ou rupture de soins" not in page
    nurse.post(reverse("councils:charter_commit", args=[cell.pk]))
    assert nurse.get(url("identity", situation)).status_code == 200
    # A new version asks for a new commitment.
    Charter.objects.create(cell=cell, version=2, document=SimpleUploadedFile("c.pdf", PDF))
    assert nurse.get(url("identity", situation)).status_code == 404


def test_mode_change_to_nominative_needs_an_agreement(client, council, people):
    situation = SituationFactory(council=council)
    coordinator = as_user(client, people["coordinator"])
    data = {"person_mode": "nominative", "label": "J. D.", "last_name": "Durand"}
    response = coordinator.post(url("mode", situation), data)
    assert "suppose un accord" in response.content.decode()
    coordinator.post(
        url("consent", situation),
        {"kind": "agreement", "occurred_on": day(-6), "by_whom": "CCAS", "means": "Entretien"},
    )
    assert coordinator.post(url("mode", situation), data).status_code == 302
    situation.refresh_from_db()
    assert situation.person_mode == "nominative" and situation.identity.last_name == "Durand"
    assert Event.objects.filter(verb="mode_changed", data__after="nominative").exists()
    coordinator.post(url("mode", situation), {"person_mode": "anonymous", "label": "Personne 001"})
    situation.refresh_from_db()
    assert situation.person_mode == "anonymous"
    assert coordinator.get(url("identity", situation)).status_code == 404


def test_concurrent_edits_are_detected_and_nothing_is_lost(client, situation, people):
    coordinator = as_user(client, people["coordinator"])
    base = {
        "age_band": "unknown",
        "legal_protection": "unknown",
        "urgency": "medium",
        "version": situation.version,
        "problems": ["hoarding"],
    }
    assert coordinator.post(url("edit", situation), {**base, "neighbourhood": "Centre"}).status_code == 302
    response = coordinator.post(url("edit", situation), {**base, "neighbourhood": "Gare"})
    page = response.content.decode()
    assert response.status_code == 200 and "pendant que vous la modifiiez" in page and 'value="Gare"' in page
    situation.refresh_from_db()
    assert situation.neighbourhood == "Centre"
    event = Event.objects.get(verb="situation_updated")
    assert set(event.data["fields"]) == {"neighbourhood", "problems"}


def test_timeline_lists_events_and_identity_reads(client, situation, people):
    as_user(client, people["nurse"]).get(url("identity", situation))
    page = as_user(client, people["coordinator"]).get(url("timeline", situation)).content.decode()
    assert "Identité consultée" in page


def _list_queries(client, council, count):
    Situation.objects.filter(council=council).delete()
    situations = SituationFactory.create_batch(count, council=council, commune=council.communes.first())
    SituationProblem.objects.bulk_create([SituationProblem(situation=s, code="hoarding") for s in situations])
    client.get(reverse("situations:list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("situations:list"), {"problem": "hoarding"})
    assert response.status_code == 200
    return len(queries)


def test_situation_list_query_count_is_constant(client, council, people):
    as_user(client, people["coordinator"])
    assert _list_queries(client, council, 10) == _list_queries(client, council, 1000)


def test_situation_list_filters_and_counts(client, council, people):
    commune = council.communes.first()
    old = SituationFactory(
        council=council,
        status=SituationStatus.FOLLOWED,
        opened_on=timezone.localdate() - datetime.timedelta(days=90),
        referrer_type="ccas",
    )
    new = SituationFactory(council=council, commune=commune)
    SituationProblem.objects.create(situation=new, code="danger")
    coordinator = as_user(client, people["coordinator"])

    def codes(**params):
        return [s.code for s in coordinator.get(reverse("situations:list"), params).context["page"]]

    assert codes(status="followed") == [old.code]
    assert codes(commune=commune.pk) == [new.code]
    assert codes(problem="danger") == [new.code]
    assert codes(referrer_type="ccas") == [old.code]
    assert codes(older_than=60) == [old.code]
    assert codes(code=new.code.lower()) == [new.code]
    counts = dict((value, n) for value, _label, n in coordinator.get(reverse("situations:list")).context["counts"])
    assert counts["followed"] == 1 and counts["to_examine"] == 1


def test_partner_lists_only_the_situations_they_take_part_in(client, council, situation, people):
    SituationFactory(council=council, code="AUTRE-2026-999")
    listing = as_user(client, people["landlord"]).get(reverse("situations:list")).content.decode()
    assert situation.code in listing and "AUTRE-2026-999" not in listing


def test_an_organisation_taking_part_cannot_be_deleted(client, situation, people):
    organisation = Participant.objects.filter(situation=situation).first().organisation
    response = as_user(client, people["coordinator"]).post(
        reverse("directory:delete", args=[organisation.pk]), follow=True
    )
    assert "participe à des situations" in response.content.decode()
    assert type(organisation).objects.filter(pk=organisation.pk).exists()


def test_closure_notifies_the_referrer_and_reopening_is_recorded(client, council, situation, people):
    from django.core import mail

    from concerto.situations.tests.factories import AlertFactory

    AlertFactory(council=council, situation=situation, referrer_email="referente@exemple.test")
    relay = OrganisationFactory(council=council, name="SAVS relais")
    coordinator = as_user(client, people["coordinator"])
    response = coordinator.post(url("close", situation), {"reason": "relay", "relay_organisation": relay.pk})
    assert response.status_code == 302
    situation.refresh_from_db()
    assert situation.status == SituationStatus.CLOSED and situation.relay_organisation == relay
    assert situation.watch_until == add_months(situation.closed_on, 6)
    (message,) = mail.outbox
    assert message.to == ["referente@exemple.test"] and situation.code in message.subject
    assert "Dupont" not in message.body
    coordinator.post(url("close", situation), {"reason": "worsened"})
    situation.refresh_from_db()
    assert situation.status == SituationStatus.FOLLOWED and situation.watch_until is None
    verbs = list(Event.objects.filter(target_id=str(situation.pk)).values_list("verb", flat=True))
    assert "situation_closed" in verbs and "situation_reopened" in verbs
    assert "Situation rouverte" in coordinator.get(url("timeline", situation)).content.decode()


def test_pages_that_show_the_identity_in_a_form_log_the_read_too(client, council, situation, people):
    from concerto.situations.models import Identity
    from concerto.situations.tests.factories import AlertFactory

    coordinator = as_user(client, people["coordinator"])
    page = coordinator.get(url("mode", situation)).content.decode()
    assert "Dupont" in page
    assert AccessLog.objects.filter(scope="identity", source=url("mode", situation)).count() == 1
    draft = AlertFactory(
        council=council, author=people["nurse"].user, status="draft", reference=None, person_mode="nominative"
    )
    Identity.objects.create(council=council, alert=draft, last_name="Durand")
    edit = reverse("situations:alert_edit", args=[draft.pk])
    assert "Durand" in as_user(client, people["nurse"]).get(edit).content.decode()
    assert AccessLog.objects.filter(scope="identity", source=edit, user=people["nurse"].user).count() == 1
