"""An application closed for longer than the council's retention period is anonymised by the daily job: identity
and incidents destroyed, free texts blanked, the coded facts kept for the indicators."""

from datetime import timedelta

import pytest
from django.utils import timezone

from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.housing.enums import ApplicationStatus, ExitReason, IncidentKind
from concerto.housing.models import ApplicantIdentity, OccupancyIncident
from concerto.housing.retention import purge_applications
from concerto.housing.tests.factories import PSY_SENTINEL, make_application, make_occupancy, make_place

pytestmark = pytest.mark.django_db


def test_old_closed_applications_are_anonymised_and_recent_ones_kept():
    council = CouncilFactory()
    org = OrganisationFactory(council=council)
    today = timezone.localdate()
    long_ago = today - timedelta(days=365 * council.retention_years + 30)
    place = make_place(council, org, starts_on=long_ago - timedelta(days=400))
    old = make_application(council, org, status=ApplicationStatus.ADMITTED)
    occupancy = make_occupancy(place, old, long_ago - timedelta(days=200), exit_on=long_ago,
                               exit_reason=ExitReason.HOSPITAL, care_referent="Inf. Martin")  # fmt: skip
    OccupancyIncident.objects.create(occupancy=occupancy, kind=IncidentKind.HOSPITALISATION, occurred_on=long_ago)
    old.closed_on = long_ago
    old.save()
    recent = make_application(council, org, status=ApplicationStatus.REFUSED, closed_on=today - timedelta(days=10))

    assert purge_applications(council) == 1

    old.refresh_from_db()
    occupancy.refresh_from_db()
    assert old.anonymised_at is not None and old.psychiatric_opinion == "" and old.psychiatrist_name == ""
    assert not ApplicantIdentity.objects.filter(application=old).exists()
    assert not OccupancyIncident.objects.exists()
    assert (occupancy.care_referent, occupancy.exit_reason, occupancy.exit_on) == ("", ExitReason.HOSPITAL, long_ago)
    recent.refresh_from_db()
    assert recent.psychiatric_opinion == PSY_SENTINEL
    assert purge_applications(council) == 0


def test_the_subject_access_section_lists_the_applications_of_a_situation():
    from concerto.housing.subject_access import situation_section as subject_access_section
    from concerto.situations.tests.factories import nominative_situation

    council = CouncilFactory()
    org = OrganisationFactory(council=council)
    situation = nominative_situation(council)
    application = make_application(council, org, from_situation=situation)
    place = make_place(council, org)
    make_occupancy(place, application, timezone.localdate() - timedelta(days=5))
    section = subject_access_section(situation)["housing_applications"]
    assert [(s["reference"], s["stays"][0]["place"]) for s in section] == [(application.reference, place.label)]
    assert PSY_SENTINEL not in str(section)
