"""Strict parsing of environment variables (a typo in a boolean is an error, not a silent False)."""

import os

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
