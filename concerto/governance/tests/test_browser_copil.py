"""The issue's COPIL in a real browser, axe-core clean: the coordinator convenes the COPIL from its page, records
attendance and sees the quorum reached, adopts a decision linked to a project whose status then changes (shown on
the project's page with its history), and signs the record off in the generic meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.browser import check_accessibility, login
from concerto.factories import ContactFactory, CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.governance.enums import MemberFunction, ProjectStatus
from concerto.governance.models import BodyMeeting
from concerto.governance.tests.factories import make_body, make_project, seat
from concerto.meetings.enums import MeetingStatus

pytestmark = pytest.mark.browser


def test_convene_a_copil_reach_quorum_adopt_a_decision_and_sign_off(page, live_server):
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    gem = OrganisationFactory(council=council, name="GEM Le Phare")
    president = MembershipFactory(council=council, role=Role.GOVERNANCE_MEMBER, profession=Profession.ELECTED)
    treasurer = MembershipFactory(council=council, role=Role.GOVERNANCE_MEMBER, profession=Profession.SOCIAL)
    body = make_body(council, name="COPIL du CLSM", quorum_count=2)
    seats = [
        seat(body, membership=president, function=MemberFunction.PRESIDENT),
        seat(body, membership=treasurer, function=MemberFunction.TREASURER),
        seat(body, contact=ContactFactory(organisation=gem, name="Représentante du GEM")),
    ]
    project = make_project(council, name="Prévention du suicide", status=ProjectStatus.FUTURE)

    login(page, live_server, coordinator.user)
    page.goto(live_server.url + reverse("governance:body_list"))
    check_accessibility(page)
    page.get_by_role("link", name="COPIL du CLSM").click()
    page.get_by_role("link", name="Convoquer une réunion").click()
    check_accessibility(page)
    # The session is held now (recorded as it starts): nobody is e-mailed, and it can be signed off at once.
    start = timezone.localtime() - timedelta(minutes=30)
    page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends_at]", (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=place]", "Mairie, salle du conseil")
    page.locator("label", has_text="Prévention du suicide").click()
    page.get_by_role("button", name="Convoquer").click()
    page.get_by_text("Quorum non atteint (0/2)").wait_for()
    check_accessibility(page)
    meeting = BodyMeeting.objects.get(body=body).meeting

    # The DSFR radio's label covers its input: a person clicks the label (0: present, 1: excused, 2: absent).
    page.locator(f"label[for=id_member_{seats[0].pk}_0]").click()
    page.locator(f"label[for=id_member_{seats[1].pk}_1]").click()
    page.locator(f"label[for=id_member_{seats[2].pk}_0]").click()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.get_by_text("Présences enregistrées").wait_for()
    assert page.locator("#quorum").get_by_text("Quorum atteint (2/2)").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Adopter une décision").click()
    page.fill("textarea[name=text]", "Lancer les formations de formateur·rices en prévention du suicide.")
    page.select_option("select[name=project]", str(project.pk))
    page.select_option("select[name=project_status]", ProjectStatus.IN_PROGRESS)
    page.fill("input[name=votes_for]", "2")
    check_accessibility(page)
    page.get_by_role("button", name="Adopter la décision").click()
    page.get_by_text("La décision est inscrite au registre.").wait_for()

    page.locator("table").get_by_role("link", name="Prévention du suicide").click()
    page.locator("#project-status", has_text="En cours").wait_for()
    assert page.locator("#status-history").get_by_text("À venir → En cours").is_visible()
    check_accessibility(page)

    page.goto(live_server.url + reverse("governance:meeting", args=[meeting.pk]))
    page.get_by_role("link", name="Ordre du jour, relevé et signature").click()
    # The generic meeting page names the body and lists the decision adopted at this meeting.
    page.get_by_role("heading", name="Décisions adoptées à cette réunion").wait_for()
    assert page.get_by_role("link", name="COPIL du CLSM (présences, quorum et décisions)").is_visible()
    decision = "Lancer les formations de formateur·rices en prévention du suicide."
    assert page.get_by_role("cell", name=decision).is_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Mode séance").click()
    page.wait_for_url("**/seance/")
    # With JavaScript, the opener replaces the form's own button and asks for confirmation in a modal.
    page.locator("button.concerto-js-only", has_text="Signer le relevé de décisions").click()
    modal = page.locator("#sign-off-modal")
    modal.get_by_role("button", name="Signer et envoyer le relevé").click()
    page.wait_for_selector("text=Relevé signé")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SIGNED_OFF
    page.goto(live_server.url + reverse("governance:meeting", args=[meeting.pk]))
    assert page.get_by_text("Lancer les formations de formateur·rices").is_visible()
    assert page.get_by_role("link", name="Adopter une décision").count() == 0
