"""Every page opened by a secret link (a URL holding a token) answers without a login, is never cached nor indexed,
and never sends its address to another site (`core.decorators.token_page`); its forms post in a real browser
(under "Referrer-Policy: no-referrer" Chromium posts with `Origin: null` and Django's CSRF check answers 403)."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from concerto.browser import check_accessibility
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.plans.models import Action
from concerto.plans.tests.factories import EXTERNAL_TOKEN, external_link, make_external
from concerto.situations.tests.factories import nominative_situation


def token_url_names(resolver=None, namespace: str = "") -> list[str]:
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += token_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and "token" in entry.pattern.converters and entry.name:
            names.append(f"{namespace}{entry.name}")
    return names


def test_the_token_pages_are_found():
    assert len(token_url_names()) >= 9, token_url_names()


@pytest.mark.django_db
@pytest.mark.parametrize("name", token_url_names())
def test_every_token_page_is_private(client, name):
    response = client.get(reverse(name, kwargs={"token": "jeton-inconnu-0123456789"}))
    assert response.status_code in {200, 302, 404, 410}, response.status_code
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_external_owner_posts_the_form_in_a_real_browser(page, live_server):
    council = CouncilFactory()
    situation = nominative_situation(council)
    action = Action.objects.create(
        council=council, situation=situation, owner_organisation=OrganisationFactory(council=council),
        text="Renouveler l'ordonnance", due_on=timezone.localdate() + timedelta(days=14),
    )  # fmt: skip
    make_external(action, email="dr.martin@cabinet.test")
    external_link(action)
    page.goto(live_server.url + reverse("plans:external_action", args=[EXTERNAL_TOKEN]))
    check_accessibility(page)
    page.locator("label[for=id_status_1]").click()  # DSFR radios: the label covers the input
    page.get_by_label("Commentaire (facultatif)").fill("Ordonnance renouvelée")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("enregistrée comme faite").wait_for()
    action.refresh_from_db()
    assert action.status == "done"
