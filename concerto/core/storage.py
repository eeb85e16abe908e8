"""Uploaded files that can hold personal data (alert attachments, records of decisions, documents, letters) are
encrypted at rest with the same key list as the encrypted fields, and decrypted only when an access helper serves
them. They are stored through Django's storage API, on the default backend: on a local disk, files and folders are
created readable by the service account only (FILE_UPLOAD_PERMISSIONS); on an object store, the bucket holds only
encrypted bytes."""

import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

from concerto.core import crypto


def encrypted_files() -> list[tuple[str, str]]:
    """(app_label.model, field) of every file field stored encrypted, for key rotation (`manage.py reencrypt`).
    Found on the installed models, so an app adding such a field needs no list in core."""
    from django.apps import apps

    return sorted(
        (model._meta.label_lower, field.name)
        for model in apps.get_models()
        for field in model._meta.fields
        if isinstance(getattr(field, "storage", None), EncryptedStorage)
    )


class EncryptedStorage(Storage):
    """Encrypts on the way in and decrypts on the way out, over the default storage backend (`STORAGES["default"]`:
    the local disk by default, an S3-compatible bucket when CONCERTO_S3_BUCKET is set). The backend only ever holds
    Fernet tokens. No URL: these files are served by the views that check access, never by the backend."""

    @property
    def backend(self) -> Storage:
        return storages["default"]  # reset by Django when STORAGES changes (tests)

    def save(self, name, content, max_length=None):
        content.seek(0)
        name = name if name is not None else content.name
        return self.backend.save(name, ContentFile(crypto.encrypt_bytes(content.read())), max_length=max_length)

    def _open(self, name, mode="rb"):
        return ContentFile(crypto.decrypt_bytes(self.read_sealed(name)), name=name)

    def read_sealed(self, name) -> bytes:
        """The stored bytes, still encrypted (key rotation, sealing files kept in clear)."""
        with self.backend.open(name, "rb") as sealed:
            return sealed.read()

    def write_sealed(self, name, data: bytes) -> None:
        """Replaces the stored bytes of `name` (already encrypted), keeping its name: atomically on a local disk
        (a reader never sees half a file), by one overwriting upload on an object store."""
        if not isinstance(self.backend, FileSystemStorage):
            if self.backend.get_available_name(name) != name:  # a backend that does not overwrite
                self.backend.delete(name)
            saved = self.backend.save(name, ContentFile(data))
            if saved != name:  # pragma: no cover - a concurrent writer took the name
                raise RuntimeError(f"stored as {saved}, not {name}")
            return
        path = Path(self.backend.path(name))
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)

    def delete(self, name):
        self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def path(self, name):
        return self.backend.path(name)

    def size(self, name):
        return len(crypto.decrypt_bytes(self.read_sealed(name)))

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


def encrypted_storage() -> EncryptedStorage:
    """A callable, so that migrations name the function rather than freeze a storage instance."""
    return EncryptedStorage()


def seal_existing_files(model, field: str) -> int:
    """Encrypts in place the files of `model.field` still stored in clear; returns how many were sealed."""
    storage = EncryptedStorage()
    sealed = 0
    for name in model.objects.exclude(**{field: ""}).values_list(field, flat=True):
        if not name or not storage.exists(name):
            continue
        data = storage.read_sealed(name)
        if crypto.is_token(data):
            continue
        storage.write_sealed(name, crypto.encrypt_bytes(data))
        sealed += 1
    return sealed
