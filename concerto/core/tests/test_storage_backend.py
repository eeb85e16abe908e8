"""Uploads through Django's storage API (issue 15): the local disk by default, an S3-compatible bucket by
configuration, and the encryption of personal files on top of whichever backend holds them."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.storage import InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concerto.accounts.enums import Role
from concerto.core import crypto
from concerto.core.management.commands.reencrypt import rotate_files
from concerto.core.storage import EncryptedStorage, seal_existing_files
from concerto.factories import CouncilFactory, MembershipFactory
from concerto.situations.models import Attachment
from concerto.situations.tests.factories import PDF, AlertFactory
from config.media import FILESYSTEM_BACKEND, S3_BACKEND, default_storage

ROOT = Path(__file__).resolve().parents[3]


def test_the_local_disk_is_the_default():
    assert default_storage({}) == {"BACKEND": FILESYSTEM_BACKEND}
    assert default_storage({"CONCERTO_S3_BUCKET": "  "}) == {"BACKEND": FILESYSTEM_BACKEND}


def test_a_bucket_switches_to_s3_with_its_endpoint_region_keys_and_prefix():
    config = default_storage(
        {
            "CONCERTO_S3_BUCKET": "concerto-fichiers",
            "CONCERTO_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
            "CONCERTO_S3_REGION": "fr-par",
            "CONCERTO_S3_ACCESS_KEY_ID": "AKIAEXAMPLE",
            "CONCERTO_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
            "CONCERTO_S3_PREFIX": "clsm-lille",
        }
    )
    assert config["BACKEND"] == S3_BACKEND
    options = config["OPTIONS"]
    assert options["bucket_name"] == "concerto-fichiers" and options["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert options["region_name"] == "fr-par" and options["location"] == "clsm-lille"
    assert options["access_key"] == "AKIAEXAMPLE" and options["secret_key"] == "not-a-real-secret"
    assert options["file_overwrite"] is False and options["querystring_auth"] is True
    backend = storages.create_storage(config)  # django-storages builds it without a network call
    assert type(backend).__name__ == "S3Storage" and backend.bucket_name == "concerto-fichiers"
    assert backend.location == "clsm-lille" and backend.file_overwrite is False


def test_the_settings_module_reads_the_bucket_and_the_replica_from_the_environment(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.STORAGES['default'], sorted(settings.DATABASES), settings.REPLICA_DATABASE]))"
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("CONCERTO_", "DATABASE_", "PYTEST"))
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CONCERTO_DATA_DIR": str(tmp_path),
        "CONCERTO_S3_BUCKET": "concerto-fichiers",
        "CONCERTO_S3_REGION": "fr-par",
        "DATABASE_REPLICA_URL": "postgres://lecteur@replica.example:5432/concerto",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    storage, aliases, replica = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == S3_BACKEND and storage["OPTIONS"]["bucket_name"] == "concerto-fichiers"
    assert aliases == ["default", "replica"] and replica == "replica"


@pytest.fixture
def object_store(settings):
    """A backend other than the local disk, as an object store (S3Storage) is: Django's in-memory storage."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    backend = storages["default"]
    assert isinstance(backend, InMemoryStorage)
    return backend


def _attachment(council=None):
    return Attachment.objects.create(
        alert=AlertFactory(council=council or CouncilFactory()), file=SimpleUploadedFile("x.pdf", PDF),
        content_type="application/pdf", size=len(PDF),
    )  # fmt: skip


@pytest.mark.django_db
def test_encrypted_files_go_through_the_configured_backend_and_are_served_in_clear(object_store, client, settings):
    council = CouncilFactory()
    attachment = _attachment(council)
    raw = object_store.open(attachment.file.name).read()
    assert crypto.is_token(raw) and crypto.decrypt_bytes(raw) == PDF
    assert not (Path(settings.MEDIA_ROOT) / attachment.file.name).exists()  # nothing written to the local disk
    assert attachment.file.size == len(PDF)
    client.force_login(MembershipFactory(council=council, role=Role.COORDINATOR).user)
    response = client.get(reverse("situations:attachment", kwargs={"pk": attachment.pk}))
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_key_rotation_and_sealing_work_on_an_object_store(object_store, monkeypatch):
    attachment = _attachment()
    before = object_store.open(attachment.file.name).read()
    current = crypto._fernet()._fernets[0]
    old_key = base64.urlsafe_b64encode(current._signing_key + current._encryption_key).decode()
    new_key = Fernet.generate_key().decode()
    monkeypatch.setenv("CONCERTO_ENCRYPTION_KEYS", f"{new_key},{old_key}")
    crypto._fernet.cache_clear()
    try:
        assert rotate_files() == 1
        after = object_store.open(attachment.file.name).read()
        assert after != before and Fernet(new_key.encode()).decrypt(after) == PDF
        # A file left in clear (stored before encryption) is sealed in place, under the same name.
        storage = EncryptedStorage()
        storage.write_sealed(attachment.file.name, PDF)
        assert seal_existing_files(Attachment, "file") == 1
        folder, name = os.path.split(attachment.file.name)
        assert object_store.listdir(folder)[1] == [name]  # replaced, not saved again under another name
        assert crypto.decrypt_bytes(object_store.open(attachment.file.name).read()) == PDF
    finally:
        crypto._fernet.cache_clear()


@pytest.mark.django_db
def test_rewriting_a_file_on_disk_keeps_its_name_and_its_private_mode(settings):
    attachment = _attachment()
    path = Path(settings.MEDIA_ROOT) / attachment.file.name
    EncryptedStorage().write_sealed(attachment.file.name, crypto.encrypt_bytes(b"%PDF-1.4 autre"))
    assert crypto.decrypt_bytes(path.read_bytes()) == b"%PDF-1.4 autre"
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
