"""The annual activity report's page in a real browser: axe finds no serious violation, no CSP error, nothing sticks
out of the window at 390 px; the coordinator writes the narrative and saves it, then downloads the DOCX."""

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.browser import check_accessibility, login
from concerto.factories import CouncilFactory
from concerto.reports.models import AnnualReport
from concerto.tests.test_browser_every_page import DESKTOP, DUPLICATE_IDS, MOBILE, OVERFLOWING

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_coordinator_writes_the_narrative_in_an_accessible_page(page, live_server, member_factory):
    council = CouncilFactory()
    login(page, live_server, member_factory(council, Role.COORDINATOR).user)
    year = timezone.localdate().year - 1
    url = f"{live_server.url}{reverse('reports:annual')}?annee={year}"
    for viewport in (DESKTOP, MOBILE):
        page.set_viewport_size(viewport)
        page.csp_errors.clear()
        page.goto(url)
        check_accessibility(page)
        assert not page.csp_errors
        if viewport is MOBILE:
            assert page.evaluate(OVERFLOWING) == []
            assert page.evaluate(DUPLICATE_IDS) == []
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Faits marquants").fill("Deux nouveaux bailleurs ont rejoint la cellule.")
    page.get_by_role("button", name="Enregistrer le texte").click()
    page.wait_for_url(url)
    assert page.get_by_label("Faits marquants").input_value() == "Deux nouveaux bailleurs ont rejoint la cellule."
    assert AnnualReport.objects.get(council=council, year=year).highlights.startswith("Deux nouveaux")
    check_accessibility(page)  # with the success message
    with page.expect_download() as download:
        page.get_by_role("link", name="Version modifiable (DOCX)").click()
    assert download.value.suggested_filename == f"rapport-annuel-{year}-{council.code.lower()}.docx"


@pytest.mark.django_db(transaction=True)
def test_an_elected_official_reads_the_narrative_without_a_form(page, live_server, member_factory):
    council = CouncilFactory()
    login(page, live_server, member_factory(council, Role.GOVERNANCE_MEMBER).user)
    page.goto(f"{live_server.url}{reverse('reports:annual')}")
    assert page.locator("textarea").count() == 0
    assert page.get_by_role("link", name="Rapport (PDF accessible)").is_visible()
    check_accessibility(page)
    assert not page.csp_errors
