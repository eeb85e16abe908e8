"""The header fits: at 1024 px the whole menu is on one line (setup pages under « Administration »), at 390 px it
collapses into the "Menu" button; no horizontal scroll on the coordinator's home, axe-core clean."""

import pytest

from concerto.accounts.enums import Profession, Role
from concerto.browser import check_accessibility, login
from concerto.factories import CouncilFactory, MembershipFactory

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in Axe().run(page).response["violations"]]


@pytest.mark.django_db(transaction=True)
def test_header_fits_at_1024_and_390(page, live_server):
    coordinator = MembershipFactory(
        council=CouncilFactory(name="Conseil local de santé mentale de Villeneuve-d'Ascq et environs"),
        role=Role.COORDINATOR,
        profession=Profession.ADMINISTRATIVE,
    )
    login(page, live_server, coordinator.user)

    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(live_server.url + "/")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), page.evaluate("document.documentElement.scrollWidth")
    nav = page.locator("#navigation-principale")
    assert nav.is_visible()
    items = nav.locator(":scope > ul > li")
    # Every top-level entry is on the menu's first line and inside the window.
    tops = {round(box["y"]) for box in (items.nth(i).bounding_box() for i in range(items.count()))}
    assert len(tops) == 1, tops
    last = items.last.bounding_box()
    assert last["x"] + last["width"] <= 1024
    admin = nav.get_by_role("button", name="Administration")
    admin.click()
    page.locator("#menu-administration").get_by_role("link", name="Membres").wait_for()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    check_accessibility(page)
    assert not axe_violations(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), page.evaluate("document.documentElement.scrollWidth")
    assert not nav.is_visible()
    assert page.get_by_role("button", name="Menu").is_visible()
    check_accessibility(page)
    assert not axe_violations(page)
