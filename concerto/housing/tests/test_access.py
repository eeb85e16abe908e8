"""Who sees what in the Commission appartement, over HTTP: the landlord sees its own places and their occupancy,
never health content nor an application (sentinel strings); the opinions go to the health and social professions;
every read of an applicant's identity is logged."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import AccessLog
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.housing.models import OccupancyIncident
from concerto.housing.tests.factories import (
    HOSPITAL_SENTINEL,
    NAME_SENTINEL,
    PSY_SENTINEL,
    SOCIAL_SENTINEL,
    housing_world,
)

pytestmark = pytest.mark.django_db
SENTINELS = (PSY_SENTINEL, SOCIAL_SENTINEL, HOSPITAL_SENTINEL, NAME_SENTINEL)


@pytest.fixture
def w(member_factory):
    council = CouncilFactory()
    landlord = OrganisationFactory(council=council, name="Bailleur")
    world = SimpleNamespace(
        council=council,
        org=OrganisationFactory(council=council, name="CMP"),
        participant_members={"participant_bailleur": member_factory(council, Role.PARTNER, organisation=landlord)},
        coordinator=member_factory(council, Role.COORDINATOR),
        social_member=member_factory(council, Role.HOUSING_MEMBER, Profession.SOCIAL),
        elected_member=member_factory(council, Role.HOUSING_MEMBER, Profession.ELECTED),
        other_landlord=member_factory(council, Role.PARTNER, organisation=OrganisationFactory(council=council)),
    )
    world.landlord = world.participant_members["participant_bailleur"]
    housing_world(world)
    h = world.housing
    OccupancyIncident.objects.create(occupancy=h.occupancy, kind="arrears", occurred_on=timezone.localdate(),
                                     note="Deux mois de retard")  # fmt: skip
    return world


def _urls(w) -> dict[str, str]:
    h = w.housing
    place, ref, occ = {"pk": h.place.pk}, {"reference": h.application.reference}, {"pk": h.occupancy.pk}
    kwargs = {
        "desk": {}, "place_list": {}, "place_create": {}, "place_detail": place, "place_edit": place,
        "convention_add": place, "unavailability_add": place, "application_list": {}, "application_create": {},
        "application_detail": ref, "application_identity": ref, "application_consent": ref,
        "application_admit": ref, "occupancy_exit": occ, "deposit_add": occ, "incident_add": occ,
        "deposit_return": {"pk": h.deposit.pk},
    }  # fmt: skip
    return {name: reverse(f"housing:{name}", kwargs=k) for name, k in kwargs.items()}


def test_the_landlord_sees_its_places_and_never_health_content(client, w):
    client.force_login(w.landlord.user)
    opened = {}
    for name, url in {**_urls(w), "home": reverse("home")}.items():
        response = client.get(url)
        if response.status_code == 200:
            opened[name] = response.content.decode()
        else:
            assert response.status_code == 403, (name, response.status_code)
    assert set(opened) == {"place_list", "place_detail", "home"}
    assert w.housing.place.label in opened["place_detail"]
    assert "Commission appartement" in opened["home"]
    for name, page in opened.items():
        for sentinel in (*SENTINELS, w.housing.application.reference, "Hospitalisation", "Deux mois de retard"):
            assert sentinel not in page, (name, sentinel)


def test_another_landlord_finds_nothing(client, w):
    client.force_login(w.other_landlord.user)
    assert client.get(reverse("housing:place_list")).status_code == 403
    assert "Commission appartement" not in client.get(reverse("home")).content.decode()


def test_opinions_and_health_incidents_only_to_health_and_social_professions(client, w):
    detail = reverse("housing:application_detail", args=[w.housing.application.reference])
    place = reverse("housing:place_detail", args=[w.housing.place.pk])
    client.force_login(w.social_member.user)
    page = client.get(detail).content.decode() + client.get(place).content.decode()
    assert PSY_SENTINEL in page and SOCIAL_SENTINEL in page and HOSPITAL_SENTINEL in page
    assert NAME_SENTINEL not in page  # the identity stays folded
    client.force_login(w.elected_member.user)
    page = client.get(detail).content.decode() + client.get(place).content.decode()
    assert not any(s in page for s in SENTINELS)
    assert "Deux mois de retard" in page  # arrears are not health content


def test_reading_the_identity_is_logged(client, w):
    application = w.housing.application
    client.force_login(w.social_member.user)
    url = reverse("housing:application_identity", args=[application.reference])
    assert NAME_SENTINEL in client.get(url).content.decode()
    log = AccessLog.objects.get(user=w.social_member.user)
    assert (log.scope, log.target_type, log.target_id) == ("identity", "housing.application", str(application.pk))


def test_no_identity_nor_opinion_without_the_applicants_agreement(client, w):
    application = w.housing.application
    application.consents.all().delete()
    client.force_login(w.social_member.user)
    assert client.get(reverse("housing:application_identity", args=[application.reference])).status_code == 404
    page = client.get(reverse("housing:application_detail", args=[application.reference])).content.decode()
    assert PSY_SENTINEL not in page and "Voir l'identité" not in page
    assert not AccessLog.objects.exists()


def test_the_coordinator_admits_through_the_pages(client, w):
    client.force_login(w.coordinator.user)
    waiting = w.housing.waiting
    w.housing.place.capacity = 2
    w.housing.place.save()
    entry = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("housing:application_admit", args=[waiting.reference]),
        {"place": w.housing.place.pk, "entry_on": entry, "contract": "sublet", "rent_helper": "curator"},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "admitted"
    desk = client.get(reverse("housing:desk")).content.decode()
    assert "bureau du sous-groupe" in desk


def test_the_places_list_runs_a_bounded_number_of_queries(client, w, django_assert_max_num_queries):
    from concerto.housing.tests.factories import make_place

    for n in range(5):
        make_place(w.council, w.landlord.organisation, label=f"Logement {n}")
    client.force_login(w.coordinator.user)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("housing:place_list")).status_code == 200


def test_the_coordinator_completes_the_file_later(client, w):
    application = w.housing.waiting
    client.force_login(w.coordinator.user)
    url = reverse("housing:application_edit", args=[application.reference])
    assert "last_name" not in client.get(url).content.decode()  # the identity is not edited here
    data = {"received_on": application.received_on.isoformat(), "orienting_organisation": w.org.pk,
            "psychiatric_opinion": "Avis favorable", "wished_typology": "t1"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert (application.psychiatric_opinion, application.wished_typology) == ("Avis favorable", "t1")
