"""The seven findings of the need-to-know review (issue #8), one test each or more; every one failed before the
disclosure policy. The sentinel harness (concerto/tests/test_disclosure.py) checks every output as a whole."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory, UserFactory
from concerto.meetings.models import AgendaItem, Meeting
from concerto.plans.models import Action
from concerto.situations import rules, services
from concerto.situations.enums import ConsentKind, PersonMode, Visibility
from concerto.situations.models import ConsentRecord, JournalNote, Participant, Situation, SituationProblem
from concerto.situations.tests.factories import (
    AlertFactory,
    SituationFactory,
    add_participant,
    nominative_situation,
)

pytestmark = pytest.mark.django_db


def day(offset: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def people(council):
    def member(role, profession, org_name):
        organisation = OrganisationFactory(council=council, name=org_name)
        return MembershipFactory(council=council, role=role, profession=profession, organisation=organisation)

    return {
        "coordinator": member(Role.COORDINATOR, Profession.ADMINISTRATIVE, "Coordination"),
        "nurse": member(Role.PARTNER, Profession.HEALTH, "CMP"),
        "social": member(Role.PARTNER, Profession.SOCIAL, "CCAS"),
        "landlord": member(Role.PARTNER, Profession.LANDLORD, "Bailleur social"),
        "police": member(Role.CELL_MEMBER, Profession.POLICE, "Police municipale"),
    }


@pytest.fixture
def situation(council, people):
    situation = nominative_situation(council)
    for key in ("nurse", "social", "landlord"):
        add_participant(situation, people[key])
    return situation


def login(client, membership):
    client.force_login(membership.user)
    return client


def url(name, situation, **kwargs):
    return reverse(f"situations:{name}", kwargs={"code": situation.code, **kwargs})


# --- 3. list filters -----------------------------------------------------------------------------------------


def test_a_filter_never_tells_what_a_row_hides(client, council, people, situation):
    """care_refusal is health content: the police cell member (who lists every situation, code and status) and
    the landlord participant neither get the filter nor can narrow the list with it."""
    other = SituationFactory(council=council)
    listing = reverse("situations:list")
    for key in ("police", "landlord"):
        page = login(client, people[key]).get(listing)
        assert 'value="care_refusal"' not in page.content.decode(), key
        unfiltered = page.context["page"].paginator.count
        for query in ("problem=care_refusal", "problem=addiction", "problem=cognitive", "problem=hoarding"):
            filtered = client.get(f"{listing}?{query}").context["page"].paginator.count
            assert filtered == unfiltered or key == "landlord" and query == "problem=hoarding", (key, query)
    # The police member takes part in nothing: no filter on content is offered or applied.
    police = login(client, people["police"])
    page = police.get(f"{listing}?commune={situation.commune_id or 1}&older_than=0&referrer_type=ccas")
    assert "commune" not in page.context["form"].fields
    assert page.context["page"].paginator.count == 2
    # The nurse filters on what she sees: her situation has care_refusal, the other situation is hidden from her.
    SituationProblem.objects.create(situation=other, code="care_refusal")
    nurse = login(client, people["nurse"])
    codes = [s.code for s in nurse.get(f"{listing}?problem=care_refusal").context["page"]]
    assert codes == [situation.code]
    # The coordinator sees every row, so every filter applies.
    coordinator = login(client, people["coordinator"])
    assert coordinator.get(f"{listing}?problem=care_refusal").context["page"].paginator.count == 2


# --- 5. consent scope ----------------------------------------------------------------------------------------


def _scoped_agreement(situation, *organisations):
    record = ConsentRecord.objects.create(
        situation=situation, kind=ConsentKind.AGREEMENT, occurred_on=timezone.localdate(), by_whom="CMP",
        means="ne veut pas que la police soit informée",
    )  # fmt: skip
    record.scope.set(organisations)
    return record


def test_an_organisation_outside_the_scope_cannot_be_added_nor_invited(client, council, people, situation):
    _scoped_agreement(situation, people["nurse"].organisation, people["social"].organisation)
    coordinator = login(client, people["coordinator"])
    response = coordinator.post(
        url("participants", situation), {"organisation": people["police"].organisation.pk, "since": day()}
    )
    assert "pas dans le périmètre de" in response.content.decode()
    assert not Participant.objects.filter(situation=situation, organisation=people["police"].organisation).exists()
    start = timezone.now() + datetime.timedelta(days=5)
    meeting = Meeting.objects.create(council=council, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    item = AgendaItem.objects.create(meeting=meeting, situation=situation)
    response = coordinator.post(
        reverse("meetings:invite_actor", kwargs={"pk": meeting.pk}),
        {"item": item.pk, "user": people["police"].user.pk},
        follow=True,
    )
    assert "pas dans le périmètre de" in response.content.decode()
    assert not meeting.invitations.filter(user=people["police"].user).exists()


def test_a_participant_outside_the_scope_reads_neither_notes_nor_the_consent_comment(client, people, situation):
    _scoped_agreement(situation, people["nurse"].organisation)
    JournalNote.objects.create(
        situation=situation, visibility=Visibility.PARTICIPANTS, occurred_on=timezone.localdate(), text="note partagée"
    )
    social = login(client, people["social"])  # a health-and-social participant, but outside the scope
    assert social.get(url("journal", situation)).status_code == 404
    assert social.get(url("consent", situation)).status_code == 404
    nurse = login(client, people["nurse"])
    assert "ne veut pas que la police" in nurse.get(url("consent", situation)).content.decode()
    # The landlord (no scope limit hit here: add him) reads the consent's nature, not its comment.
    record = situation.consents.latest("created_at")
    record.scope.add(people["landlord"].organisation)
    page = login(client, people["landlord"]).get(url("consent", situation)).content.decode()
    assert "Accord pour le partage" in page and "ne veut pas que la police" not in page


def test_a_nominative_situation_needs_a_recorded_agreement(people, council):
    coordinator = people["coordinator"].user
    alert = AlertFactory(council=council, person_mode=PersonMode.NOMINATIVE, person_agrees="yes")
    situation = services.alert_accept(alert=alert, actor=coordinator)
    assert situation.person_mode == PersonMode.NOMINATIVE
    (agreement,) = situation.consents.all()
    assert agreement.kind == ConsentKind.AGREEMENT and alert.reference in agreement.means
    # Without the person's agreement the situation opens with initials only.
    alert = AlertFactory(council=council, person_mode=PersonMode.NOMINATIVE, person_agrees="unknown")
    situation = services.alert_accept(alert=alert, actor=coordinator)
    assert situation.person_mode == PersonMode.INITIALS and not situation.consents.exists()
    # And the service itself refuses the nominative mode without an agreement, whatever the form said.
    with pytest.raises(services.DomainError, match="accord"):
        services.situation_change_mode(
            situation=situation, actor=coordinator, mode=PersonMode.NOMINATIVE, label="X", identity={}
        )


# --- 6. withdrawal -------------------------------------------------------------------------------------------


def test_a_withdrawal_typed_with_an_earlier_date_still_blocks(client, people, situation):
    """The consent records are ordered by when they were recorded, not by the date typed."""
    coordinator = login(client, people["coordinator"])
    coordinator.post(
        url("consent", situation),
        {"kind": ConsentKind.WITHDRAWAL, "occurred_on": day(-30), "by_whom": "CMP", "means": "Courrier"},
    )
    assert login(client, people["nurse"]).get(url("identity", situation)).status_code == 404
    page = login(client, people["coordinator"]).get(url("consent", situation)).content.decode()
    assert "Exprimé le" in page and "Enregistré le" in page


def test_a_withdrawal_is_a_workflow(client, people, situation):
    referent = Participant.objects.get(situation=situation, user=people["social"].user)
    referent.is_referent = True
    referent.save()
    open_action = Action.objects.create(
        council=situation.council, situation=situation, text="RDV CMP", owner_organisation=people["nurse"].organisation,
        due_on=timezone.localdate(),
    )  # fmt: skip
    kept = Action.objects.create(
        council=situation.council, situation=situation, text="Visite", owner_organisation=people["landlord"].organisation,
        due_on=timezone.localdate(),
    )  # fmt: skip
    mail.outbox.clear()
    coordinator = login(client, people["coordinator"])
    coordinator.post(
        url("consent", situation),
        {"kind": ConsentKind.WITHDRAWAL, "occurred_on": day(), "by_whom": "CMP", "means": "Entretien"},
    )
    # Participants are told, by code only.
    told = {m.to[0] for m in mail.outbox if "partage suspendu" in m.subject}
    assert told == {people[k].user.email for k in ("nurse", "social", "landlord")}
    assert all("Dupont" not in m.body for m in mail.outbox)
    # Content closes to everyone but the coordinator and the referent.
    assert login(client, people["nurse"]).get(url("journal", situation)).status_code == 404
    assert login(client, people["social"]).get(url("identity", situation)).status_code == 200
    # The dashboard flags the situation until every open action is decided.
    coordinator = login(client, people["coordinator"])
    assert situation.code in coordinator.get(reverse("home")).content.decode()
    # Shared notes and actions are refused; a coordination note is still possible.
    with pytest.raises(rules.ConsentBlocked):
        services.note_add(
            situation=situation, actor=people["coordinator"].user,
            data={"visibility": Visibility.PARTICIPANTS, "occurred_on": timezone.localdate(), "text": "x"},
        )  # fmt: skip
    from concerto.plans import services as plans

    with pytest.raises(rules.ConsentBlocked):
        plans.action_create(
            situation=situation, actor=people["coordinator"].user,
            data={"text": "x", "owner_organisation": people["nurse"].organisation, "due_on": timezone.localdate()},
        )  # fmt: skip
    decide = "plans:action_withdrawal"
    response = coordinator.post(
        reverse(decide, kwargs={"code": situation.code, "pk": kept.pk}), {"decision": "keep"}, follow=True
    )
    assert "Indiquez pourquoi" in response.content.decode()
    coordinator.post(
        reverse(decide, kwargs={"code": situation.code, "pk": kept.pk}), {"decision": "keep", "reason": "Sécurité"}
    )
    coordinator.post(reverse(decide, kwargs={"code": situation.code, "pk": open_action.pk}), {"decision": "cancel"})
    open_action.refresh_from_db()
    situation.refresh_from_db()
    assert open_action.status == "dropped" and situation.withdrawal_pending_since is None
    assert situation.code not in coordinator.get(reverse("home")).content.decode()
    # The landlord's kept action stays in his list; the cancelled one is gone from the nurse's.
    assert "Visite" in login(client, people["landlord"]).get(reverse("plans:my_actions")).content.decode()
    assert "RDV CMP" not in login(client, people["nurse"]).get(reverse("plans:my_actions")).content.decode()


def test_records_signed_after_a_withdrawal_carry_only_that_fact(people, situation, council):
    from pypdf import PdfReader

    from concerto.meetings.pdf import record_pdf

    start = timezone.now() - datetime.timedelta(hours=2)
    meeting = Meeting.objects.create(council=council, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    AgendaItem.objects.create(meeting=meeting, situation=situation, decisions="Orientation CSAPA")
    Action.objects.create(
        council=council, situation=situation, text="RDV CMP", owner_organisation=people["nurse"].organisation,
        due_on=timezone.localdate(),
    )  # fmt: skip
    services.consent_record(
        situation=situation, actor=people["coordinator"].user,
        data={"kind": ConsentKind.WITHDRAWAL, "occurred_on": timezone.localdate(), "by_whom": "x", "means": "y"},
    )  # fmt: skip
    import io

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(record_pdf(meeting))).pages)
    assert "Consentement retiré" in text
    assert "CSAPA" not in text and "RDV CMP" not in text


# --- 7. second factor by reachability ----------------------------------------------------------------------


def test_a_participant_of_any_profession_must_enrol_a_second_factor(client, council, situation):
    landlord = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.LANDLORD, user=UserFactory(totp=False),
        organisation=OrganisationFactory(council=council),
    )  # fmt: skip
    client.force_login(landlord.user)
    assert client.get(reverse("home")).status_code == 200  # takes part in nothing yet: optional
    add_participant(situation, landlord)
    response = client.get(url("detail", situation))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert landlord.user.requires_mfa()
    Situation.objects.filter(pk=situation.pk).update(council=CouncilFactory())  # elsewhere: reach ends
    assert not type(landlord).objects.get(pk=landlord.pk).requires_mfa


def test_every_event_about_a_situation_has_a_label():
    """The situation's history shows a French label for every event a service writes about a situation."""
    import re
    from pathlib import Path

    from concerto.situations.views.files import EVENT_LABELS

    root = Path(__file__).resolve().parents[2]
    verbs = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        for call in re.finditer(r"record_event\((.*?)\)", text, flags=re.S):
            verb = re.search(r'verb="([a-z_]+)"', call.group(1))
            if verb and re.search(r"target=(\w+\.)*situation\b", call.group(1)):
                verbs.add(verb.group(1))
    assert len(verbs) >= 15
    assert not verbs - EVENT_LABELS.keys()
