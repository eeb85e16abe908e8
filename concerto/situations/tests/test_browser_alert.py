"""Browser tests of the alert form (logged-in and through a secure link) and of the situation file."""

import pytest
from django.urls import reverse

from concerto.accounts.enums import Profession, Role
from concerto.browser import check_accessibility, login
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.situations import link_services
from concerto.situations.models import Alert
from concerto.situations.tests.factories import add_participant, nominative_situation

pytestmark = pytest.mark.browser


def next_step(page, number: int) -> None:
    """« Suivant »: the stepper (concerto/static/concerto/alert-stepper.js) shows the next step only."""
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_selector(f"text=Étape {number} sur 4")


def fill_alert(page, council, *, with_referrer=True, facts="Odeurs fortes, voisinage inquiet."):
    """Step by step, up to the last one (attachments and sending)."""
    assert page.is_visible("text=Étape 1 sur 4") and not page.is_visible("input[name=initials]")
    if with_referrer:
        page.fill("input[name=referrer_name]", "Nadia Ferreira")
        page.select_option("select[name=referrer_organisation]", index=1)
        page.fill("input[name=referrer_role]", "Assistante sociale")
        page.fill("input[name=referrer_email]", "nadia@ccas.test")
    else:
        page.fill("input[name=referrer_name]", "Paul Renard")
        page.fill("input[name=referrer_role]", "Délégué mandataire")
        page.fill("input[name=referrer_email]", "paul@tutelle.test")
    next_step(page, 2)
    page.check("input[name=person_mode][value=initials]", force=True)
    page.fill("input[name=initials]", "J. D.")
    page.select_option("select[name=commune]", index=1)
    next_step(page, 3)
    page.check("input[name=problems][value=hoarding]", force=True)
    page.check("input[name=problems][value=unpaid_rent]", force=True)
    page.fill("input[name=unpaid_amount]", "1200")
    page.fill("textarea[name=facts]", facts)
    page.select_option("select[name=person_informed]", "yes")
    page.select_option("select[name=person_agrees]", "no")
    next_step(page, 4)


def test_partner_fills_the_alert_form(page, live_server):
    council = CouncilFactory()
    MembershipFactory(council=council, role=Role.COORDINATOR)
    partner = MembershipFactory(
        council=council,
        role=Role.PARTNER,
        profession=Profession.SOCIAL,
        organisation=OrganisationFactory(council=council),
    )
    login(page, live_server, partner.user)
    page.goto(live_server.url + reverse("situations:alert_create"))
    check_accessibility(page)
    # A first try without facts: the form comes back with everything typed and a French message, opened at the
    # step holding the error, the focus on the field.
    fill_alert(page, council, facts="")
    page.click("button[value=submit]")
    # Wait for the answer page itself (the old page also shows « Étape 3 sur 4 » until the navigation lands).
    page.wait_for_selector("text=Ce champ est obligatoire.")
    page.wait_for_selector("text=Étape 3 sur 4")
    page.wait_for_function("document.activeElement && document.activeElement.name === 'facts'")
    assert page.input_value("input[name=initials]") == "J. D."
    check_accessibility(page)
    page.fill("textarea[name=facts]", "Odeurs fortes, voisinage inquiet.")
    next_step(page, 4)
    page.click("button[value=submit]")
    page.wait_for_url("**/envoyee/")
    alert = Alert.objects.get()
    assert alert.reference in page.content()
    check_accessibility(page)


def test_referrer_without_account_uses_the_secure_link(page, live_server):
    council = CouncilFactory()
    organisation = OrganisationFactory(council=council, name="Association tutélaire")
    _link, token = link_services.secure_link_create(council=council, organisation=organisation, actor=None, days=30)
    page.goto(live_server.url + reverse("situations:public_alert", args=[token]))
    check_accessibility(page)
    fill_alert(page, council, with_referrer=False)
    page.click("button[value=submit]")
    page.wait_for_selector("text=Alerte envoyée")
    assert Alert.objects.get().reference in page.content()
    check_accessibility(page)


def test_situation_file_pages_are_accessible(page, live_server):
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    nurse = MembershipFactory(
        council=council,
        role=Role.PARTNER,
        profession=Profession.HEALTH,
        organisation=OrganisationFactory(council=council),
    )
    situation = nominative_situation(council)
    add_participant(situation, nurse)
    login(page, live_server, coordinator.user)
    for name in ("list", "alert_inbox", "link_list"):
        page.goto(live_server.url + reverse(f"situations:{name}"))
        check_accessibility(page)
    for name in ("detail", "identity", "consent", "participants", "journal", "timeline", "edit", "mode"):
        page.goto(live_server.url + reverse(f"situations:{name}", args=[situation.code]))
        check_accessibility(page)
    page.goto(live_server.url + reverse("councils:cell_list"))
    check_accessibility(page)
