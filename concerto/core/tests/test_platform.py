import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from concerto.accounts.enums import Profession, Role
from concerto.accounts.models import Membership
from concerto.councils.models import Council
from concerto.directory.models import Organisation
from concerto.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_response(client):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response  # plain HTTP here


def test_https_turns_on_hsts_and_secure_cookies(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client()
    response = client.get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["csrftoken"]["secure"]


def test_pages_with_personal_data_are_not_cached(client):
    client.force_login(MembershipFactory(role=Role.PARTNER, profession=Profession.LANDLORD).user)
    assert client.get(reverse("directory:list"))["Cache-Control"] == "no-store"


def test_pages_carry_no_inline_script(client):
    client.force_login(MembershipFactory(role=Role.COORDINATOR).user)
    for name in ("home", "directory:list", "councils:detail", "accounts:member_list", "account_login"):
        page = client.get(reverse(name)).content.decode()
        for tag in re.findall(r"<script[^>]*>", page):
            assert "src=" in tag, f"{name}: {tag}"
        assert not re.search(r"\son[a-z]+=", page), name
        assert 'style="' not in page, name


def test_bundled_templates_with_inline_javascript_are_overridden():
    ours = Path(django_settings.BASE_DIR, "concerto", "templates", "dsfr")
    for name in ("notice.html", "tag.html", "button.html", "formset_base.html"):
        text = (ours / name).read_text()
        assert "onclick" not in text and "<script>" not in text, name


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_database_failure(client):
    with mock.patch("concerto.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_state_branding_is_off_by_default_and_can_be_enabled(client, settings):
    page = client.get(reverse("account_login")).content.decode()
    assert "fr-logo" not in page
    assert "no-state-branding.css" in page
    settings.CONCERTO_STATE_BRANDING = True
    page = client.get(reverse("account_login")).content.decode()
    assert "fr-logo" in page
    assert "no-state-branding.css" not in page


def test_council_name_in_header_and_french_ui(client):
    membership = MembershipFactory(role=Role.PARTNER, profession=Profession.LANDLORD)
    client.force_login(membership.user)
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert membership.council.name in page
    assert "Annuaire" in page


def test_demo_data_is_idempotent_and_covers_every_role_and_profession(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the worker's tasks: the record PDF, the e-mails
        call_command("load_demo")
    counts = (Council.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("load_demo")
    assert (Council.objects.count(), Organisation.objects.count(), Membership.objects.count()) == counts
    council = Council.objects.get(code="VAL")
    assert council.communes.count() == 6  # 3 + the 3 neighbours that pay fees as member communes (demo/fees.py)
    assert council.organisations.count() >= 25
    roles = set(council.memberships.values_list("role", flat=True))
    professions = set(council.memberships.values_list("profession", flat=True))
    assert roles == set(Role.values)
    assert professions == set(Profession.values)
    from concerto.situations.enums import PersonMode, SituationStatus
    from concerto.situations.models import Alert

    situations = council.situations.all()
    assert {s.status for s in situations} == set(SituationStatus.values)
    assert {s.person_mode for s in situations} == set(PersonMode.values)
    assert Alert.objects.filter(council=council, status="submitted").count() == 2
    assert council.cells.get().current_charter.document.read(5) == b"%PDF-"
    # The hand-made signed session (demo/situations.py); the year of history's sessions (demo/history.py, issue 14)
    # are signed too, without a record PDF: they are told apart by their agenda's situations.
    signed = council.meetings.filter(status="signed_off", body="cell").exclude(
        items__situation__code__startswith="VAL-H"
    )
    assert signed.get().record_pdf.read(5) == b"%PDF-"
    assert council.meetings.filter(status="planned", body="cell").get().items.count() == 2
    copil = council.meetings.get(body="copil", status="planned")
    assert [item.topic for item in copil.items.order_by("position")][0] == "Bilan de la cellule de concertation"
    assert copil.items.filter(situation__isnull=True).count() == 3 and copil.invitations.count() == 4
    output = capsys.readouterr().out
    assert "coordination@clsm-val-de-lys.example" in output and "TOTP" in output


def test_demo_login_works_with_printed_secret(client):
    from concerto.demo.services import current_totp_code, demo_totp_secret

    call_command("load_demo")
    email = "coordination@clsm-val-de-lys.example"
    from concerto.demo.data import DEMO_PASSWORD

    client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": current_totp_code(demo_totp_secret(email))})
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "CLSM Val-de-Lys" in response.content.decode()
