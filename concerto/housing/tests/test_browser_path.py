"""The Commission appartement's whole path in a real browser (issue 12, « Done when »): an application submitted by a
care team (a health partner of the CMP, through « Mes demandes de logement ») → complete → scheduled on a planned session from the session page → the applicant presents their situation →
admitted to a place from a date → the council's deposit → the six-month review on a later session → exit with a
coded reason and a destination. Then the landlord of the place opens the same place: the occupancy is there, none of
the health and social content is (sentinel strings planted in every such field), while the coordinator's pages show
them; the care team follows its application (the decision and the place) and sees none of it either. Every step
is a click or a typed field; after each submit the test waits for the answer page's own text."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.browser import check_accessibility, login
from concerto.core.utils import add_months
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.housing.enums import ApplicationStatus, ExitReason, ReviewOutcome
from concerto.housing.models import Application, CommissionDecision, Deposit, Occupancy, OccupancyReview
from concerto.housing.tests.factories import make_place
from concerto.meetings.enums import Body
from concerto.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "SENTINELLE-H1-NOM-a41c"
PSYCHIATRIST = "SENTINELLE-H1-PSYCHIATRE-0b7e"
ACCESSIBILITY = "SENTINELLE-H1-ACCESSIBILITE-5d2f"
SOCIAL = "SENTINELLE-H1-AVIS-SOCIAL-93aa"
PSYCHIATRIC = "SENTINELLE-H1-AVIS-PSY-1c6b"
CONSENT_MEANS = "SENTINELLE-H1-RECUEIL-77e0"
WORDS = "SENTINELLE-H1-PROPOS-e2d8 je voudrais vivre près de ma sœur"
COMMITMENT = "SENTINELLE-H1-ENGAGEMENT-4f19"
INCIDENT = "SENTINELLE-H1-INCIDENT-8a3d"
REVIEW_NOTE = "SENTINELLE-H1-BILAN-c05e"
DESTINATION = "SENTINELLE-H1-DESTINATION-6b21"
HEALTH_AND_PERSONAL = [
    NAME,
    PSYCHIATRIST,
    ACCESSIBILITY,
    SOCIAL,
    PSYCHIATRIC,
    CONSENT_MEANS,
    WORDS,
    COMMITMENT,
    INCIDENT,
    REVIEW_NOTE,
    DESTINATION,
]


def _session(council, hours_ago: int) -> Meeting:
    start = timezone.now() - datetime.timedelta(hours=hours_ago)
    return Meeting.objects.create(
        council=council, body=Body.HOUSING, starts_at=start, ends_at=start + datetime.timedelta(hours=1),
        place="Mairie de Lezennes",
    )  # fmt: skip


def _submit(page, label: str, answer: str) -> None:
    """Clicks the submit button and waits for the answer page's own text (its success message)."""
    page.get_by_role("button", name=label, exact=True).click()
    page.get_by_text(answer).first.wait_for()


def test_the_commission_path_from_application_to_exit_and_the_landlord_sees_no_health_content(page, live_server):
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    landlord_org = OrganisationFactory(council=council, name="Habitat Lille-Est")
    landlord = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.LANDLORD, organisation=landlord_org
    )
    care_team = OrganisationFactory(council=council, name="CMP Les Tilleuls", type="cmp")
    nurse = MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.HEALTH, organisation=care_team)
    social_worker = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.SOCIAL, organisation=care_team
    )
    today = timezone.localdate()
    # The convention started two years ago: an entry dated six months and a few days back is inside it.
    place = make_place(council, landlord_org, label="Rue des Lilas, app. 4", starts_on=add_months(today, -24))
    first, later = _session(council, 3), _session(council, 1)
    entry_on = add_months(today, -6) - datetime.timedelta(days=5)
    url = live_server.url

    # 1. The care team's application, submitted by a health partner of the CMP (it orients the application).
    login(page, live_server, nurse.user)
    page.goto(url + reverse("housing:care_team_list"))
    check_accessibility(page)
    page.get_by_role("link", name="Déposer une demande").click()
    page.locator("input[name=last_name]").fill(NAME)
    page.locator("input[name=first_name]").fill("Camille")
    page.locator("input[name=psychiatrist_name]").fill(PSYCHIATRIST)
    page.locator("select[name=wished_typology]").select_option("t2")
    page.locator("textarea[name=accessibility]").fill(ACCESSIBILITY)
    page.locator("textarea[name=social_opinion]").fill(SOCIAL)
    page.locator("textarea[name=psychiatric_opinion]").fill(PSYCHIATRIC)
    page.locator("select[name=consent_kind]").select_option("agreement")
    page.locator("input[name=consent_on]").fill((today - datetime.timedelta(days=2)).isoformat())
    page.locator("input[name=consent_means]").fill(CONSENT_MEANS)
    check_accessibility(page)
    _submit(page, "Déposer la demande", "La demande est déposée")
    application = Application.objects.get(council=council)
    assert (application.orienting_organisation, application.status) == (care_team, ApplicationStatus.RECEIVED)
    assert page.locator("h1").inner_text() == f"Demande de logement {application.reference}"
    check_accessibility(page)
    assert NAME not in page.content()  # after the submission, the identity is not shown to the care team

    # The coordinator completes it, as any application.
    page.context.clear_cookies()
    login(page, live_server, coordinator.user)
    page.goto(url + reverse("housing:application_list"))
    page.get_by_role("link", name=application.reference).click()
    page.get_by_text("Faire avancer la demande").wait_for()

    # 2. Complete.
    page.locator("select[name=status]").select_option(ApplicationStatus.COMPLETE)
    page.locator("input[name=on]").fill(today.isoformat())
    _submit(page, "Changer le statut", "Le statut de la demande est mis à jour.")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.COMPLETE

    # 3. Scheduled on the planned session, from the session page (reached from the meeting's page).
    page.goto(url + reverse("meetings:detail", args=[first.pk]))
    page.get_by_role("link", name="Préparer la Commission appartement").click()
    page.locator("select[name=application]").select_option(str(application.pk))
    _submit(page, "Inscrire la demande", "La demande est inscrite à l'ordre du jour.")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SCHEDULED
    check_accessibility(page)

    # 4. The applicant came and presented their situation; 5. admitted to the place from a date.
    page.get_by_role("link", name=f"Consigner la décision sur la demande {application.reference}").click()
    page.locator("select[name=attended]").select_option("yes")
    page.locator("textarea[name=words]").fill(WORDS)
    page.locator("label[for=id_own_words]").click()  # the DSFR label covers its checkbox
    page.locator("select[name=outcome]").select_option("admitted")
    page.locator("select[name=place]").select_option(str(place.pk))
    page.locator("input[name=entry_on]").fill(entry_on.isoformat())
    page.locator("select[name=contract]").select_option("sliding")
    page.locator("select[name=rent_helper]").select_option("curator")
    page.locator("textarea[name=commitment]").fill(COMMITMENT)
    check_accessibility(page)
    _submit(page, "Consigner la décision", "La décision de la commission est consignée.")
    decision = CommissionDecision.objects.get(application=application)
    assert decision.attended and decision.own_words and decision.occupancy is not None
    occupancy = Occupancy.objects.get(application=application)
    assert (occupancy.place, occupancy.entry_on, occupancy.contract) == (place, entry_on, "sliding")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.ADMITTED
    page.get_by_text(WORDS).wait_for()

    # 6. The council's deposit, and an incident of the health class, from the place's page.
    page.goto(url + reverse("housing:place_detail", args=[place.pk]))
    page.get_by_role("link", name="Dépôt de garantie").click()
    page.locator("input[name=amount]").fill("420")
    page.locator("input[name=paid_on]").fill((entry_on + datetime.timedelta(days=2)).isoformat())
    _submit(page, "Enregistrer", "Le versement du dépôt de garantie est enregistré.")
    assert Deposit.objects.get(occupancy=occupancy).amount == 420
    page.get_by_role("link", name="Incident").click()
    page.locator("select[name=kind]").select_option("hospitalisation")
    page.locator("input[name=occurred_on]").fill((today - datetime.timedelta(days=20)).isoformat())
    page.locator("textarea[name=note]").fill(INCIDENT)
    _submit(page, "Enregistrer", "L'incident est enregistré.")

    # 7. The six-month review is due: on the later session's agenda, then recorded.
    page.goto(url + reverse("housing:commission_session", args=[later.pk]))
    page.locator("select[name=occupancy]").select_option(str(occupancy.pk))
    _submit(page, "Inscrire le bilan", "Le bilan semestriel est inscrit à l'ordre du jour.")
    page.get_by_role("link", name=f"Consigner le bilan de {place.label}").click()
    page.locator("textarea[name=note]").fill(REVIEW_NOTE)
    page.locator("select[name=outcome]").select_option(ReviewOutcome.CONTINUE)
    _submit(page, "Consigner le bilan", "Le bilan semestriel est consigné.")
    assert OccupancyReview.objects.get(occupancy=occupancy).outcome == ReviewOutcome.CONTINUE
    page.get_by_text(REVIEW_NOTE).wait_for()

    # 8. Exit with a coded reason and a destination.
    page.goto(url + reverse("housing:place_detail", args=[place.pk]))
    page.get_by_role("link", name="Enregistrer la sortie").click()
    page.locator("input[name=exit_on]").fill(today.isoformat())
    page.locator("select[name=exit_reason]").select_option(ExitReason.HOSTEL)
    page.locator("input[name=destination]").fill(DESTINATION)
    _submit(page, "Enregistrer", "La sortie est enregistrée.")
    occupancy.refresh_from_db()
    assert (occupancy.exit_on, occupancy.exit_reason) == (today, ExitReason.HOSTEL)
    check_accessibility(page)

    # The coordinator's pages show what was recorded.
    coordinator_html = page.content()
    page.goto(url + reverse("housing:application_detail", args=[application.reference]))
    page.get_by_text("Historique des décisions de la commission").wait_for()
    check_accessibility(page)
    coordinator_html += page.content()
    page.get_by_role("link", name="Voir l'identité").click()
    page.get_by_text(NAME).wait_for()
    coordinator_html += page.content()
    for session in (first, later):
        page.goto(url + reverse("housing:commission_session", args=[session.pk]))
        coordinator_html += page.content()
    for sentinel in HEALTH_AND_PERSONAL:
        if sentinel != CONSENT_MEANS:  # the consent's means is kept, never displayed
            assert sentinel in coordinator_html, sentinel

    # The landlord of the place: the occupancy, and none of the health or personal content.
    page.context.clear_cookies()
    login(page, live_server, landlord.user)
    page.goto(url + reverse("housing:place_list"))
    page.get_by_role("link", name=place.label).click()
    page.get_by_role("heading", name=f"Place {place.label}").wait_for()
    check_accessibility(page)
    html = page.content()
    assert f"Entrée le {entry_on:%d/%m/%Y}" in html and f"sortie le {today:%d/%m/%Y}" in html
    assert "Bail glissant" in html
    for sentinel in HEALTH_AND_PERSONAL:
        assert sentinel not in html, sentinel
    for text in ("Hospitalisation", "Foyer ou résidence", application.reference, "420"):
        assert text not in html, text

    # The care team follows its application (a social worker of the CMP: another login than the nurse's, whose
    # one-time code may not be used twice): the decision and the place, none of the health or personal content.
    page.context.clear_cookies()
    login(page, live_server, social_worker.user)
    page.goto(url + reverse("housing:care_team_list"))
    page.get_by_role("link", name=application.reference).click()
    page.get_by_role("heading", name="Commission appartement").wait_for()
    check_accessibility(page)
    html = page.content()
    assert "Admise" in html and place.label in html and f"{entry_on:%d/%m/%Y}" in html
    for sentinel in HEALTH_AND_PERSONAL:
        assert sentinel not in html, sentinel
