"""Without clamd (CLAMD_SOCKET), uploads are not scanned: the EICAR test file goes through, and both
`check --deploy` and the data-protection page say so."""

import pytest
from django.core.checks import Info, Warning, run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from concerto.accounts.enums import Role
from concerto.core.antivirus import scan
from concerto.factories import CouncilFactory, MembershipFactory

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def antivirus_messages():
    return [m for m in run_checks(include_deployment_checks=True) if m.id in ("concerto.W001", "concerto.I001")]


def test_without_clamd_nothing_is_scanned(settings):
    settings.CLAMD_SOCKET = ""
    scan(SimpleUploadedFile("eicar.pdf", EICAR))  # accepted: the reason why the operator must be told


def test_check_deploy_warns_that_uploads_are_not_scanned(settings):
    settings.CLAMD_SOCKET = ""
    settings.CONCERTO_ALLOW_UNSCANNED_UPLOADS = False
    (message,) = antivirus_messages()
    assert isinstance(message, Warning) and message.id == "concerto.W001"
    assert "CLAMD_SOCKET" in message.msg and "ne sont pas analysées" in message.msg
    assert "CONCERTO_ALLOW_UNSCANNED_UPLOADS=true" in message.hint
    with pytest.raises(SystemCheckError, match="concerto.W001"):  # what `make run` runs: it refuses to start
        call_command("check", deploy=True, fail_level="WARNING", tags=["security"])


def test_explicit_opt_out_still_says_it_as_information(settings):
    settings.CLAMD_SOCKET = ""
    settings.CONCERTO_ALLOW_UNSCANNED_UPLOADS = True
    (message,) = antivirus_messages()
    assert isinstance(message, Info) and message.id == "concerto.I001" and "ne sont pas analysées" in message.msg


def test_no_antivirus_message_with_clamd(settings):
    settings.CLAMD_SOCKET = "/run/clamav/clamd.ctl"
    assert antivirus_messages() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("socket", "expected", "absent"),
    [
        ("", "Non analysées par un antivirus", "Analysées par un antivirus"),
        ("/run/clamav/clamd.ctl", "Analysées par un antivirus", "Non analysées par un antivirus"),
    ],
)
def test_data_protection_page_says_whether_uploads_are_scanned(client, settings, socket, expected, absent):
    settings.CLAMD_SOCKET = socket
    dpo = MembershipFactory(council=CouncilFactory(), role=Role.DPO, profession="administrative")
    client.force_login(dpo.user)
    page = client.get(reverse("privacy:overview"))
    assert page.status_code == 200
    content = page.content.decode()
    assert expected in content and absent not in content
