"""Uploaded files that can hold personal data (alert attachments, records of decisions) are encrypted at rest
with the same key list as the encrypted fields, and decrypted only when an access helper serves them. Files and
folders are created readable by the service account only."""

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

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


class EncryptedStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        super().__init__(**{"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700, **kwargs})

    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(crypto.encrypt_bytes(content.read())))

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as sealed:
            return ContentFile(crypto.decrypt_bytes(sealed.read()), name=name)

    def size(self, name):
        with self._open(name) as clear:
            return clear.size


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
        path = storage.path(name)
        with open(path, "rb") as stored:
            data = stored.read()
        if crypto.is_token(data):
            continue
        with open(path, "wb") as stored:
            stored.write(crypto.encrypt_bytes(data))
        sealed += 1
    return sealed
