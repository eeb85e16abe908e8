"""The Bilan page in a real browser, with figures in every chart: axe finds no serious violation, no CSP error, and
nothing sticks out of the window at 390 px (the SVG charts are drawn server-side, no script)."""

import pytest
from django.urls import reverse

from concerto.accounts.enums import Role
from concerto.browser import check_accessibility, login
from concerto.reports.tests.test_reports import Y  # the year of known figures: the `year` fixture (conftest.py)
from concerto.tests.test_browser_every_page import DESKTOP, DUPLICATE_IDS, MOBILE, OVERFLOWING

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.OBSERVER])
def test_the_bilan_is_accessible_with_its_charts(role, page, live_server, year, member_factory):
    login(page, live_server, member_factory(year.council, role).user)
    for viewport in (DESKTOP, MOBILE):
        page.set_viewport_size(viewport)
        page.csp_errors.clear()
        page.goto(f"{live_server.url}{reverse('reports:bilan')}?annee={Y}")
        assert page.locator("svg[role=img] title").count() >= 5
        check_accessibility(page)
        assert not page.csp_errors
        if viewport is MOBILE:
            assert page.evaluate(OVERFLOWING) == []
            assert page.evaluate(DUPLICATE_IDS) == []
