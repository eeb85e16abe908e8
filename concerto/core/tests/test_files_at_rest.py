"""Uploaded files and backups are encrypted at rest and readable by the service account only (hardening #9)."""

import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from concerto.accounts.enums import Role
from concerto.core import crypto
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.situations.models import Attachment
from concerto.situations.tests.factories import PDF, AlertFactory


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db
def test_attachments_are_encrypted_on_disk_and_served_in_clear(client, settings):
    council = CouncilFactory()
    alert = AlertFactory(council=council)
    attachment = Attachment.objects.create(
        alert=alert, file=SimpleUploadedFile("x.pdf", PDF), content_type="application/pdf", size=len(PDF)
    )
    path = settings.MEDIA_ROOT / attachment.file.name
    raw = path.read_bytes()
    assert not raw.startswith(b"%PDF") and crypto.is_token(raw)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR)
    client.force_login(coordinator.user)
    response = client.get(reverse("situations:attachment", kwargs={"pk": attachment.pk}))
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db(transaction=True)
def test_backups_are_encrypted_and_private(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    council = CouncilFactory()
    Attachment.objects.create(
        alert=AlertFactory(council=council), file=SimpleUploadedFile("x.pdf", PDF), content_type="application/pdf",
        size=len(PDF),
    )  # fmt: skip
    call_command("backup", target=str(tmp_path / "backups"), verbosity=0)
    (backup_dir,) = (tmp_path / "backups").iterdir()
    assert mode(backup_dir) == 0o700
    names = sorted(p.name for p in backup_dir.iterdir())
    assert "manifest.json" in names and "media.enc" in names and "media.tar.gz" not in names
    for path in backup_dir.iterdir():
        assert mode(path) == 0o600, path.name
        content = path.read_bytes()
        assert not content.startswith((b"SQLite format", b"PGDMP", b"\x1f\x8b")), path.name


@pytest.mark.django_db
def test_every_encrypted_file_field_is_found_for_rotation():
    from concerto.core.storage import encrypted_files

    assert {("situations.attachment", "file"), ("meetings.meeting", "record_pdf")} <= set(encrypted_files())


@pytest.mark.django_db
def test_key_rotation_reencrypts_the_files(monkeypatch):
    import base64

    from cryptography.fernet import Fernet

    attachment = Attachment.objects.create(
        alert=AlertFactory(council=CouncilFactory()), file=SimpleUploadedFile("x.pdf", PDF),
        content_type="application/pdf", size=len(PDF),
    )  # fmt: skip
    current = crypto._fernet()._fernets[0]
    old_key = base64.urlsafe_b64encode(current._signing_key + current._encryption_key).decode()
    new_key = Fernet.generate_key().decode()
    monkeypatch.setenv("CONCERTO_ENCRYPTION_KEYS", f"{new_key},{old_key}")
    crypto._fernet.cache_clear()
    try:
        call_command("reencrypt", verbosity=0)
        monkeypatch.setenv("CONCERTO_ENCRYPTION_KEYS", new_key)
        crypto._fernet.cache_clear()
        with Attachment.objects.get(pk=attachment.pk).file.open("rb") as clear:
            assert clear.read() == PDF
    finally:
        crypto._fernet.cache_clear()


def test_the_database_and_the_data_folder_are_private(tmp_path):
    """A fresh data folder, migrated by a real `manage.py`: the folder is 0700, the SQLite file and keys 0600."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    data = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "CONCERTO_", "DATABASE_URL"))}
    env.update(CONCERTO_DATA_DIR=str(data), DATABASE_URL=f"sqlite:///{data / 'concerto.sqlite3'}")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert mode(data) == 0o700
    for path in data.iterdir():
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path.name
