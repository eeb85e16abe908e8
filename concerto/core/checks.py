"""Deploy checks (`manage.py check --deploy`, run by `make run` before gunicorn with --fail-level WARNING).

The secrets rules are those of config/settings.py, which refuses to load in production mode: the check lists every
problem at once, with its hint. The antivirus check says when uploads are not scanned (docs/deployment.md)."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from config.env import env_list, env_str, production_problems


def _secret_key() -> str:
    try:
        return settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty SECRET_KEY
        return ""


@checks.register(checks.Tags.security, deploy=True)
def check_production_secrets(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """SECRET_KEY strong, encryption and blind-index keys from the environment, no key file next to the data."""
    problems = production_problems(
        secret_key=_secret_key(),
        # Read where concerto.core.crypto reads them (the environment), not generated.
        encryption_keys=env_list("CONCERTO_ENCRYPTION_KEYS"),
        index_key=env_str("CONCERTO_INDEX_KEY"),
        data_dir=settings.DATA_DIR,
        backup_dir=settings.BACKUP_DIR,
        media_root=settings.MEDIA_ROOT,
        backup_key=env_str("CONCERTO_BACKUP_KEY"),
    )
    return [checks.Critical(problem.message, hint=problem.hint, id=problem.id) for problem in problems]


@checks.register(checks.Tags.security, deploy=True)
def check_antivirus(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Without clamd, uploads are checked by type and size only: a warning, unless the operator accepts it
    explicitly (then still said, as information)."""
    if settings.CLAMD_SOCKET:
        return []
    message = "CLAMD_SOCKET absent : les pièces déposées ne sont pas analysées par un antivirus."
    if settings.CONCERTO_ALLOW_UNSCANNED_UPLOADS:
        return [checks.Info(message, hint="Accepté par CONCERTO_ALLOW_UNSCANNED_UPLOADS=true.", id="concerto.I001")]
    return [
        checks.Warning(
            message,
            hint="Installez clamd et indiquez son socket Unix dans CLAMD_SOCKET, ou acceptez explicitement des "
            "pièces non analysées avec CONCERTO_ALLOW_UNSCANNED_UPLOADS=true (la page Protection des données le dit).",
            id="concerto.W001",
        )
    ]
