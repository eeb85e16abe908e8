"""Every select's empty choice is French (« Choisir… » or a meaningful phrase), never Django's « --------- »: each
page of the fuzz registry's forms (FORM_TARGETS) and each list page with filters is read as its actor (issue 11)."""

import pytest
from django.urls import reverse

from concerto.core.forms import DJANGO_EMPTY_LABEL, EMPTY_LABEL
from concerto.tests.test_fuzz import FORM_TARGETS, LIST_PAGES, login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", FORM_TARGETS, ids=[t.test_id for t in FORM_TARGETS])
def test_form_pages_have_no_dashed_empty_choice(target, client, world):
    if target.setup:
        target.setup(world)
    login(client, world, target.actor)
    page = client.get(reverse(target.name, kwargs=target.kwargs(world)))
    assert page.status_code in (200, 405)  # 405: a POST-only page, whose form is shown on another page
    assert DJANGO_EMPTY_LABEL not in page.content.decode()


@pytest.mark.parametrize("name", sorted(n for n, forms in LIST_PAGES.items() if isinstance(forms, tuple) and forms))
def test_list_filters_have_no_dashed_empty_choice(name, client, world):
    from concerto.accounts.enums import Role

    login(client, world, Role.COORDINATOR)
    page = client.get(reverse(name))
    if page.status_code == 200 and page["Content-Type"].startswith("text/html"):
        assert DJANGO_EMPTY_LABEL not in page.content.decode()


def test_the_alert_form_offers_choisir(client, world):
    from concerto.accounts.enums import Role

    login(client, world, Role.PARTNER)
    html = client.get(reverse("situations:alert_create")).content.decode()
    assert f'<option value="" selected>{EMPTY_LABEL}</option>' in html
