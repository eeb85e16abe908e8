"""Every page, in a real browser: axe-core finds no serious or critical violation and the page logs no CSP error, at
1280 px and at 390 px, for the coordinator (every HTML page of the authorisation matrix they may GET) and for a
partner taking part in the situation, at 390 px. At 390 px nothing sticks out of the window horizontally (a DSFR
table wrapper may scroll inside itself) and no id is used twice. Every problem is collected, then reported at once.
"""

import pytest
from django.urls import reverse

from concerto.accounts.enums import Role
from concerto.browser import check_accessibility, login
from concerto.tests.test_authorisation_matrix import MATRIX, P_HEALTH, C, _client_for

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}

# Elements wider than the window, outside any ancestor that scrolls horizontally by itself (the DSFR table wrapper,
# `.fr-table__wrapper` / `.fr-table` with `overflow: auto`), described by a short selector.
OVERFLOWING = """() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const scrollsItself = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const o = getComputedStyle(a).overflowX;
            if (o === "auto" || o === "scroll" || o === "hidden") return true;
        }
        return false;
    };
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].slice(0, 3).join(".") : "");
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.width && box.right > width + 1 && !scrollsItself(el)) {
            out.push(describe(el) + " (right " + Math.round(box.right) + "px)");
        }
    }
    return out.length ? out.slice(0, 5)
        : ["scrollWidth " + document.documentElement.scrollWidth + "px > " + width + "px"];
}"""
DUPLICATE_IDS = """() => {
    const seen = {};
    for (const el of document.querySelectorAll("[id]")) seen[el.id] = (seen[el.id] || 0) + 1;
    return Object.keys(seen).filter((id) => seen[id] > 1);
}"""


def _html_pages(client, world, actor) -> dict[str, str]:
    """{url name: path} of every GET page of the matrix this actor gets 200 on, answering HTML."""
    actor_client = _client_for(client, world, actor)
    pages = {}
    for name, entry in sorted(MATRIX.items()):
        if entry.method != "get" or entry.expect[actor] != 200:
            continue
        path = reverse(name, kwargs=entry.kwargs(world))
        response = actor_client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[name] = path
    client.logout()
    return pages


def _visit(page, live_server, who, pages, viewports, problems) -> None:
    for viewport in viewports:
        page.set_viewport_size(viewport)
        label = f"{who} {viewport['width']}px"
        for name, path in pages.items():
            page.csp_errors.clear()
            response = page.goto(live_server.url + path)
            where = f"{label} {name} ({path})"
            if response is None or response.status != 200:
                problems.append(f"{where}: statut {response and response.status}")
                continue
            try:
                check_accessibility(page)
            except AssertionError as error:
                problems.append(f"{where}: {str(error).splitlines()[0]}")
            if viewport is MOBILE:
                if overflowing := page.evaluate(OVERFLOWING):
                    problems.append(f"{where}: déborde horizontalement : {overflowing}")
                if duplicates := page.evaluate(DUPLICATE_IDS):
                    problems.append(f"{where}: id en double : {duplicates}")


@pytest.mark.django_db(transaction=True)
def test_every_page_is_accessible_at_1280_and_390(page, live_server, client, world):
    coordinator_pages = _html_pages(client, world, C)
    partner_pages = _html_pages(client, world, P_HEALTH)
    assert len(coordinator_pages) > 40, sorted(coordinator_pages)
    assert len(partner_pages) > 10, sorted(partner_pages)
    problems: list[str] = []

    login(page, live_server, world.memberships[Role.COORDINATOR].user)
    _visit(page, live_server, "coordination", coordinator_pages, (DESKTOP, MOBILE), problems)

    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    login(page, live_server, world.participant_members[P_HEALTH].user)
    _visit(page, live_server, "partenaire", partner_pages, (MOBILE,), problems)

    assert not problems, f"{len(problems)} problème(s) :\n" + "\n".join(problems)
