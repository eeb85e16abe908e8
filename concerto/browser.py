"""Shared helpers of the real-browser tests: Playwright driving Debian's chromium, axe-core checks.

Without chromium these tests are skipped with a notice; under CI (CI=true) a missing browser is a failure."""

import os
import shutil
import time

import pytest
from django.urls import reverse

from concerto.demo.services import current_totp_code
from concerto.factories import PASSWORD

SERIOUS = {"serious", "critical"}


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page():  # registered in concerto/conftest.py
    executable = chromium_path()
    if executable is None:
        message = "chromium introuvable : tests navigateur ignorés (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-FR", viewport={"width": 1024, "height": 768})
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.csp_errors = []
        page.on(
            "console",
            lambda msg: page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
        yield page
        browser.close()


def check_accessibility(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert not serious, f"{page.url}: {serious}"
    assert not page.csp_errors, f"{page.url}: {page.csp_errors}"


def login(page, live_server, user) -> None:
    page.goto(live_server.url + reverse("account_login"))
    check_accessibility(page)
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/2fa/authenticate/")
    check_accessibility(page)
    # A code typed in the last seconds of its 30-second window can reach the server in the next one (a loaded
    # CI machine): wait for a fresh window rather than retry, since a refused code counts as a login failure.
    if 30 - time.time() % 30 < 4:
        time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("input[name=code]", current_totp_code(user.totp_secret))
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
