"""Encryption at rest with a key list from the environment (MultiFernet: the first key encrypts,
every key decrypts, so old keys can be retired after re-encryption). Not derived from SECRET_KEY."""

from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

from config.env import env_list, read_or_create_secret


@cache
def _fernet() -> MultiFernet:
    keys = env_list("CONCERTO_ENCRYPTION_KEYS")
    if not keys:
        # Local use only (demo, tests): a generated key kept in the data folder.
        keys = [read_or_create_secret(settings.DATA_DIR / "encryption_key", lambda: Fernet.generate_key().decode())]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()
