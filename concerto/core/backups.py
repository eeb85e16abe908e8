"""Backups of the database and the uploaded files.

SQLite: the online backup API (a consistent copy while the application runs). PostgreSQL: `pg_dump` in custom
format, restored with `pg_restore --clean --if-exists`. Uploaded files (attachments, charters, records, logos) are
archived next to it, with a manifest of row counts used to check a restore. The database and the files are
encrypted with the backup key (`CONCERTO_BACKUP_KEY`, apart from the data keys); the folder and its files are
readable by the service account only (0700 / 0600)."""

import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump / pg_restore with argument lists, no shell
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from concerto.core import crypto

SEALED = {"database.sqlite3": "database.sqlite3.enc", "database.dump": "database.dump.enc", "media.tar.gz": "media.enc"}


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = f"{db['USER']}@" if db.get("USER") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{user}{db.get('HOST') or ''}{port}/{db['NAME']}"


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in apps.get_models()}


def backup(target_dir: Path | None = None) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(target_dir or settings.DATA_DIR / "backups") / stamp
    target.mkdir(parents=True, exist_ok=False, mode=0o700)
    os.chmod(target, 0o700)
    os.chmod(target.parent, 0o700)
    env = {"PGPASSWORD": settings.DATABASES["default"].get("PASSWORD") or ""}
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / "database.sqlite3")
        with destination:
            connection.connection.backup(destination)
        destination.close()
    elif connection.vendor == "postgresql":
        subprocess.run(  # noqa: S603
            [_tool("pg_dump"), "--format=custom", f"--file={target / 'database.dump'}", _database_url()],
            check=True,
            env={**_base_env(), **env},
        )
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(connection.vendor)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    (target / "manifest.json").write_text(
        json.dumps({"created_at": stamp, "vendor": connection.vendor, "rows": row_counts()}, indent=2)
    )
    for clear_name, sealed_name in SEALED.items():
        if (target / clear_name).exists():
            crypto.encrypt_file_for_backup(target / clear_name, target / sealed_name)
            (target / clear_name).unlink()
    for path in target.iterdir():
        os.chmod(path, 0o600)
    return target


def _unsealed(source: Path, work: Path) -> Path:
    """A clear copy of an encrypted backup, in a private working folder."""
    for clear_name, sealed_name in SEALED.items():
        if (source / sealed_name).exists():
            crypto.decrypt_backup_file(source / sealed_name, work / clear_name)
        elif (source / clear_name).exists():  # a backup made before backups were encrypted
            shutil.copy(source / clear_name, work / clear_name)
    return work


def restore(source: Path) -> dict[str, int]:
    import tempfile

    manifest = json.loads((Path(source) / "manifest.json").read_text())
    with tempfile.TemporaryDirectory(prefix="concerto-restore-") as work:
        return _restore(_unsealed(Path(source), Path(work)), manifest)


def _restore(source: Path, manifest: dict) -> dict[str, int]:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source / "database.sqlite3")
        origin.backup(connection.connection)
        origin.close()
    elif connection.vendor == "postgresql":
        connection.close()
        subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                f"--dbname={_database_url()}",
                str(source / "database.dump"),
            ],
            check=True,
            env={**_base_env(), "PGPASSWORD": settings.DATABASES["default"].get("PASSWORD") or ""},
        )
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(source / "media.tar.gz", "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name == "media" or m.name.startswith("media/")]
        if members:
            if media.exists():
                shutil.rmtree(media)
            archive.extractall(media.parent, members=members, filter="data")
            if media.name != "media":
                (media.parent / "media").rename(media)
    return manifest["rows"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} est introuvable : installez le client PostgreSQL (postgresql-client).")
    return path


def _base_env() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "PGSSLMODE")}
