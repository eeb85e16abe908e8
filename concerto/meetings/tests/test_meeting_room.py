"""The meeting room on a tablet: attendance in one screen ("Tous présents"), who tells the person (any participant or
anyone present, added to the participants under the consent rules), the items list, and the confirmation modals of
the irreversible actions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import services
from concerto.meetings.models import AgendaItem, Attendance, MeetingInvitation
from concerto.situations.models import Participant
from concerto.situations.tests.factories import CellFactory, SituationFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def room():
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    seats = [
        MembershipFactory(
            council=council, role=Role.CELL_MEMBER, profession=Profession.HEALTH,
            organisation=OrganisationFactory(council=council, name=f"Structure {n}"),
        )
        for n in range(3)
    ]  # fmt: skip
    for seat in seats:
        CellMember.objects.create(cell=cell, membership=seat)
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    item = services.agenda_add(
        meeting=meeting, situation=SituationFactory(council=council, cell=cell), actor=coordinator.user,
        kind="new", priority=False,
    )  # fmt: skip
    return council, coordinator, seats, meeting, item


def test_the_sheet_offers_only_invitees_and_cell_members_and_all_present_takes_one_click(client, room):
    council, coordinator, seats, meeting, _item = room
    stranger = MembershipFactory(council=council, role=Role.CELL_MEMBER)
    guest = MembershipFactory(council=council, role=Role.PARTNER)
    MeetingInvitation.objects.create(meeting=meeting, user=guest.user)
    client.force_login(coordinator.user)
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    for person in (*seats, guest):
        assert f'name="status-{person.user.pk}"' in detail
    assert f'name="status-{stranger.user.pk}"' not in detail and "Tous présents" in detail
    url = reverse("meetings:attendance", args=[meeting.pk])
    sheet = {"form": "sheet", f"status-{seats[0].user.pk}": "excused", f"status-{seats[1].user.pk}": "absent"}
    page = client.post(url, sheet, **HX).content.decode()
    assert "<html" not in page and "Présences enregistrées." in page
    assert dict(Attendance.objects.values_list("user_id", "status")) == {
        seats[0].user.pk: "excused", seats[1].user.pk: "absent"
    }  # fmt: skip
    page = client.post(url, {"form": "all"}, **HX).content.decode()
    assert "2 personnes notées présentes." in page
    assert dict(Attendance.objects.values_list("user_id", "status")) == {
        seats[0].user.pk: "excused", seats[1].user.pk: "absent", seats[2].user.pk: "present", guest.user.pk: "present"
    }  # fmt: skip
    # Someone outside the sheet cannot be recorded, neither on the sheet nor one by one.
    client.post(url, {"form": "sheet", f"status-{stranger.user.pk}": "present"}, **HX)
    client.post(url, {"user": stranger.user.pk, "status": "present"}, **HX)
    assert not Attendance.objects.filter(user=stranger.user).exists()
    # Without JavaScript: saved, back to the meeting page.
    response = client.post(url, {"form": "sheet", f"status-{seats[0].user.pk}": "present"})
    assert response.status_code == 302 and Attendance.objects.get(user=seats[0].user).status == "present"


def test_all_present_is_refused_once_signed_off(client, room):
    _council, coordinator, _seats, meeting, _item = room
    meeting.status = "signed_off"
    meeting.save()
    client.force_login(coordinator.user)
    page = client.post(reverse("meetings:attendance", args=[meeting.pk]), {"form": "all"}, **HX).content.decode()
    assert "La séance est close" in page and not Attendance.objects.exists()


def test_someone_present_named_to_tell_becomes_a_participant(client, room):
    _council, coordinator, seats, meeting, item = room
    services.attendance_all_present(meeting=meeting, actor=coordinator.user)
    client.force_login(coordinator.user)
    mode = reverse("meetings:mode", args=[meeting.pk])
    page = client.get(mode).content.decode()
    assert "Personnes présentes (ajoutées aux participants)" in page and f'value="u-{seats[0].user.pk}"' in page
    data = {"item": item.pk, "form": "record", f"item-{item.pk}-decisions": "Visite",
            f"item-{item.pk}-who_tells": f"u-{seats[0].user.pk}", f"item-{item.pk}-version": item.version}  # fmt: skip
    page = client.post(mode, data, **HX).content.decode()
    assert "enregistré" in page
    participant = Participant.objects.get(situation=item.situation, user=seats[0].user)
    assert participant.organisation == seats[0].organisation
    assert AgendaItem.objects.get(pk=item.pk).who_tells == participant
    assert f'value="p-{participant.pk}" selected' in page  # now offered among the participants
    # Someone not present is not offered.
    absent = MembershipFactory(council=meeting.council, role=Role.CELL_MEMBER)
    data.update({f"item-{item.pk}-who_tells": f"u-{absent.user.pk}", f"item-{item.pk}-version": item.version + 1})
    page = client.post(mode, data, **HX).content.decode()
    assert 'aria-invalid="true"' in page and not Participant.objects.filter(user=absent.user).exists()


def test_a_consent_refusal_shows_as_the_field_error(client, room, monkeypatch):
    from concerto.core.errors import DomainError
    from concerto.situations import services as situations

    _council, coordinator, seats, meeting, item = room
    services.attendance_all_present(meeting=meeting, actor=coordinator.user)

    def refuse(situation, organisation_id, *, label):
        raise DomainError(f"{label} n'est pas couverte par l'accord de la personne.")

    monkeypatch.setattr(situations, "check_sharing", refuse)
    client.force_login(coordinator.user)
    data = {"item": item.pk, "form": "record", f"item-{item.pk}-decisions": "Visite",
            f"item-{item.pk}-who_tells": f"u-{seats[1].user.pk}", f"item-{item.pk}-version": item.version}  # fmt: skip
    page = client.post(reverse("meetings:mode", args=[meeting.pk]), data, **HX).content.decode()
    assert "n&#x27;est pas couverte par l&#x27;accord" in page and 'aria-invalid="true"' in page
    assert f'id="id_item-{item.pk}-who_tells-desc-error"' in page
    assert not Participant.objects.filter(user=seats[1].user).exists()
    assert AgendaItem.objects.get(pk=item.pk).decisions == ""  # nothing half-saved


def test_the_items_list_expands_only_the_current_item(client, room):
    council, coordinator, _seats, meeting, first = room
    second = services.topic_add(meeting=meeting, actor=coordinator.user, topic="Questions diverses")
    client.force_login(coordinator.user)
    mode = reverse("meetings:mode", args=[meeting.pk])
    page = client.get(mode).content.decode()
    assert 'aria-label="Points de l\'ordre du jour"' in page and page.count('aria-current="true"') == 1
    assert page.count('name="points"') == 2 and page.count(" open") == 1
    assert "concerto/meeting-mode.js" in page and "<script>" not in page
    page = client.get(mode, {"point": second.pk}).content.decode()
    section = page.split(f'id="point-{second.pk}"')[1]
    assert section.split("</details>")[0].count("open") == 1
    # A save without JavaScript comes back to the item saved, expanded.
    data = {"item": second.pk, "form": "record", f"item-{second.pk}-decisions": "Rien", f"item-{second.pk}-version": 1}
    assert client.post(mode, data)["Location"].endswith(f"?point={second.pk}#point-{second.pk}")


def test_irreversible_actions_go_through_a_confirmation_modal(client, room):
    _council, coordinator, _seats, meeting, _item = room
    services.invitations_send(meeting=meeting, actor=coordinator.user)
    services.attendance_all_present(meeting=meeting, actor=coordinator.user)
    client.force_login(coordinator.user)
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'aria-controls="cancel-modal"' in detail and 'class="fr-modal"' in detail
    assert "3 personnes invitées seront prévenues par e-mail." in detail
    assert 'form="cancel-form"' in detail and "concerto-nojs-only" in detail  # the plain form stays as fallback
    mode = client.get(reverse("meetings:mode", args=[meeting.pk])).content.decode()
    assert 'aria-controls="sign-off-modal"' in mode and 'form="sign-off-form"' in mode
    assert "Les notes de travail seront détruites" in mode and "envoyé à 3 personnes présentes." in mode


def test_erasure_and_consent_withdrawal_also_confirm_in_a_modal(client):
    from concerto.situations.tests.factories import nominative_situation

    council = CouncilFactory()
    dpo = MembershipFactory(council=council, role=Role.DPO, profession=Profession.ADMINISTRATIVE)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    situation = nominative_situation(council)
    client.force_login(dpo.user)
    data = {"code": situation.code, "requested_on": timezone.localdate().isoformat(), "decision": "erased"}
    page = client.post(reverse("privacy:erasure"), data).content.decode()
    assert 'aria-controls="erasure-modal"' in page and 'form="erasure-form"' in page
    assert 'class="fr-btn concerto-nojs-only"' in page  # the confirmation page's own button, without JavaScript
    client.force_login(coordinator.user)
    page = client.get(reverse("situations:consent", args=[situation.code])).content.decode()
    assert 'data-concerto-confirm="withdrawal-modal"' in page and 'id="withdrawal-modal"' in page
    assert 'form="consent-form"' in page and "concerto/confirm.js" in page
    assert 'aria-controls="withdrawal-modal"' in page  # the modal's own close buttons; no opener shown
