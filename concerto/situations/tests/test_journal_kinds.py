"""Typed journal entries (issue 11): hospitalisation, crisis handled outside the cell, stage of the eviction
procedure; their forced visibility, their dates, the situation's stage moved forward, and the disclosure filter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.situations import services
from concerto.situations.enums import EvictionStage, NoteKind, Visibility
from concerto.situations.models import JournalNote, Situation
from concerto.situations.tests.factories import add_participant, nominative_situation

pytestmark = pytest.mark.django_db


def day(offset: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def people():
    council = CouncilFactory()

    def member(role, profession, org_name=None):
        organisation = OrganisationFactory(council=council, name=org_name) if org_name else None
        return MembershipFactory(council=council, role=role, profession=profession, organisation=organisation)

    return {
        "coordinator": member(Role.COORDINATOR, Profession.ADMINISTRATIVE),
        "nurse": member(Role.PARTNER, Profession.HEALTH, "CMP"),
        "landlord": member(Role.PARTNER, Profession.LANDLORD, "Bailleur social"),
    }


@pytest.fixture
def situation(people):
    situation = nominative_situation(people["coordinator"].council)
    add_participant(situation, people["nurse"])
    add_participant(situation, people["landlord"])
    return situation


def journal(situation) -> str:
    return reverse("situations:journal", args=[situation.code])


def post(client, membership, situation, **data):
    client.force_login(membership.user)
    return client.post(journal(situation), data)


def test_each_kind_is_created_over_http(client, people, situation):
    coordinator = people["coordinator"]
    entries = [
        {"kind": NoteKind.NOTE, "visibility": Visibility.PARTICIPANTS, "occurred_on": day(), "text": "Visite faite"},
        {"kind": NoteKind.HOSPITALISATION, "visibility": Visibility.HEALTH_SOCIAL, "occurred_on": day(-10),
         "ends_on": day(-3), "text": ""},
        {"kind": NoteKind.CRISIS, "visibility": Visibility.COORDINATOR, "occurred_on": day(-2), "text": "Appel-urgence-XK"},
        {"kind": NoteKind.PROCEDURE, "visibility": Visibility.PARTICIPANTS, "occurred_on": day(-1),
         "stage": EvictionStage.HEARING, "text": "Renvoi possible"},
    ]  # fmt: skip
    for data in entries:
        response = post(client, coordinator, situation, **data)
        assert response.status_code == 302, response.content.decode()[:2000]
    notes = {n.kind: n for n in JournalNote.objects.filter(situation=situation)}
    assert set(notes) == set(NoteKind.values)
    assert notes[NoteKind.HOSPITALISATION].ends_on == timezone.localdate() - datetime.timedelta(days=3)
    assert notes[NoteKind.PROCEDURE].stage == EvictionStage.HEARING
    assert Event.objects.filter(verb="note_added", data__kind=NoteKind.CRISIS).exists()
    page = client.get(journal(situation)).content.decode()
    for label in ("Hospitalisation", "Crise gérée hors cellule", "Audience", "fr-badge"):
        assert label in page
    # The filter by kind.
    filtered = client.get(journal(situation), {"type": NoteKind.PROCEDURE}).content.decode()
    assert "Renvoi possible" in filtered and "Appel-urgence-XK" not in filtered


def test_a_health_kind_is_never_shown_to_every_participant(client, people, situation):
    response = post(
        client, people["coordinator"], situation,
        kind=NoteKind.HOSPITALISATION, visibility=Visibility.PARTICIPANTS, occurred_on=day(-1), text="Entrée CHS",
    )  # fmt: skip
    assert response.status_code == 200
    assert "information de santé" in response.content.decode()
    assert "Entrée CHS" in response.content.decode()  # what was typed stays
    assert not JournalNote.objects.exists()
    # The service enforces it whatever the caller asks: raised to the health and social class.
    note = services.note_add(
        situation=situation, actor=people["coordinator"].user,
        data={"kind": NoteKind.CRISIS, "visibility": Visibility.PARTICIPANTS, "occurred_on": timezone.localdate()},
    )  # fmt: skip
    assert note.visibility == Visibility.HEALTH_SOCIAL
    # The htmx fields of a health kind do not offer the participants class.
    client.force_login(people["coordinator"].user)
    partial = client.get(
        journal(situation), {"champs": "1", "kind": NoteKind.HOSPITALISATION}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'value="health_social"' in partial and 'value="participants"' not in partial
    assert "Date de sortie" in partial


def test_a_procedure_stage_is_shared_with_participants_by_default(people, situation):
    note = services.note_add(
        situation=situation, actor=people["coordinator"].user,
        data={"kind": NoteKind.PROCEDURE, "stage": EvictionStage.JUDGMENT, "occurred_on": timezone.localdate()},
    )  # fmt: skip
    assert note.visibility == Visibility.PARTICIPANTS


def test_a_future_date_is_refused_in_french_and_the_text_is_kept(client, people, situation):
    response = post(
        client, people["coordinator"], situation,
        kind=NoteKind.HOSPITALISATION, visibility=Visibility.HEALTH_SOCIAL, occurred_on=day(-2), ends_on=day(3),
        text="Texte à garder",
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "La date de sortie ne peut pas être dans le futur." in page
    assert "Texte à garder" in page
    response = post(
        client, people["coordinator"], situation,
        kind=NoteKind.PROCEDURE, visibility=Visibility.PARTICIPANTS, occurred_on=day(1),
        stage=EvictionStage.SUMMONS, text="Autre texte",
    )  # fmt: skip
    assert "La date de l&#x27;étape ne peut pas être dans le futur." in response.content.decode()
    assert not JournalNote.objects.exists()


def test_a_landlord_partner_does_not_see_a_hospitalisation(client, people, situation):
    for kind, text in ((NoteKind.HOSPITALISATION, "SENTINELLE-HOSP"), (NoteKind.CRISIS, "SENTINELLE-CRISE")):
        services.note_add(
            situation=situation, actor=people["nurse"].user,
            data={"kind": kind, "visibility": Visibility.HEALTH_SOCIAL, "occurred_on": timezone.localdate(),
                  "text": text},
        )  # fmt: skip
    services.note_add(
        situation=situation, actor=people["coordinator"].user,
        data={"kind": NoteKind.NOTE, "visibility": Visibility.PARTICIPANTS, "occurred_on": timezone.localdate(),
              "text": "Note partagée"},
    )  # fmt: skip
    client.force_login(people["landlord"].user)
    page = client.get(journal(situation)).content.decode()
    assert "Note partagée" in page
    assert "SENTINELLE" not in page
    assert "1 entrée visible pour vous" in page  # the two health entries are not counted either
    assert "Hospitalisation" not in page and "Crise" not in page  # neither an entry nor a filter choice
    filtered = client.get(journal(situation), {"type": NoteKind.HOSPITALISATION}).content.decode()
    assert "SENTINELLE" not in filtered  # a kind the reader may not see is no filter: nothing more is shown
    # A direct link to the note: 404, as for any note outside the reader's classes.
    hospitalisation = JournalNote.objects.get(kind=NoteKind.HOSPITALISATION)
    assert client.get(reverse("situations:note", args=[situation.code, hospitalisation.pk])).status_code == 404
    # The landlord is not offered the health kinds.
    assert f'value="{NoteKind.HOSPITALISATION}"' not in page
    # The nurse sees them.
    client.force_login(people["nurse"].user)
    assert "SENTINELLE-HOSP" in client.get(journal(situation)).content.decode()


def test_a_procedure_stage_moves_the_situation_forward_only(client, people, situation):
    situation.eviction_stage = EvictionStage.SUMMONS
    situation.save()
    version = Situation.objects.get(pk=situation.pk).version
    post(
        client, people["coordinator"], situation,
        kind=NoteKind.PROCEDURE, visibility=Visibility.PARTICIPANTS, occurred_on=day(), stage=EvictionStage.JUDGMENT,
    )  # fmt: skip
    stored = Situation.objects.get(pk=situation.pk)
    assert stored.eviction_stage == EvictionStage.JUDGMENT and stored.version == version + 1
    event = Event.objects.get(verb="eviction_stage_advanced")
    assert event.data["before"] == EvictionStage.SUMMONS and event.data["after"] == EvictionStage.JUDGMENT
    # An earlier stage entered afterwards is recorded, and leaves the situation's stage as it is.
    post(
        client, people["coordinator"], situation,
        kind=NoteKind.PROCEDURE, visibility=Visibility.PARTICIPANTS, occurred_on=day(-30), stage=EvictionStage.HEARING,
    )  # fmt: skip
    assert Situation.objects.get(pk=situation.pk).eviction_stage == EvictionStage.JUDGMENT
    assert JournalNote.objects.filter(kind=NoteKind.PROCEDURE).count() == 2
    assert Event.objects.filter(verb="eviction_stage_advanced").count() == 1


def test_a_procedure_needs_its_stage(client, people, situation):
    response = post(
        client, people["coordinator"], situation,
        kind=NoteKind.PROCEDURE, visibility=Visibility.PARTICIPANTS, occurred_on=day(),
    )  # fmt: skip
    assert "Choisissez l&#x27;étape de la procédure." in response.content.decode()
    assert not JournalNote.objects.exists()
