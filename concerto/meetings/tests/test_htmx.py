"""htmx saves a page load in meeting mode, attendance and alert qualification: an htmx request gets a fragment,
the plain POST and redirect stay for a browser without JavaScript, and access is the full page's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.typography import french_spaces as fr
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import services
from concerto.meetings.models import AgendaItem, Attendance, WorkingNote
from concerto.plans.models import Action
from concerto.situations.tests.factories import AlertFactory, CellFactory, SituationFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world():
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    first, second = (
        services.agenda_add(meeting=meeting, situation=s, actor=coordinator.user, kind="new", priority=False)
        for s in SituationFactory.create_batch(2, council=council, cell=cell)
    )
    return council, coordinator, meeting, first, second


def test_an_item_saved_by_htmx_comes_back_alone_with_its_message(client, world):
    _council, coordinator, meeting, first, second = world
    client.force_login(coordinator.user)
    mode = reverse("meetings:mode", args=[meeting.pk])
    data = {"item": second.pk, "form": "record", f"item-{second.pk}-decisions": "Visite conjointe",
            f"item-{second.pk}-version": second.version}  # fmt: skip
    response = client.post(mode, data, **HX)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert f'id="point-{second.pk}"' in page and f'id="point-{first.pk}"' not in page
    assert 'role="status"' in page and f"Point {second.situation.code} enregistré" in page
    assert "Visite conjointe</textarea>" in page and f'hx-post="{mode}"' in page
    assert AgendaItem.objects.get(pk=second.pk).decisions == "Visite conjointe"
    # The same page without JavaScript: saved, then back to the item.
    data[f"item-{second.pk}-version"] += 1
    response = client.post(mode, {**data, f"item-{second.pk}-decisions": "Sans JavaScript"})
    assert response.status_code == 302 and response["Location"].endswith(f"#point-{second.pk}")
    assert AgendaItem.objects.get(pk=second.pk).decisions == "Sans JavaScript"


def test_an_error_comes_back_in_the_fragment_next_to_its_field(client, world):
    _council, coordinator, meeting, first, _second = world
    client.force_login(coordinator.user)
    mode = reverse("meetings:mode", args=[meeting.pk])
    response = client.post(mode, {"item": first.pk, "form": "note", f"note-{first.pk}-text": ""}, **HX)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and not WorkingNote.objects.exists()
    assert 'aria-invalid="true"' in page and f'aria-describedby="id_note-{first.pk}-text-desc-error"' in page
    assert f'id="id_note-{first.pk}-text-desc-error"' in page and 'role="status"' not in page
    data = {"item": first.pk, "form": "record", f"item-{first.pk}-decisions": "Tapé avant l'erreur",
            f"item-{first.pk}-tell_by": "pas une date", f"item-{first.pk}-version": first.version}  # fmt: skip
    page = client.post(mode, data, **HX).content.decode()
    assert "Tapé avant l&#x27;erreur</textarea>" in page and f'id="id_item-{first.pk}-tell_by-desc-error"' in page
    assert AgendaItem.objects.get(pk=first.pk).decisions == ""


def test_a_version_conflict_keeps_the_text_and_overwrites_nothing(client, world):
    _council, coordinator, meeting, first, _second = world
    services.item_record(item=first, actor=coordinator.user, data={"decisions": "Premier"}, expected_version=1)
    client.force_login(coordinator.user)
    data = {"item": first.pk, "form": "record", f"item-{first.pk}-decisions": "Second", f"item-{first.pk}-version": 1}
    response = client.post(reverse("meetings:mode", args=[meeting.pk]), data, **HX)
    page = response.content.decode()
    assert response.status_code == 200 and "pendant que vous le modifiiez" in page and "Second</textarea>" in page
    assert f'name="item-{first.pk}-version" value="2"' in page
    assert AgendaItem.objects.get(pk=first.pk).decisions == "Premier"


def test_note_and_action_by_htmx(client, world):
    council, coordinator, meeting, first, _second = world
    organisation = OrganisationFactory(council=council, name="CMP du centre")
    client.force_login(coordinator.user)
    mode = reverse("meetings:mode", args=[meeting.pk])
    note = {"item": first.pk, "form": "note", f"note-{first.pk}-text": "Hypothèse de travail",
            f"note-{first.pk}-visibility": "participants"}  # fmt: skip
    page = client.post(mode, note, **HX).content.decode()
    assert "Hypothèse de travail (" in page and "Note ajoutée pour" in page
    due = (timezone.localdate() + datetime.timedelta(days=15)).isoformat()
    action = {"item": first.pk, "form": "action", f"action-{first.pk}-text": "Visite à domicile",
              f"action-{first.pk}-owner_organisation": organisation.pk, f"action-{first.pk}-due_on": due}  # fmt: skip
    page = client.post(mode, action, **HX).content.decode()
    assert Action.objects.get().text == "Visite à domicile" and "Visite à domicile" in page and "Action ajoutée" in page


def test_a_correction_by_htmx_once_signed(client, world):
    _council, coordinator, meeting, first, _second = world
    meeting.status = "signed_off"
    meeting.save(update_fields=["status"])
    client.force_login(coordinator.user)
    data = {"item": first.pk, f"correction-{first.pk}-text": "Lire : visite conjointe."}
    page = client.post(reverse("meetings:mode", args=[meeting.pk]), data, **HX).content.decode()
    assert "<html" not in page and "Correction ajoutée" in page and fr("Lire : visite conjointe.") in page


def test_htmx_requests_get_the_access_of_the_full_page(client, world):
    council, coordinator, meeting, first, _second = world
    member = MembershipFactory(council=council, role=Role.CELL_MEMBER)
    stranger = MembershipFactory(council=CouncilFactory(), role=Role.COORDINATOR)
    mode = reverse("meetings:mode", args=[meeting.pk])
    attendance = reverse("meetings:attendance", args=[meeting.pk])
    data = {"item": first.pk, "form": "record", f"item-{first.pk}-decisions": "Intrus", f"item-{first.pk}-version": 1}
    for membership, expected in ((member, 403), (stranger, 404)):
        client.force_login(membership.user)
        for url, payload in ((mode, data), (attendance, {"user": member.user.pk, "status": "present"})):
            plain = client.post(url, payload).status_code
            assert client.post(url, payload, **HX).status_code == plain in (expected, 404)
    assert AgendaItem.objects.get(pk=first.pk).decisions == "" and not Attendance.objects.exists()


def test_attendance_by_htmx_swaps_the_attendance_block(client, world):
    council, coordinator, meeting, _first, _second = world
    member = MembershipFactory(council=council, role=Role.CELL_MEMBER)
    CellMember.objects.create(cell=meeting.cell, membership=member)  # only the cell's members and invitees
    client.force_login(coordinator.user)
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = client.post(url, {"user": member.user.pk, "status": "present"}, **HX)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and 'id="presences"' in page
    assert "Présence enregistrée." in page and 'role="status"' in page and fr(f"{member.user} : présent") in page
    assert Attendance.objects.get(meeting=meeting, user=member.user).status == "present"
    page = client.post(url, {"user": member.user.pk, "status": "inconnu"}, **HX).content.decode()
    assert 'aria-invalid="true"' in page and "Présence enregistrée." not in page
    assert client.post(url, {"user": member.user.pk, "status": "excused"}).status_code == 302  # without JavaScript
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'hx-target="#presences"' in detail


def test_qualification_shows_the_fields_of_the_chosen_decision(client):
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    alert = AlertFactory(council=council)
    client.force_login(coordinator.user)
    url = reverse("situations:alert_qualify", args=[alert.pk])
    page = client.get(url).content.decode()  # without JavaScript: every field, the form checks the ones needed
    for name in ("cell", "attach_to", "reoriented_to", "reason"):
        assert f'name="{name}"' in page
    assert 'hx-trigger="change"' in page and 'hx-trigger="load"' in page

    def fields(**params):
        response = client.get(url, {"champs": 1, **params}, **HX)
        assert response.status_code == 200 and "<html" not in response.content.decode()
        return {
            n for n in ("cell", "attach_to", "reoriented_to", "reason") if f'name="{n}"' in response.content.decode()
        }

    assert fields(decision="accept") == {"cell"}
    assert fields(decision="attach") == {"attach_to"}
    assert fields(decision="reoriented") == {"reoriented_to", "reason"}
    assert fields(decision="not_admissible") == {"reason"}
    assert fields() == set() and "Choisissez une décision" in client.get(url, {"champs": 1}, **HX).content.decode()
    assert (
        "Déjà écrit</textarea>"
        in client.get(url, {"champs": 1, "decision": "not_admissible", "reason": "Déjà écrit"}, **HX).content.decode()
    )
    assert (
        f'value="{cell.pk}" selected'
        in client.get(url, {"champs": 1, "decision": "accept", "cell": cell.pk}, **HX).content.decode()
    )
    # A POST with an error keeps every field (no reload trigger that would drop the errors).
    page = client.post(url, {"decision": "reoriented"}).content.decode()
    assert "Indiquez la structure" in page and 'hx-trigger="load"' not in page
    client.force_login(MembershipFactory(council=council, role=Role.CELL_MEMBER).user)
    assert client.get(url, {"champs": 1, "decision": "accept"}, **HX).status_code == client.get(url).status_code
