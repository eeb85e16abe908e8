"""Strict parsing of environment variables (a typo in a boolean is an error, not a silent False), and what makes
production settings unfit (read by config/settings.py at load and by the deploy checks of concerto/core/checks.py)."""

import os
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_or_create_secret(path, make) -> str:
    """Reads a local secret file, creating it once with `make()`; safe when parallel processes race to create it."""
    import os
    import tempfile
    from pathlib import Path

    path = Path(path)
    if not path.exists():
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "w") as stream:
            stream.write(make())
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)  # atomic; fails if another process created it first
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text().strip()


# --- Production: the secrets must come from the environment, be strong, and not lie next to the data.

SECRET_KEY_MIN_LENGTH = 50
INDEX_KEY_MIN_LENGTH = 32
# Values copied from tutorials, .env examples and `startproject`; compared without case, spaces, "-" or "_".
KNOWN_DEFAULT_SECRET_KEYS = {
    "changeme",
    "changethis",
    "secret",
    "secretkey",
    "mysecretkey",
    "yoursecretkey",
    "djangosecretkey",
    "password",
    "insecure",
    "notsecret",
    "dev",
    "development",
    "test",
}
# The names under which Concerto generates its keys in the data folder outside production (demo, tests).
GENERATED_KEY_FILES = ("secret_key", "encryption_key", "index_key", "backup_key")
_SMALL_FILE = 64 * 1024


@dataclass(frozen=True)
class Problem:
    """A production setting that makes Concerto refuse to start: check id, message naming the variable, hint."""

    id: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


def secret_key_weakness(key: str) -> str:
    """Why a SECRET_KEY is unfit for production, or "" when it is fit."""
    if not key:
        return "absente"
    squeezed = "".join(ch for ch in key.lower() if ch not in " -_")
    if key.lower().startswith("django-insecure") or squeezed in KNOWN_DEFAULT_SECRET_KEYS:
        return "valeur par défaut connue"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"trop courte ({len(key)} caractères, {SECRET_KEY_MIN_LENGTH} au moins)"
    if len(set(key)) < 5:
        return "trop peu de caractères différents"
    return ""


def _fernet_key_valid(key: str) -> bool:
    from cryptography.fernet import Fernet

    try:
        Fernet(key.encode())
    except (ValueError, TypeError):
        return False
    return True


def _files(folder, *, recursive: bool) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = folder.rglob("*") if recursive else folder.iterdir()
    return [path for path in found if path.is_file() and not path.is_symlink()]


def key_files(*, secrets: list[str], data_dir, backup_dir, media_root) -> list[Path]:
    """Key files lying where backups and copies of the data go: a file named like a generated key, or a small file
    holding one of the configured secrets (an environment file copied there, for instance). The data folder and
    the media folder are looked at without their subfolders; the backup folder with them."""
    candidates = {
        *_files(data_dir, recursive=False),
        *_files(media_root, recursive=False),
        *_files(backup_dir, recursive=True),
    }
    secrets = [secret.encode() for secret in secrets if secret]
    found = []
    for path in sorted(candidates):
        if path.name in GENERATED_KEY_FILES:
            found.append(path)
            continue
        try:
            if secrets and path.stat().st_size <= _SMALL_FILE:
                content = path.read_bytes()
                if any(secret in content for secret in secrets):
                    found.append(path)
        except OSError:
            continue
    return found


def production_problems(
    *, secret_key: str, encryption_keys: list[str], index_key: str, data_dir, backup_dir, media_root, backup_key=""
) -> list[Problem]:
    """Everything that makes these settings unfit for production; empty when Concerto may start."""
    problems = []
    weakness = secret_key_weakness(secret_key)
    if weakness:
        problems.append(
            Problem(
                "concerto.E001",
                f"SECRET_KEY : {weakness}. En production, Concerto exige une clé forte venant de l'environnement "
                "et n'en génère pas.",
                'Générez-la avec : python -c "import secrets; print(secrets.token_urlsafe(50))"',
            )
        )
    if not encryption_keys:
        problems.append(
            Problem(
                "concerto.E002",
                "CONCERTO_ENCRYPTION_KEYS absente : en production, les clés de chiffrement viennent de "
                "l'environnement et ne sont pas générées à côté des données.",
                'Générez-en une avec : python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"',
            )
        )
    elif not all(_fernet_key_valid(key) for key in encryption_keys):
        problems.append(
            Problem(
                "concerto.E003",
                "CONCERTO_ENCRYPTION_KEYS contient une valeur qui n'est pas une clé Fernet.",
                "Chaque clé (séparées par des virgules) fait 44 caractères en base64 « URL-safe ».",
            )
        )
    if not index_key:
        problems.append(
            Problem(
                "concerto.E004",
                "CONCERTO_INDEX_KEY absente : en production, la clé des index de recherche vient de "
                "l'environnement et n'est pas générée à côté des données.",
                'Générez-la avec : python -c "import secrets; print(secrets.token_urlsafe(32))"',
            )
        )
    elif len(index_key) < INDEX_KEY_MIN_LENGTH:
        problems.append(
            Problem(
                "concerto.E005",
                f"CONCERTO_INDEX_KEY trop courte ({len(index_key)} caractères, {INDEX_KEY_MIN_LENGTH} au moins).",
                'Générez-la avec : python -c "import secrets; print(secrets.token_urlsafe(32))"',
            )
        )
    if not backup_key:
        problems.append(
            Problem(
                "concerto.E007",
                "CONCERTO_BACKUP_KEY absente : en production, la clé des sauvegardes vient de l'environnement (à part "
                "des clés des données, et conservée hors du serveur) et n'est pas générée à côté des données.",
                'Générez-la avec : python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"',
            )
        )
    elif not _fernet_key_valid(backup_key):
        problems.append(
            Problem(
                "concerto.E008",
                "CONCERTO_BACKUP_KEY n'est pas une clé Fernet.",
                "La clé fait 44 caractères en base64 « URL-safe ».",
            )
        )
    found = key_files(
        secrets=[secret_key, *encryption_keys, index_key, backup_key],
        data_dir=data_dir,
        backup_dir=backup_dir,
        media_root=media_root,
    )
    if found:
        problems.append(
            Problem(
                "concerto.E006",
                "Fichier de clé dans le dossier des données ou des sauvegardes (CONCERTO_DATA_DIR, MEDIA_ROOT) : "
                + ", ".join(str(path) for path in found)
                + ". Ces fichiers partiraient avec les copies et les sauvegardes de la base.",
                "Mettez les clés dans l'environnement du service (EnvironmentFile lisible par lui seul, hors de ce "
                "dossier) puis supprimez ces fichiers. Si des données ont été chiffrées avec var/encryption_key, "
                "ajoutez son contenu à CONCERTO_ENCRYPTION_KEYS (après la nouvelle clé) et lancez manage.py "
                "reencrypt ; gardez var/index_key comme CONCERTO_INDEX_KEY.",
            )
        )
    return problems
