"""The home page of a member of the Commission appartement, over HTTP: the next session they are invited to (date,
venue, chair, link), the applications on its agenda to read, and the six-monthly reviews due; a partner's and the
coordinator's homes do not show these panels, and a member not invited sees no session."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.factories import CommuneFactory, CouncilFactory, OrganisationFactory
from concerto.housing.enums import ApplicationStatus
from concerto.housing.models import CommissionVenue
from concerto.housing.tests.factories import NAME_SENTINEL, make_application, make_occupancy, make_place
from concerto.meetings.enums import Body, SubjectKind
from concerto.meetings.models import AgendaItem, Meeting, MeetingInvitation

pytestmark = pytest.mark.django_db
PANEL = "Prochaine Commission appartement"


@pytest.fixture
def w(member_factory):
    commune = CommuneFactory(name="Hellemmes")
    council = CouncilFactory(communes=[commune])
    cmp, landlord = OrganisationFactory(council=council, name="CMP"), OrganisationFactory(council=council)
    town_hall = OrganisationFactory(council=council, name="Mairie d'Hellemmes")
    town_hall.communes_served.add(commune)
    today = timezone.localdate()
    start = timezone.now() + timedelta(days=12)
    world = SimpleNamespace(
        member=member_factory(council, Role.HOUSING_MEMBER, Profession.SOCIAL),
        uninvited=member_factory(council, Role.HOUSING_MEMBER, Profession.HEALTH),
        partner=member_factory(council, Role.PARTNER, Profession.LANDLORD, organisation=landlord),
        coordinator=member_factory(council, Role.COORDINATOR),
        mayor=member_factory(
            council, Role.HOUSING_MEMBER, Profession.ELECTED, organisation=town_hall, job_title="Maire délégué"
        ),  # fmt: skip
        application=make_application(council, cmp, status=ApplicationStatus.SCHEDULED),
    )
    world.meeting = Meeting.objects.create(council=council, body=Body.HOUSING, starts_at=start,
                                           ends_at=start + timedelta(hours=2), chair=world.mayor)  # fmt: skip
    CommissionVenue.objects.create(meeting=world.meeting, commune=commune)
    for member in (world.member, world.partner):
        MeetingInvitation.objects.create(meeting=world.meeting, user=member.user)
    AgendaItem.objects.create(meeting=world.meeting, subject_kind=SubjectKind.APPLICATION,
                              application=world.application, position=0)  # fmt: skip
    tenant = make_application(council, cmp, status=ApplicationStatus.ADMITTED)
    world.reviewed = make_occupancy(make_place(council, landlord, label="Rue des Tilleuls, 5"), tenant,
                                    today - timedelta(days=250))  # fmt: skip
    AgendaItem.objects.create(meeting=world.meeting, subject_kind=SubjectKind.OCCUPANCY_REVIEW,
                              occupancy=world.reviewed, position=1)  # fmt: skip
    other = make_application(council, cmp, status=ApplicationStatus.ADMITTED)
    make_occupancy(make_place(council, landlord, label="Quai Nord, 2"), other, today - timedelta(days=300))
    return world


def _home(client, member) -> str:
    client.force_login(member.user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_housing_member_home_shows_the_next_session_its_applications_and_the_reviews(client, w):
    page = _home(client, w.member)
    assert PANEL in page
    assert reverse("meetings:detail", args=[w.meeting.pk]) in page
    assert f"{timezone.localtime(w.meeting.starts_at):%Y}" in page
    assert "Commune : Hellemmes" in page.replace("\u00a0", " ")
    assert str(w.mayor.user) in page and "Maire délégué" in page
    assert reverse("housing:application_detail", args=[w.application.reference]) in page
    assert "Rue des Tilleuls, 5" in page  # the review on the agenda
    assert "1 bilan dû pas encore inscrit" in page  # « Quai Nord, 2 », due, not scheduled
    assert NAME_SENTINEL not in page


def test_a_member_not_invited_sees_no_session_but_the_reviews_due(client, w):
    page = _home(client, w.uninvited)
    assert PANEL in page and "Aucune séance à venir" in page
    assert reverse("housing:application_detail", args=[w.application.reference]) not in page
    assert "2 bilans dus pas encore inscrits" not in page and "1 bilan dû pas encore inscrit" in page


def test_a_partner_and_the_coordinator_do_not_get_these_panels(client, w):
    for member in (w.partner, w.coordinator):
        page = _home(client, member)
        assert PANEL not in page and "Bilans semestriels" not in page
        assert reverse("housing:application_detail", args=[w.application.reference]) not in page
