"""Encryption at rest with a key list from the environment (MultiFernet: the first key encrypts,
every key decrypts, so old keys can be retired after re-encryption). Not derived from SECRET_KEY."""

import hashlib
import hmac
import secrets
import unicodedata
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

from config.env import env_list, env_str, read_or_create_secret


@cache
def _fernet() -> MultiFernet:
    keys = env_list("CONCERTO_ENCRYPTION_KEYS")
    if not keys:
        # Local use only (demo, tests): a generated key kept in the data folder.
        keys = [read_or_create_secret(settings.DATA_DIR / "encryption_key", lambda: Fernet.generate_key().decode())]
    return MultiFernet([Fernet(key.encode()) for key in keys])


@cache
def _index_key() -> bytes:
    key = env_str("CONCERTO_INDEX_KEY") or read_or_create_secret(
        settings.DATA_DIR / "index_key", lambda: secrets.token_urlsafe(32)
    )
    return key.encode()


def blind_index(text: str) -> str:
    """A keyed hash (HMAC-SHA256) of a normalised value: equal inputs match, the value cannot be read back.
    Its key is separate from the encryption keys, so rotating those keeps the indexes valid."""
    normalised = " ".join(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().split())
    return hmac.new(_index_key(), normalised.encode(), hashlib.sha256).hexdigest()


def rotate(token: str) -> str:
    """Re-encrypts a token under the newest key (MultiFernet.rotate)."""
    return _fernet().rotate(token.encode()).decode()


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(token)


def is_token(data: bytes) -> bool:
    from cryptography.fernet import InvalidToken

    try:
        _fernet().decrypt(data)
    except (InvalidToken, ValueError, TypeError):
        return False
    return True


@cache
def _backup_fernet() -> Fernet:
    """Backups have a key of their own, kept apart from the data and from the encryption keys."""
    key = env_str("CONCERTO_BACKUP_KEY") or read_or_create_secret(
        settings.DATA_DIR / "backup_key", lambda: Fernet.generate_key().decode()
    )
    return Fernet(key.encode())


BACKUP_CHUNK = 1024 * 1024


def encrypt_file_for_backup(source, target) -> None:
    """Encrypts a file chunk by chunk (one Fernet token a line), so a large dump never sits whole in memory."""
    with open(source, "rb") as clear, open(target, "wb") as sealed:
        while chunk := clear.read(BACKUP_CHUNK):
            sealed.write(_backup_fernet().encrypt(chunk) + b"\n")


def decrypt_backup_file(source, target) -> None:
    with open(source, "rb") as sealed, open(target, "wb") as clear:
        for line in sealed:
            clear.write(_backup_fernet().decrypt(line.strip()))
