"""Guests without an account invited for one agenda item (issue 11): who may add one, the e-mail, what their link
shows (that item only, as the policy shows it to a partner outside the health and social professions), its window,
its journal, their attendance; sessions already held recorded afterwards; the sortable upcoming meetings."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import guest_services
from concerto.meetings.enums import AttendanceStatus, Body, MeetingStatus, SubjectKind
from concerto.meetings.models import AgendaItem, ItemGuest, Meeting
from concerto.situations.enums import ConsentKind, Visibility
from concerto.situations.models import ConsentRecord
from concerto.situations.tests.factories import CellFactory, SituationFactory, nominative_situation

pytestmark = pytest.mark.django_db

SHARED = "Décision partagée ALPHA-7731"
HEALTH = "Décision clinique HOTEL-5520"
OTHER_ITEM = "Décision de l'autre point BRAVO-4410"
TOPIC = "Sujet libre CHARLIE-9902"


@pytest.fixture(autouse=True)
def _run_on_commit(run_on_commit):
    """The guest's e-mail is sent on commit: each request of the test client runs its on-commit callbacks."""


@pytest.fixture
def setup():
    council = CouncilFactory(name="CLSM Val-de-Lys")
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    member = MembershipFactory(council=council, role=Role.CELL_MEMBER, profession=Profession.HEALTH)
    CellMember.objects.create(cell=cell, membership=member)
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        council=council, cell=cell, starts_at=start, ends_at=start + datetime.timedelta(hours=2),
        place="CCAS, salle 2", video_link="https://visio.exemple.test/cellule",
    )  # fmt: skip
    situation = nominative_situation(council, cell=cell)
    item = AgendaItem.objects.create(
        meeting=meeting, situation=situation, decisions=SHARED, decisions_visibility=Visibility.PARTICIPANTS
    )
    other = SituationFactory(council=council, cell=cell, label="K. L.")
    AgendaItem.objects.create(meeting=meeting, situation=other, decisions=OTHER_ITEM, position=1)
    topic = AgendaItem.objects.create(
        meeting=meeting, subject_kind=SubjectKind.TOPIC, topic=TOPIC, topic_details="Précisions DELTA-3310", position=2
    )
    return {
        "council": council, "cell": cell, "coordinator": coordinator, "member": member, "meeting": meeting,
        "situation": situation, "item": item, "topic": topic,
    }  # fmt: skip


def add_guest(client, setup, item=None, **data):
    client.force_login(setup["coordinator"].user)
    item = item or setup["item"]
    payload = {"name": "Dr Martin Invité", "email": "dr.martin@exemple.test", "function": "médecin traitant", **data}
    return client.post(reverse("meetings:guest_add", args=[setup["meeting"].pk, item.pk]), payload)


def token_from(mailoutbox) -> str:
    (message,) = mailoutbox
    return re.search(r"/invitation/([A-Za-z0-9_-]+)/", message.body).group(1)


def guest_page(client, token):
    client.logout()
    return client.get(reverse("meetings:guest_page", args=[token]))


def test_the_coordinator_adds_a_guest_who_gets_an_email_with_the_link(client, setup, mailoutbox):
    response = add_guest(client, setup)
    assert response.status_code == 302
    guest = ItemGuest.objects.get()
    assert guest.name == "Dr Martin Invité" and guest.item == setup["item"] and guest.revoked_at is None
    assert guest.window_end == setup["meeting"].ends_at + datetime.timedelta(hours=2)
    assert guest.window_start <= timezone.now()
    (message,) = mailoutbox
    assert message.to == ["dr.martin@exemple.test"]
    assert "CCAS, salle 2" in message.body and "https://visio.exemple.test/cellule" in message.body
    assert "http://testserver" + reverse("meetings:guest_page", args=[token_from(mailoutbox)]) in message.body
    # The e-mail carries no name of the person supported, no content of the item.
    for secret in ("Dupont", "Jeanne", SHARED, "J. D."):
        assert secret not in message.body
    assert Event.objects.filter(verb="item_guest_added").count() == 1
    page = client.get(reverse("meetings:detail", args=[setup["meeting"].pk])).content.decode()
    assert "Dr Martin Invité" in page and "Désactiver le lien" in page


@pytest.mark.parametrize("role", [Role.CELL_MEMBER, Role.PARTNER, Role.OBSERVER])
def test_only_the_coordinator_adds_a_guest(client, setup, role, mailoutbox):
    membership = setup["member"] if role == Role.CELL_MEMBER else MembershipFactory(council=setup["council"], role=role)
    client.force_login(membership.user)
    url = reverse("meetings:guest_add", args=[setup["meeting"].pk, setup["item"].pk])
    assert client.post(url, {"name": "X", "email": "x@exemple.test"}).status_code == 403
    assert not ItemGuest.objects.exists() and not mailoutbox


def test_no_guest_for_a_signed_meeting(client, setup, mailoutbox):
    Meeting.objects.filter(pk=setup["meeting"].pk).update(status=MeetingStatus.SIGNED_OFF)
    add_guest(client, setup)
    assert not ItemGuest.objects.exists() and not mailoutbox


def test_the_link_shows_that_item_only_without_identity_or_health_content(client, setup, mailoutbox):
    add_guest(client, setup)
    response = guest_page(client, token_from(mailoutbox))
    assert response.status_code == 200
    page = response.content.decode()
    assert setup["situation"].code in page and "J. D." in page and SHARED in page
    assert "CCAS, salle 2" in page and "https://visio.exemple.test/cellule" in page
    assert "Incurie" in page  # a problem the landlord or the police see
    assert "Refus ou rupture de soins" not in page  # a clinical problem
    for absent in ("Dupont", "Jeanne", "12 rue des Lilas", "06 00 00 00 00", OTHER_ITEM, "K. L.", TOPIC, "DELTA"):
        assert absent not in page, absent
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_health_class_decisions_stay_hidden(client, setup, mailoutbox):
    AgendaItem.objects.filter(pk=setup["item"].pk).update(
        decisions=HEALTH, decisions_visibility=Visibility.HEALTH_SOCIAL
    )
    add_guest(client, setup)
    page = guest_page(client, token_from(mailoutbox)).content.decode()
    assert setup["situation"].code in page and HEALTH not in page


def test_after_a_withdrawal_only_the_code_is_shown(client, setup, mailoutbox):
    ConsentRecord.objects.create(
        situation=setup["situation"], kind=ConsentKind.WITHDRAWAL, occurred_on=timezone.localdate()
    )
    add_guest(client, setup)
    page = guest_page(client, token_from(mailoutbox)).content.decode()
    assert setup["situation"].code in page
    assert SHARED not in page and "J. D." not in page and "Incurie" not in page


def test_an_organisation_outside_the_agreements_scope_sees_only_the_code(client, setup, mailoutbox):
    agreement = setup["situation"].consents.get(kind=ConsentKind.AGREEMENT)
    agreement.scope.set([OrganisationFactory(council=setup["council"], name="CMP")])
    add_guest(client, setup, organisation=OrganisationFactory(council=setup["council"], name="Bailleur").pk)
    page = guest_page(client, token_from(mailoutbox)).content.decode()
    assert setup["situation"].code in page and SHARED not in page


def test_a_guest_for_a_free_topic_sees_its_title_and_details(client, setup, mailoutbox):
    add_guest(client, setup, item=setup["topic"])
    page = guest_page(client, token_from(mailoutbox)).content.decode()
    assert TOPIC in page and "Précisions DELTA-3310" in page
    assert SHARED not in page and setup["situation"].code not in page


def test_every_view_is_in_the_journal(client, setup, mailoutbox):
    add_guest(client, setup)
    token = token_from(mailoutbox)
    guest_page(client, token)
    guest_page(client, token)
    events = Event.objects.filter(verb="item_guest_viewed")
    assert events.count() == 2
    assert events.first().data["guest"] == ItemGuest.objects.get().pk


@pytest.mark.parametrize("moment", ["before", "after", "revoked"])
def test_outside_the_window_or_revoked_the_link_has_expired(client, setup, mailoutbox, moment):
    add_guest(client, setup)
    token = token_from(mailoutbox)
    guest = ItemGuest.objects.get()
    now = timezone.now()
    if moment == "before":
        ItemGuest.objects.filter(pk=guest.pk).update(window_start=now + datetime.timedelta(hours=1))
    elif moment == "after":
        ItemGuest.objects.filter(pk=guest.pk).update(window_end=now - datetime.timedelta(minutes=1))
    else:
        client.post(reverse("meetings:guest_revoke", args=[setup["meeting"].pk, guest.pk]))
        assert ItemGuest.objects.get().revoked_at is not None
    response = guest_page(client, token)
    assert response.status_code == 410
    page = response.content.decode()
    assert "Lien expiré" in page and SHARED not in page and setup["situation"].code not in page
    assert Event.objects.filter(verb="item_guest_refused").count() == 1


def test_an_unknown_token_finds_nothing(client):
    assert client.get(reverse("meetings:guest_page", args=["inconnu"])).status_code == 404


def test_guests_of_another_council_cannot_be_revoked(client, setup, mailoutbox):
    add_guest(client, setup)
    guest = ItemGuest.objects.get()
    outsider = MembershipFactory(council=CouncilFactory(), role=Role.COORDINATOR)
    client.force_login(outsider.user)
    assert client.post(reverse("meetings:guest_revoke", args=[setup["meeting"].pk, guest.pk])).status_code == 404
    assert ItemGuest.objects.get().revoked_at is None


def test_the_attendance_sheet_notes_a_guest(client, setup, mailoutbox):
    add_guest(client, setup)
    guest = ItemGuest.objects.get()
    url = reverse("meetings:attendance", args=[setup["meeting"].pk])
    page = client.get(reverse("meetings:detail", args=[setup["meeting"].pk])).content.decode()
    assert f'name="guest-{guest.pk}"' in page
    client.post(url, {"form": "sheet", f"guest-{guest.pk}": AttendanceStatus.EXCUSED})
    assert ItemGuest.objects.get().attendance == AttendanceStatus.EXCUSED
    page = client.get(reverse("meetings:detail", args=[setup["meeting"].pk])).content.decode()
    assert re.search(r"Dr Martin Invité \(invité·e sans compte\)\W+excusé·e", page)
    ItemGuest.objects.update(attendance="")
    client.post(url, {"form": "all"})
    assert ItemGuest.objects.get().attendance == AttendanceStatus.PRESENT
    assert list(setup["meeting"].guests_on_record()) == [guest]  # what the record of decisions can list


def test_the_sheet_refuses_a_guest_of_another_meeting(setup):
    other_meeting = Meeting.objects.create(
        council=setup["council"], cell=setup["cell"], starts_at=setup["meeting"].starts_at,
        ends_at=setup["meeting"].ends_at,
    )  # fmt: skip
    guest = ItemGuest.objects.create(
        item=setup["item"], name="A", email="a@exemple.test", token_hash="x", window_start=timezone.now(),
        window_end=timezone.now(),
    )  # fmt: skip
    with pytest.raises(guest_services.GuestRefused):
        guest_services.guest_statuses_record(meeting=other_meeting, statuses={guest: AttendanceStatus.PRESENT})


# --- sessions already held, recorded afterwards -----------------------------------------------------------------


def create(client, setup, start, **extra):
    client.force_login(setup["coordinator"].user)
    return client.post(
        reverse("meetings:create"),
        {
            "cell": setup["cell"].pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Mairie",
            **extra,
        },
    )


def test_a_session_already_held_is_recorded_without_any_email(client, setup, mailoutbox):
    start = timezone.localtime() - datetime.timedelta(days=300)
    response = create(client, setup, start)
    assert response.status_code == 302
    meeting = Meeting.objects.latest("id")
    assert timezone.localtime(meeting.starts_at).date() == start.date()
    assert meeting.invitations.count() == 1  # the permanent member, listed for the attendance sheet
    client.post(reverse("meetings:send", args=[meeting.pk]))
    assert not mailoutbox
    assert meeting.invitations.filter(sent_at__isnull=False).count() == 0
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "aucune invitation envoyée" in page and reverse("meetings:send", args=[meeting.pk]) not in page
    # Editing or cancelling it tells nobody either, even someone whose invitation had gone out.
    meeting.invitations.update(sent_at=timezone.now())
    data = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Mairie, salle 1",
        "version": meeting.version,
    }
    assert client.post(reverse("meetings:edit", args=[meeting.pk]), data).status_code == 302
    client.post(reverse("meetings:cancel", args=[meeting.pk]))
    assert not mailoutbox


def test_a_session_more_than_two_years_back_is_refused(client, setup):
    start = timezone.localtime() - datetime.timedelta(days=2 * 366 + 5)
    response = create(client, setup, start)
    assert response.status_code == 200
    assert "deux ans en arrière" in response.content.decode()
    assert not Meeting.objects.filter(place="Mairie").exists()


def test_an_upcoming_session_still_sends_its_invitations(client, setup, mailoutbox):
    create(client, setup, timezone.localtime() + datetime.timedelta(days=20))
    meeting = Meeting.objects.latest("id")
    client.post(reverse("meetings:send", args=[meeting.pk]))
    assert [m.to for m in mailoutbox] == [[setup["member"].user.email]]


# --- the meetings list: the upcoming table sorts like the past one --------------------------------------------


def test_the_upcoming_meetings_are_sortable(client, setup):
    soon = timezone.now() + datetime.timedelta(days=5)
    later = timezone.now() + datetime.timedelta(days=30)
    copil = Meeting.objects.create(
        council=setup["council"], body=Body.COPIL, starts_at=soon, ends_at=soon + datetime.timedelta(hours=1)
    )
    cell = Meeting.objects.create(
        council=setup["council"], cell=setup["cell"], starts_at=later, ends_at=later + datetime.timedelta(hours=1)
    )
    client.force_login(setup["coordinator"].user)
    url = reverse("meetings:list")
    default = list(client.get(url).context["upcoming"])
    assert default.index(copil) < default.index(cell)  # the next first
    newest_first = list(client.get(url, {"tri": "-date"}).context["upcoming"])
    assert newest_first.index(cell) < newest_first.index(copil)
    by_body = client.get(url, {"tri": "instance"})
    rows = list(by_body.context["upcoming"])
    assert rows.index(cell) < rows.index(copil)  # "cell" before "copil"
    page = by_body.content.decode()
    assert "Réunions à venir" in page and 'aria-sort="ascending"' in page
