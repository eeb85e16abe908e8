"""Over HTTP: a six-monthly review concluding « Faire glisser le bail » ends the occupancy (the lease slid to the
occupant, the flat leaves the stock) in the review's transaction, or writes nothing; and the commission's history on
the application's page, newest first, with who sees what of it."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.core.typography import french_spaces as fr
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.housing import commission, indicators, selectors
from concerto.housing.enums import ApplicationStatus, CommissionOutcome, Contract, ExitReason, ReviewOutcome
from concerto.housing.models import ApplicationConsent, Convention, Occupancy, OccupancyReview
from concerto.housing.services import SLID_DESTINATION
from concerto.housing.tests.factories import (
    PSY_SENTINEL,
    SOCIAL_SENTINEL,
    make_application,
    make_occupancy,
    make_place,
)
from concerto.meetings.enums import Body
from concerto.meetings.models import Meeting
from concerto.situations.enums import ConsentKind

pytestmark = pytest.mark.django_db
WORDS = "SENTINELLE-HISTO-PROPOS-31ab"
COMMITMENT = "SENTINELLE-HISTO-ENGAGEMENT-77c2"
REASON = "SENTINELLE-HISTO-MOTIF-0d4e"


def _session(council, *, hours_ago: float) -> Meeting:
    start = timezone.now() - timedelta(hours=hours_ago)
    return Meeting.objects.create(
        council=council, body=Body.HOUSING, starts_at=start, ends_at=start + timedelta(hours=1), place="Mairie"
    )


@pytest.fixture
def w(member_factory):
    council = CouncilFactory()
    landlord_org = OrganisationFactory(council=council, name="Habitat du Nord")
    today = timezone.localdate()
    world = SimpleNamespace(
        council=council,
        cmp=OrganisationFactory(council=council, name="CMP"),
        coordinator=member_factory(council, Role.COORDINATOR),
        health=member_factory(council, Role.HOUSING_MEMBER, Profession.HEALTH),
        mayor=member_factory(council, Role.HOUSING_MEMBER, Profession.ELECTED),
        landlord=member_factory(council, Role.PARTNER, Profession.LANDLORD, organisation=landlord_org),
        partner=member_factory(council, Role.PARTNER, Profession.HEALTH),
        place=make_place(council, landlord_org, label="Rue des Lilas, app. 4", starts_on=today - timedelta(days=900)),
    )
    tenant = make_application(council, world.cmp, status=ApplicationStatus.ADMITTED)
    world.occupancy = make_occupancy(
        world.place, tenant, today - timedelta(days=750), contract=Contract.SLIDING,
        slide_due_on=Occupancy.slide_due(today - timedelta(days=750)),
    )  # fmt: skip
    return world


def _review_item(w, occupancy, *, hours_ago: float = 2):
    meeting = _session(w.council, hours_ago=hours_ago)
    return meeting, commission.agenda_add_review(meeting=meeting, occupancy=occupancy, actor=w.coordinator.user)


def _post_review(client, w, meeting, item, outcome=ReviewOutcome.SLIDE):
    client.force_login(w.coordinator.user)
    url = reverse("housing:commission_review", args=[meeting.pk, item.pk])
    return client.post(url, {"note": "Bail à son nom, accord du bailleur", "outcome": outcome})


# --- « Faire glisser le bail » --------------------------------------------------------------------------------------


def test_a_slide_conclusion_ends_the_occupancy_and_the_flat_leaves_the_stock(client, w):
    meeting, item = _review_item(w, w.occupancy)
    response = _post_review(client, w, meeting, item)
    assert response.status_code == 302
    day = timezone.localdate(meeting.starts_at)
    occupancy = Occupancy.objects.get(pk=w.occupancy.pk)
    assert (occupancy.exit_on, occupancy.exit_reason) == (day, ExitReason.SLIDING_DONE)
    assert occupancy.destination == SLID_DESTINATION
    assert OccupancyReview.objects.get(item=item).outcome == ReviewOutcome.SLIDE
    occupancy.application.refresh_from_db()
    assert occupancy.application.closed_on == day
    # The place's convention ends the day before: no vacancy is counted afterwards, no renewal asked, not on the
    # desk's vacant places.
    assert Convention.objects.get(place=w.place).ends_on == day - timedelta(days=1)
    w.place.refresh_from_db()
    assert w.place.status == "vacant" and w.place not in selectors.vacant_places(w.council)
    figures = indicators.compute(w.council, day, day + timedelta(days=30))
    assert [(p.open_days, p.occupied_days) for p in figures.places] == [(0, 0)]
    assert figures.exits_by_reason == {ExitReason.SLIDING_DONE: 1}
    assert Event.objects.filter(verb="housing_lease_slid").count() == 1
    assert Event.objects.filter(verb="housing_exit").count() == 1
    # The place's page says it, the occupancy is no longer current.
    page = client.get(reverse("housing:place_detail", args=[w.place.pk])).content.decode()
    assert "Personne n'occupe cette place." in page and "bail glissé à son nom" in page


def _nothing_written(w, item) -> None:
    assert not OccupancyReview.objects.filter(item=item).exists()
    occupancy = Occupancy.objects.get(pk=w.occupancy.pk)
    assert occupancy.exit_on is None and occupancy.exit_reason == ""
    assert Convention.objects.get(place=w.place).ends_on is None
    assert not Event.objects.filter(verb__in=["housing_lease_slid", "housing_exit", "housing_commission_review"])


def test_only_a_sliding_lease_slides_and_nothing_is_written_otherwise(client, w):
    Occupancy.objects.filter(pk=w.occupancy.pk).update(contract=Contract.SUBLET, slide_due_on=None)
    meeting, item = _review_item(w, w.occupancy)
    response = _post_review(client, w, meeting, item)
    assert response.status_code == 200
    message = "Seul un bail glissant peut glisser au nom de la personne : cette occupation est en « sous-location »."
    assert fr(message) in response.content.decode()
    _nothing_written(w, item)


def test_a_slide_is_not_recorded_before_the_session_day(client, w):
    meeting, item = _review_item(w, w.occupancy, hours_ago=-48)
    response = _post_review(client, w, meeting, item)
    assert response.status_code == 200
    assert fr("Le bail glisse au jour de la séance : consignez ce bilan le jour de la séance ou après.") in (
        response.content.decode()
    )
    _nothing_written(w, item)


def test_a_continue_conclusion_leaves_the_occupancy_as_it_is(client, w):
    meeting, item = _review_item(w, w.occupancy)
    assert _post_review(client, w, meeting, item, outcome=ReviewOutcome.CONTINUE).status_code == 302
    occupancy = Occupancy.objects.get(pk=w.occupancy.pk)
    assert occupancy.exit_on is None and Convention.objects.get(place=w.place).ends_on is None


# --- the commission's history on the application's page ------------------------------------------------------------


@pytest.fixture
def history(w):
    """An application postponed at a first session (did not come), then admitted at a later one (came and spoke)."""
    application = make_application(w.council, w.cmp)
    first, later = _session(w.council, hours_ago=30 * 24), _session(w.council, hours_ago=2)
    user = w.coordinator.user
    item = commission.agenda_add_application(meeting=first, application=application, actor=user)
    commission.decision_record(
        item=item, actor=user, data={"outcome": CommissionOutcome.POSTPONED, "reason": REASON, "attended": False}
    )
    item = commission.agenda_add_application(meeting=later, application=application, actor=user)
    place = make_place(w.council, w.cmp, label="Résidence du Parc, app. 7")
    commission.decision_record(
        item=item, actor=user,
        data={"outcome": CommissionOutcome.ADMITTED, "attended": True, "words": WORDS, "own_words": True,
              "commitment": COMMITMENT, "place": place, "entry_on": timezone.localdate(), "contract": Contract.SUBLET},
    )  # fmt: skip
    return SimpleNamespace(application=application, first=first, later=later)


def _page(client, member, application):
    client.force_login(member.user)
    return client.get(reverse("housing:application_detail", args=[application.reference]))


def test_the_history_lists_every_decision_newest_first(client, w, history):
    page = _page(client, w.coordinator, history.application).content.decode()
    table = page[page.index("Historique des décisions de la commission") : page.index(">Occupations</h2>")]
    assert table.index("Admission dans une place") < table.index("Ajournement")
    later_day = timezone.localtime(history.later.starts_at).date()
    first_day = timezone.localtime(history.first.starts_at).date()
    assert table.index(f"{later_day:%d/%m/%Y}") < table.index(f"{first_day:%d/%m/%Y}")
    assert "Résidence du Parc, app. 7" in page and "Venue présenter sa situation" in page and "Pas venue" in page
    assert WORDS in page and COMMITMENT in page and REASON in page and "dans ses propres mots" in page
    assert reverse("housing:commission_session", args=[history.later.pk]) in page


@pytest.mark.parametrize(
    ("who", "texts", "opinions"),
    [
        ("coordinator", True, True),
        ("health", True, True),  # a health profession, with the applicant's agreement
        ("mayor", True, False),  # a member outside the health and social professions: heard the person, no opinion
    ],
)
def test_who_sees_what_of_the_history(client, w, history, who, texts, opinions):
    page = _page(client, getattr(w, who), history.application).content.decode()
    assert "Admission dans une place" in page and "Ajournement" in page and "Venue présenter sa situation" in page
    for sentinel in (WORDS, COMMITMENT, REASON):
        assert (sentinel in page) is texts, (who, sentinel)
    for sentinel in (SOCIAL_SENTINEL, PSY_SENTINEL):
        assert (sentinel in page) is opinions, (who, sentinel)
    session_link = reverse("housing:commission_session", args=[history.later.pk])
    assert (session_link in page) is (who == "coordinator")


def test_without_the_applicants_agreement_members_see_the_decisions_only(client, w, history):
    ApplicationConsent.objects.create(
        application=history.application, kind=ConsentKind.OBJECTION, occurred_on=timezone.localdate(), by_whom="CMP"
    )
    for member in (w.health, w.mayor):
        page = _page(client, member, history.application).content.decode()
        assert "Admission dans une place" in page and "Ajournement" in page and "Pas venue" in page
        for sentinel in (WORDS, COMMITMENT, REASON, SOCIAL_SENTINEL, PSY_SENTINEL):
            assert sentinel not in page, (member, sentinel)
    page = _page(client, w.coordinator, history.application).content.decode()
    assert WORDS in page and REASON in page


def test_the_application_page_is_closed_to_landlords_partners_and_other_councils(client, w, history, member_factory):
    assert _page(client, w.landlord, history.application).status_code == 403
    assert _page(client, w.partner, history.application).status_code == 403
    stranger = member_factory(CouncilFactory(), Role.COORDINATOR)
    assert _page(client, stranger, history.application).status_code == 404


def test_an_application_never_decided_says_so(client, w):
    application = make_application(w.council, w.cmp)
    page = _page(client, w.coordinator, application).content.decode()
    assert "Aucune décision de la commission sur cette demande." in page
