"""Editing and deleting the desk's official letters and the council's kinds of place, and the pagination of the
letters and prospected landlords, over HTTP: who may, French refusals that write nothing (a kind in use cannot be
deleted), a replaced or deleted document gone from the storage."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.lists import PAGE_SIZE
from concerto.core.models import Event
from concerto.core.typography import french_spaces as fr
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.housing.desk_models import OfficialLetter
from concerto.housing.models import Place, PlaceKind
from concerto.housing.tests.desk_factories import PDF, make_letter, make_prospect
from concerto.housing.tests.factories import make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(member_factory):
    council = CouncilFactory()
    landlord = OrganisationFactory(council=council, name="Bailleur")
    other = CouncilFactory()
    world = SimpleNamespace(
        council=council,
        landlord_org=landlord,
        coordinator=member_factory(council, Role.COORDINATOR),
        member=member_factory(council, Role.HOUSING_MEMBER, Profession.SOCIAL),
        landlord=member_factory(council, Role.PARTNER, organisation=landlord),
        other_coordinator=member_factory(other, Role.COORDINATOR),
        letter=make_letter(council),
        kind=PlaceKind.objects.create(council=council, code="maison-relais", label="Maison relais"),
    )
    world.place = make_place(council, landlord, label="Les Saules, app. 2")
    return world


def _letter_data(**changes):
    data = {"sent_on": (timezone.localdate() - timedelta(days=3)).isoformat(), "addressee": "Mairie de Lille",
            "subject": "Renouvellement des conventions", "summary": "Point sur les conventions"}  # fmt: skip
    return {**data, **changes}


def test_a_member_edits_a_letter_and_a_new_document_replaces_the_former(client, w):
    former = w.letter.document.name
    storage = w.letter.document.storage
    client.force_login(w.member.user)
    url = reverse("housing:letter_edit", args=[w.letter.pk])
    assert "Préfecture du Nord" in client.get(url).content.decode()  # the form shows the letter
    assert client.post(url, _letter_data()).status_code == 302
    w.letter.refresh_from_db()
    assert (w.letter.addressee, w.letter.subject) == ("Mairie de Lille", "Renouvellement des conventions")
    assert w.letter.document.name == former and storage.exists(former)  # no new document: kept
    upload = SimpleUploadedFile("nouvelle.pdf", PDF + b"v2", content_type="application/pdf")
    with django_on_commit():
        assert client.post(url, _letter_data(document=upload)).status_code == 302
    w.letter.refresh_from_db()
    assert w.letter.document.name != former and not storage.exists(former)
    assert Event.objects.filter(verb="housing_letter_updated").count() == 2


def django_on_commit():
    """Runs the `on_commit` callbacks of the request (the test's transaction never commits)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_bad_input_on_a_letter_writes_nothing(client, w):
    client.force_login(w.coordinator.user)
    url = reverse("housing:letter_edit", args=[w.letter.pk])
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    for data in (_letter_data(sent_on=future), _letter_data(subject="   ")):
        response = client.post(url, data)
        assert response.status_code == 200
    w.letter.refresh_from_db()
    assert w.letter.addressee == "Préfecture du Nord"
    assert not Event.objects.filter(verb="housing_letter_updated").exists()


def test_deleting_a_letter_asks_then_removes_it_and_its_document(client, w):
    name, storage = w.letter.document.name, w.letter.document.storage
    client.force_login(w.coordinator.user)
    url = reverse("housing:letter_delete", args=[w.letter.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Manque de logements accompagnés" in page.content.decode()
    assert OfficialLetter.objects.exists()  # a GET only asks
    with django_on_commit():
        assert client.post(url).status_code == 302
    assert not OfficialLetter.objects.exists() and not storage.exists(name)
    assert Event.objects.filter(verb="housing_letter_deleted").exists()


def test_who_may_edit_or_delete_a_letter(client, w):
    for member, status in ((w.landlord, 403), (w.other_coordinator, 404)):
        client.force_login(member.user)
        for name in ("letter_edit", "letter_delete"):
            url = reverse(f"housing:{name}", args=[w.letter.pk])
            assert client.get(url).status_code == status
            assert client.post(url, _letter_data()).status_code == status
    w.letter.refresh_from_db()
    assert w.letter.addressee == "Préfecture du Nord"


def test_the_coordinator_renames_a_kind_of_place_the_places_keep_it(client, w):
    Place.objects.filter(pk=w.place.pk).update(kind=w.kind.code)
    client.force_login(w.coordinator.user)
    url = reverse("housing:place_kind_edit", args=[w.kind.pk])
    assert client.post(url, {"label": "Pension de famille"}).status_code == 302
    w.kind.refresh_from_db()
    assert (w.kind.code, w.kind.label) == ("maison-relais", "Pension de famille")
    page = client.get(reverse("housing:place_detail", args=[w.place.pk])).content.decode()
    assert "Pension de famille" in page
    # A label already taken (by a national kind, or by this kind's former code) is refused in French.
    PlaceKind.objects.create(council=w.council, code="foyer", label="Foyer")
    response = client.post(reverse("housing:place_kind_edit", args=[w.kind.pk]), {"label": "Foyer"})
    assert fr("Le type de place « Foyer » existe déjà.") in response.content.decode()
    response = client.post(reverse("housing:place_kinds"), {"label": "Maison relais"})
    assert fr("Le type de place « Maison relais » existe déjà.") in response.content.decode()
    w.kind.refresh_from_db()
    assert w.kind.label == "Pension de famille"


def test_a_kind_in_use_cannot_be_deleted(client, w):
    Place.objects.filter(pk=w.place.pk).update(kind=w.kind.code)
    client.force_login(w.coordinator.user)
    url = reverse("housing:place_kind_delete", args=[w.kind.pk])
    response = client.post(url)
    assert response.status_code == 400
    assert fr("Le type de place « Maison relais » est utilisé par 1 place : changez d") in response.content.decode()
    assert PlaceKind.objects.filter(pk=w.kind.pk).exists()
    Place.objects.filter(pk=w.place.pk).update(kind="flat_sublet")
    assert client.post(url).status_code == 302
    assert not PlaceKind.objects.filter(pk=w.kind.pk).exists()
    assert Event.objects.filter(verb="housing_place_kind_deleted").exists()


def test_only_the_coordinator_edits_the_kinds(client, w):
    for member, status in ((w.member, 403), (w.landlord, 403), (w.other_coordinator, 404)):
        client.force_login(member.user)
        for name in ("place_kind_edit", "place_kind_delete"):
            url = reverse(f"housing:{name}", args=[w.kind.pk])
            assert client.get(url).status_code == status
            assert client.post(url, {"label": "Autre"}).status_code == status
    w.kind.refresh_from_db()
    assert w.kind.label == "Maison relais"


def test_the_letters_and_the_prospects_are_paginated(client, w):
    today = timezone.localdate()
    for index in range(PAGE_SIZE):
        make_letter(w.council, document=False, subject=f"Courrier n° {index}", sent_on=today - timedelta(days=20))
        make_prospect(w.council, name=f"Prospect n° {index}", contacted_on=today - timedelta(days=20))
    make_prospect(w.council, name="Le plus récent", contacted_on=today)
    client.force_login(w.member.user)
    for name, first in (("letter_list", "Manque de logements accompagnés"), ("prospect_list", "Le plus récent")):
        url = reverse(f"housing:{name}")
        page_one = client.get(url).content.decode()
        assert first in page_one and "1 / 2" in page_one
        page_two = client.get(url, {"page": 2}).content.decode()
        assert "2 / 2" in page_two and first not in page_two
        assert client.get(url, {"page": "x"}).status_code == 200
