"""Every list page: filtered by its FilterSet (django-filter), paginated by 50 with the shared include, whose page
links keep the filters. The situation list's invariant-10 behaviour is tested in situations/tests
(test_disclosure_rules.py, test_file.py); the case of a crafted filter is repeated here on the FilterSet."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.directory.enums import OrganisationType
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.meetings.enums import Body, MeetingStatus
from concerto.meetings.models import Meeting
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action
from concerto.situations.enums import AlertStatus, Problem, SituationStatus
from concerto.situations.models import SituationProblem
from concerto.situations.tests.factories import AlertFactory, SituationFactory, add_participant

pytestmark = pytest.mark.django_db

ROWS = 51  # one more than a page


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def coordinator(client, council, member_factory):
    membership = member_factory(council, Role.COORDINATOR)
    client.force_login(membership.user)
    return membership


def assert_two_pages(client, name, query: dict, rows_of=lambda page: page.object_list):
    """51 matching rows: a first page of 50 whose "next" link keeps the filter, a second page of 1."""
    first = client.get(reverse(name), query)
    assert first.status_code == 200
    page = first.context["page"]
    assert (page.paginator.count, page.paginator.num_pages, len(rows_of(page))) == (ROWS, 2, 50)
    filters = "&amp;".join(f"{key}={value}" for key, value in query.items())
    assert f'href="?{filters}&amp;page=2"' in first.content.decode()
    second = client.get(reverse(name), {**query, "page": 2})
    assert len(rows_of(second.context["page"])) == 1
    return first


def test_situation_list_filters_and_paginates(client, council, coordinator):
    for _ in range(ROWS):
        SituationFactory(council=council, status=SituationStatus.WATCH)
    SituationFactory(council=council, status=SituationStatus.CLOSED)
    assert client.get(reverse("situations:list")).context["page"].paginator.count == ROWS + 1
    assert_two_pages(client, "situations:list", {"status": SituationStatus.WATCH})
    closed = client.get(reverse("situations:list"), {"status": SituationStatus.CLOSED}).context["page"]
    assert [s.status for s in closed] == [SituationStatus.CLOSED]


def test_situation_list_crafted_clinical_filter_narrows_nothing(client, council, member_factory):
    """A landlord sees the shared content but not the health content: the clinical problems are not offered, and a
    crafted one makes the form invalid instead of narrowing the list on what the landlord does not see."""
    landlord = member_factory(council, Role.PARTNER)
    followed = [SituationFactory(council=council) for _ in range(2)]
    for situation in followed:
        add_participant(situation, landlord)
    SituationProblem.objects.create(situation=followed[0], code=Problem.CARE_REFUSAL)
    SituationProblem.objects.create(situation=followed[1], code=Problem.HOARDING)
    client.force_login(landlord.user)
    page = client.get(reverse("situations:list"))
    offered = dict(page.context["form"].fields["problem"].choices)
    assert Problem.HOARDING in offered and Problem.CARE_REFUSAL not in offered
    crafted = client.get(reverse("situations:list"), {"problem": Problem.CARE_REFUSAL})
    assert not crafted.context["form"].is_valid()
    assert crafted.context["page"].paginator.count == 2
    shared = client.get(reverse("situations:list"), {"problem": Problem.HOARDING}).context["page"]
    assert [s.code for s in shared] == [followed[1].code]


def test_directory_filters_paginates_and_exports_the_same_rows(client, council, coordinator):
    for _ in range(ROWS):
        OrganisationFactory(council=council, type=OrganisationType.CMP)
    OrganisationFactory(council=council, type=OrganisationType.CCAS, name="Le CCAS")
    OrganisationFactory(council=CouncilFactory(), type=OrganisationType.CMP)  # another council's
    # The directory pages by 25: check the filter and the link with the export, and the pagination by hand.
    response = client.get(reverse("directory:list"), {"type": OrganisationType.CMP})
    assert response.context["page"].paginator.count == ROWS
    assert response.context["page"].paginator.num_pages == 3
    assert 'href="?type=cmp&amp;page=2"' in response.content.decode()
    assert f"{reverse('directory:export_csv')}?type=cmp" in response.content.decode()
    searched = client.get(reverse("directory:list"), {"q": "le ccas"}).context["page"]
    assert [o.name for o in searched] == ["Le CCAS"]
    csv = client.get(reverse("directory:export_csv"), {"type": OrganisationType.CCAS}).content.decode()
    assert "Le CCAS" in csv and "Structure" not in csv.split("\n", 1)[1]


def test_alert_inbox_paginates(client, council, coordinator):
    for _ in range(ROWS):
        AlertFactory(council=council)
    AlertFactory(council=council, status=AlertStatus.DRAFT)
    first = client.get(reverse("situations:alert_inbox"))
    page = first.context["page"]
    assert (page.paginator.count, len(page.object_list)) == (ROWS, 50)
    assert 'href="?page=2"' in first.content.decode()
    assert len(client.get(reverse("situations:alert_inbox"), {"page": 2}).context["page"].object_list) == 1


def test_my_actions_filter_and_paginate(client, council, member_factory):
    partner = member_factory(council, Role.PARTNER, organisation=OrganisationFactory(council=council))
    situation = SituationFactory(council=council)
    for n in range(ROWS + 2):
        Action.objects.create(
            council=council, situation=situation, text=f"Action {n}", owner_organisation=partner.organisation,
            due_on=timezone.localdate() + timedelta(days=n),
            status=ActionStatus.DONE if n >= ROWS else ActionStatus.TODO,
        )  # fmt: skip
    client.force_login(partner.user)
    assert client.get(reverse("plans:my_actions")).context["page"].paginator.count == ROWS + 2
    first = assert_two_pages(client, "plans:my_actions", {"status": ActionStatus.TODO})
    assert "Action 0" in first.content.decode() and situation.code in first.content.decode()
    done = client.get(reverse("plans:my_actions"), {"status": ActionStatus.DONE}).context["page"]
    assert sorted(a.text for a in done) == [f"Action {ROWS}", f"Action {ROWS + 1}"]


def test_meeting_list_filters_and_paginates_the_past(client, council, coordinator):
    now = timezone.now()
    for n in range(ROWS):
        start = now - timedelta(days=n + 1)
        Meeting.objects.create(council=council, body=Body.COPIL, starts_at=start, ends_at=start + timedelta(hours=2))
    start = now - timedelta(days=3)
    Meeting.objects.create(
        council=council, body=Body.PLENARY, starts_at=start, ends_at=start + timedelta(hours=2),
        status=MeetingStatus.CANCELLED,
    )  # fmt: skip
    upcoming = Meeting.objects.create(
        council=council, body=Body.COPIL, starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=2)
    )
    first = assert_two_pages(client, "meetings:list", {"body": Body.COPIL})
    assert list(first.context["upcoming"]) == [upcoming]
    cancelled = client.get(reverse("meetings:list"), {"status": MeetingStatus.CANCELLED})
    assert [m.body for m in cancelled.context["page"]] == [Body.PLENARY]
    assert list(cancelled.context["upcoming"]) == []
