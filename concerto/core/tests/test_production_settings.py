"""Production refuses weak settings: a strong SECRET_KEY, encryption and blind-index keys from the environment, no
key file next to the data. The rules are deploy checks (`manage.py check --deploy`, run by `make run` before
gunicorn) and a refusal at settings load in production mode (gunicorn, or CONCERTO_PRODUCTION=true); the test suite
and the demo keep generating their own keys."""

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.checks import Critical, run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from config.env import GENERATED_KEY_FILES, production_problems

BASE_DIR = Path(django_settings.BASE_DIR)
STRONG_SECRET = "Zq8-vN3x_Lr5T" * 5  # 65 characters, not a known default
FERNET_KEY = base64.urlsafe_b64encode(b"a fixed 32-byte key for the test").decode()  # fixed: xdist ids
INDEX_KEY = "i" * 8 + "ndex-key-for-blind-indexes-0123456789"
BACKUP_KEY = base64.urlsafe_b64encode(b"another fixed key: for backups!!").decode()
CONCERTO_VARIABLES = (
    "SECRET_KEY",
    "CONCERTO_ENCRYPTION_KEYS",
    "CONCERTO_INDEX_KEY",
    "CONCERTO_PRODUCTION",
    "CONCERTO_DATA_DIR",
    "MEDIA_ROOT",
    "DATABASE_URL",
    "DEBUG",
    "CLAMD_SOCKET",
    "CONCERTO_ALLOW_UNSCANNED_UPLOADS",
    "SERVER_SOFTWARE",
    "CONCERTO_BACKUP_KEY",
)


def problems(tmp_path, **overrides):
    values = {
        "secret_key": STRONG_SECRET,
        "encryption_keys": [FERNET_KEY],
        "index_key": INDEX_KEY,
        "data_dir": tmp_path / "var",
        "backup_dir": tmp_path / "var" / "backups",
        "media_root": tmp_path / "var" / "media",
        "backup_key": BACKUP_KEY,
        **overrides,
    }
    return production_problems(**values)


def test_strong_settings_have_no_problem(tmp_path):
    (tmp_path / "var" / "backups" / "20260101-000000").mkdir(parents=True)
    (tmp_path / "var" / "concerto.sqlite3").write_bytes(b"SQLite format 3\0")
    (tmp_path / "var" / "backups" / "20260101-000000" / "manifest.json").write_text("{}")
    assert problems(tmp_path) == []


@pytest.mark.parametrize(
    ("secret_key", "reason"),
    [
        ("", "absente"),
        ("changeme", "valeur par défaut connue"),
        ("CHANGE-ME", "valeur par défaut connue"),
        ("secret", "valeur par défaut connue"),
        ("django-insecure-" + "x1y2z3" * 10, "valeur par défaut connue"),
        ("Zq8-vN3x_Lr5T" * 3, "trop courte (39 caractères, 50 au moins)"),
        ("ab" * 30, "trop peu de caractères différents"),
    ],
)
def test_weak_secret_key_is_refused_naming_the_variable(tmp_path, secret_key, reason):
    (problem,) = problems(tmp_path, secret_key=secret_key)
    assert problem.id == "concerto.E001"
    assert problem.message.startswith(f"SECRET_KEY : {reason}.")


@pytest.mark.parametrize(
    ("overrides", "check_id", "variable"),
    [
        ({"encryption_keys": []}, "concerto.E002", "CONCERTO_ENCRYPTION_KEYS absente"),
        ({"encryption_keys": [FERNET_KEY, "changeme"]}, "concerto.E003", "CONCERTO_ENCRYPTION_KEYS contient"),
        ({"index_key": ""}, "concerto.E004", "CONCERTO_INDEX_KEY absente"),
        ({"index_key": "changeme"}, "concerto.E005", "CONCERTO_INDEX_KEY trop courte"),
        ({"backup_key": ""}, "concerto.E007", "CONCERTO_BACKUP_KEY absente"),
        ({"backup_key": "changeme"}, "concerto.E008", "CONCERTO_BACKUP_KEY n'est pas"),
    ],
)
def test_missing_or_invalid_keys_are_refused_naming_the_variable(tmp_path, overrides, check_id, variable):
    (problem,) = problems(tmp_path, **overrides)
    assert problem.id == check_id and problem.message.startswith(variable)


@pytest.mark.parametrize(
    ("relative", "content"),
    [
        ("var/encryption_key", "any content: the name is the one Concerto used to generate"),
        ("var/index_key", ""),
        ("var/secret_key", ""),
        ("var/backups/20260101-000000/encryption_key", ""),
        ("var/media/secret_key", ""),
        ("var/backup_key", ""),
        ("var/concerto.env", f"CONCERTO_ENCRYPTION_KEYS={FERNET_KEY}\n"),  # a copied environment file
        ("var/backups/20260101-000000/notes.txt", f"index: {INDEX_KEY}"),
    ],
)
def test_a_key_file_in_the_data_or_backup_folder_is_refused(tmp_path, relative, content):
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    (problem,) = problems(tmp_path)
    assert problem.id == "concerto.E006" and str(path) in problem.message


def test_key_files_outside_the_data_folder_are_fine(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "concerto.env").write_text(f"CONCERTO_INDEX_KEY={INDEX_KEY}\n")
    (tmp_path / "etc" / "encryption_key").write_text(FERNET_KEY)
    assert problems(tmp_path) == []


def test_deploy_checks_list_every_problem(settings, monkeypatch, tmp_path):
    settings.SECRET_KEY = "changeme"
    settings.DATA_DIR = tmp_path
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_SOCKET = "/run/clamav/clamd.ctl"
    (tmp_path / "index_key").write_text("left by an earlier run")
    monkeypatch.delenv("CONCERTO_ENCRYPTION_KEYS", raising=False)
    monkeypatch.delenv("CONCERTO_INDEX_KEY", raising=False)
    monkeypatch.delenv("CONCERTO_BACKUP_KEY", raising=False)
    messages = [m for m in run_checks(include_deployment_checks=True) if m.id.startswith("concerto.")]
    assert sorted(m.id for m in messages) == [
        "concerto.E001", "concerto.E002", "concerto.E004", "concerto.E006", "concerto.E007",
    ]  # fmt: skip
    assert all(isinstance(m, Critical) for m in messages)
    with pytest.raises(SystemCheckError, match="SECRET_KEY"):
        call_command("check", deploy=True)
    # Deploy checks only: `manage.py check` and the test runner's checks are not concerned.
    assert not [m for m in run_checks() if m.id.startswith("concerto.")]


def test_deploy_checks_pass_with_strong_settings(settings, monkeypatch, tmp_path):
    settings.SECRET_KEY = STRONG_SECRET
    settings.DATA_DIR = tmp_path
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_SOCKET = "/run/clamav/clamd.ctl"
    monkeypatch.setenv("CONCERTO_ENCRYPTION_KEYS", FERNET_KEY)
    monkeypatch.setenv("CONCERTO_INDEX_KEY", INDEX_KEY)
    monkeypatch.setenv("CONCERTO_BACKUP_KEY", BACKUP_KEY)
    assert not [m for m in run_checks(include_deployment_checks=True) if m.id.startswith("concerto.")]


def test_the_test_suite_is_never_in_production_mode():
    assert django_settings.TESTING and not django_settings.PRODUCTION


# --- real processes: what `make run` and an operator's gunicorn do, and what the demo still does.


def environment(tmp_path, **variables) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CONCERTO_VARIABLES and not k.startswith("PYTEST")}
    data_dir = tmp_path / "var"
    data_dir.mkdir(exist_ok=True)
    env.update(CONCERTO_DATA_DIR=str(data_dir), DATABASE_URL=f"sqlite:///{data_dir / 'concerto.sqlite3'}")
    env.update(variables)
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def generated_key_files(tmp_path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "var").iterdir() if p.name in GENERATED_KEY_FILES)


def test_make_run_check_refuses_weak_settings_and_names_each_variable(tmp_path):
    env = environment(
        tmp_path, CONCERTO_PRODUCTION="true", SECRET_KEY="changeme", CONCERTO_ALLOW_UNSCANNED_UPLOADS="true"
    )
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 1
    for check_id, variable in (
        ("concerto.E001", "SECRET_KEY"),
        ("concerto.E002", "CONCERTO_ENCRYPTION_KEYS"),
        ("concerto.E004", "CONCERTO_INDEX_KEY"),
    ):
        assert re.search(rf"\({re.escape(check_id)}\) {variable}\b", result.stderr), result.stderr
    # Any other command refuses to load the settings, with the same list.
    migrate = manage(env, "migrate", "--noinput")
    assert migrate.returncode != 0
    assert "Concerto refuse de démarrer en production" in migrate.stderr and "CONCERTO_INDEX_KEY" in migrate.stderr
    assert generated_key_files(tmp_path) == []  # nothing generated next to the data


def test_gunicorn_refuses_to_start_with_weak_settings(tmp_path):
    """No CONCERTO_PRODUCTION: gunicorn with DEBUG off is production by itself."""
    env = environment(tmp_path, SECRET_KEY="changeme")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "config/gunicorn.conf.py",
         "--bind", "127.0.0.1:0", "--workers", "1", "--no-control-socket"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Concerto refuse de démarrer en production" in output
    assert "SECRET_KEY : valeur par défaut connue" in output
    assert "CONCERTO_ENCRYPTION_KEYS absente" in output and "CONCERTO_INDEX_KEY absente" in output
    assert generated_key_files(tmp_path) == []


def test_demo_and_local_commands_still_generate_their_keys(tmp_path):
    """Outside production mode (the demo's commands run with DEBUG off, under manage.py), keys are generated in the
    data folder as before."""
    result = manage(
        environment(tmp_path),
        "shell",
        "-c",
        "from concerto.core import crypto; assert crypto.decrypt(crypto.encrypt('x')) == 'x'; crypto.blind_index('x')",
    )
    assert result.returncode == 0, result.stderr
    assert generated_key_files(tmp_path) == ["encryption_key", "index_key", "secret_key"]
