"""Housing retention on the data-protection page, over HTTP: the purge preview (dry run) counts the housing
applications due for anonymisation (through the registry's retention job, as the page counts situations), writes
nothing, follows a shortened retention period on the confirmation page, and the purge itself anonymises them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.typography import french_spaces as fr
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.housing.enums import ApplicationStatus
from concerto.housing.models import ApplicantIdentity
from concerto.housing.tests.factories import make_application
from concerto.privacy.models import PurgeRun
from concerto.privacy.retention import purge

pytestmark = pytest.mark.django_db
LABEL = "Demandes de logement à anonymiser (Commission appartement)"


@pytest.fixture
def council():
    council = CouncilFactory()
    org = OrganisationFactory(council=council)
    today = timezone.localdate()
    years_ago = lambda years: today - timedelta(days=365 * years + 10)  # noqa: E731
    # Closed longer ago than the 2-year default (due), closed 1.5 years ago (due only with 1 year), closed lately.
    for closed_on in (years_ago(council.retention_years), today - timedelta(days=550), today - timedelta(days=5)):
        make_application(council, org, status=ApplicationStatus.REFUSED, closed_on=closed_on)
    return council


def test_the_preview_counts_housing_applications_and_writes_nothing(client, council):
    for role, profession in ((Role.DPO, Profession.ADMINISTRATIVE), (Role.COORDINATOR, None)):
        member = MembershipFactory(council=council, role=role, **({"profession": profession} if profession else {}))
        client.force_login(member.user)
        page = client.get(reverse("privacy:overview"))
        assert page.context["preview"]["housing_applications_anonymised"] == 1
        assert fr(f"{LABEL} : 1") in page.content.decode()
    assert ApplicantIdentity.objects.count() == 3 and not PurgeRun.objects.exists()


def test_a_shorter_period_shows_more_applications_due_before_confirming(client, council):
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    client.force_login(coordinator.user)
    data = {"retention_years": 1, "declined_alert_retention_months": 6, "draft_retention_days": 30,
            "access_log_retention_months": 12, "unusual_reads_per_day": 20}  # fmt: skip
    response = client.post(reverse("privacy:overview"), data)
    assert fr(f"{LABEL} : 1 → 2") in response.content.decode()
    assert ApplicantIdentity.objects.count() == 3


def test_the_purge_anonymises_what_the_preview_counted(council):
    assert purge(council, dry_run=True)["housing_applications_anonymised"] == 1
    counts = purge(council)
    assert counts["housing_applications_anonymised"] == 1
    assert ApplicantIdentity.objects.count() == 2
    assert PurgeRun.objects.get().counts["housing_applications_anonymised"] == 1
    assert purge(council, dry_run=True)["housing_applications_anonymised"] == 0


def test_other_roles_do_not_see_the_preview(client, council, member_factory):
    member = member_factory(council, Role.HOUSING_MEMBER, Profession.SOCIAL)
    client.force_login(member.user)
    assert client.get(reverse("privacy:overview")).status_code == 403
