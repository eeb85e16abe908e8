"""Secret tokens of URLs never reach the logs: runserver's access log (django.server), the console (django.request)
and gunicorn's access log (config/gunicorn.conf.py) show "[jeton]" instead."""

import datetime
import io
import logging
import os
import re
import runpy
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from gunicorn.config import Config
from gunicorn.glogging import Logger

from concerto.core.logging import REDACTED, RedactTokens, redact

BASE_DIR = Path(settings.BASE_DIR)
SENTINEL = "Sentinelle-4f7Qz_9xW"  # looks like a token (token_urlsafe alphabet)


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def token_urls() -> dict[str, str]:
    """Every URL taking a secret (an argument named token or key), built with the sentinel as the secret."""
    urls = {}
    for name, pattern in walk(get_resolver().url_patterns):
        arguments = set(pattern.pattern.regex.groupindex)
        if not arguments & {"token", "key"}:
            continue
        kwargs = {arg: (SENTINEL if arg in ("token", "key") else "1") for arg in arguments}
        urls[name] = reverse(name, kwargs=kwargs)
    return urls


def test_every_token_url_is_redacted_in_request_lines_referers_and_next_parameters():
    urls = token_urls()
    assert {
        "situations:public_alert",
        "accounts:invitation_accept",
        "meetings:poll_answer",
        "account_reset_password_from_key",
    } <= set(urls)
    for name, url in urls.items():
        encoded = url.replace("/", "%2F")
        line = f'1.2.3.4 - - "GET {url}?a=b HTTP/1.1" 200 12 "https://concerto.example.org{url}" "Mozilla" {encoded}'
        line += f" /comptes/login/?next={url}"
        redacted = redact(line)
        assert SENTINEL not in redacted, (name, redacted)
        assert redacted.count(REDACTED) == 4, (name, redacted)


def test_urls_without_token_are_left_alone():
    for path in (
        "/comptes/password/reset/key/done/",
        "/reunions/3/invitation.ics",
        "/membres/invitations/3/annuler/",
        "/situations/VAL-2026-001/",
        "/liens-securises/",
    ):
        assert redact(f"GET {path} HTTP/1.1") == f"GET {path} HTTP/1.1"


def test_runserver_access_log_shows_no_token():
    """A real request through runserver's request handler, its django.server line read back."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    server_logger = logging.getLogger("django.server")
    server_logger.addHandler(handler)

    def app(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"absent"]

    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}{reverse('situations:public_alert', args=[SENTINEL])}"
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(url, timeout=10)  # noqa: S310 - a local test server
    finally:
        server.shutdown()
        server.server_close()
        server_logger.removeHandler(handler)
    output = stream.getvalue()
    assert f"/saisine/{REDACTED}/" in output and " 404 " in output
    assert SENTINEL not in output


@pytest.mark.django_db
def test_console_log_of_a_refused_token_shows_no_token(client):
    """django.request logs "Not Found: <path>": read on the console handler of settings.LOGGING, and on a handler of
    the "django" logger, where Django's own DEBUG console sits (it writes before the root handlers)."""
    (console,) = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactTokens) for f in h.filters)]
    stream, django_stream = io.StringIO(), io.StringIO()
    previous = console.setStream(stream)
    django_handler = logging.StreamHandler(django_stream)
    logging.getLogger("django").addHandler(django_handler)
    try:
        response = client.get(reverse("accounts:invitation_accept", args=[SENTINEL]))
    finally:
        console.setStream(previous)
        logging.getLogger("django").removeHandler(django_handler)
    assert response.status_code == 404
    for output in (stream.getvalue(), django_stream.getvalue()):
        assert f"/invitation/{REDACTED}/" in output and SENTINEL not in output


def test_gunicorn_logger_class_redacts_the_access_line(tmp_path):
    """The logger class of config/gunicorn.conf.py against gunicorn's own: same request, same format."""
    conf = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.conf.py"))
    assert conf["accesslog"] == "-"
    path = reverse("meetings:poll_answer", args=[SENTINEL])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?x=1",
        "PATH_INFO": path,
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": f"https://concerto.example.org{reverse('situations:public_alert', args=[SENTINEL])}",
        "HTTP_USER_AGENT": "Mozilla",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="200 OK", sent=12, headers=[("Content-Type", "text/html")])

    def access_line(logger_class, name):
        cfg = Config()
        cfg.set("accesslog", str(tmp_path / name))
        cfg.set("access_log_format", cfg.access_log_format + ' "%({referer}i)s" %(U)s')
        logger = logger_class(cfg)
        try:
            logger.access(response, request, environ, datetime.timedelta(milliseconds=5))
        finally:
            for log in (logger.access_log, logger.error_log):
                for handler in list(log.handlers):
                    handler.close()
                    log.removeHandler(handler)
                for redacting in [f for f in log.filters if isinstance(f, RedactTokens)]:
                    log.removeFilter(redacting)
        return (tmp_path / name).read_text()

    assert SENTINEL in access_line(Logger, "plain.log")  # what gunicorn alone writes
    line = access_line(conf["logger_class"], "redacted.log")
    assert SENTINEL not in line
    assert f"/disponibilites/{REDACTED}/" in line and f"/saisine/{REDACTED}/" in line


def test_gunicorn_as_make_run_starts_it_logs_no_token(tmp_path):
    """A real gunicorn in production mode (strong keys from the environment), with config/gunicorn.conf.py."""
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONCERTO_", "PYTEST")) and k != "SECRET_KEY"}
    env.update(
        CONCERTO_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'concerto.sqlite3'}",
        SECRET_KEY="Zq8-vN3x_Lr5T" * 5,
        CONCERTO_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        CONCERTO_INDEX_KEY="index-key-for-blind-indexes-0123456789",
        CONCERTO_BACKUP_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="127.0.0.1",
    )
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("w") as out, stderr.open("w") as err:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "config/gunicorn.conf.py",
             "--bind", "127.0.0.1:0", "--workers", "1", "--no-control-socket"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=err,
        )  # fmt: skip
    try:
        port = None
        deadline = time.monotonic() + 120
        while port is None and time.monotonic() < deadline and server.poll() is None:
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", stderr.read_text())
            port = found and found.group(1)
            time.sleep(0.1)
        assert port, stderr.read_text()
        base = f"http://127.0.0.1:{port}"
        request = urllib.request.Request(
            f"{base}{reverse('situations:public_alert', args=[SENTINEL])}",
            headers={"Referer": f"{base}{reverse('accounts:invitation_accept', args=[SENTINEL])}"},
        )
        status = None
        while status is None and time.monotonic() < deadline:
            try:
                status = urllib.request.urlopen(request, timeout=60).status  # noqa: S310 - a local test server
            except urllib.error.HTTPError as error:  # no tables in this empty database: 500 is fine here
                status = error.code
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)  # the worker is still booting (slow on a busy machine)
        assert status is not None, stderr.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
    access = stdout.read_text()
    assert f"/saisine/{REDACTED}/" in access and f"/invitation/{REDACTED}/" in access, access
    assert SENTINEL not in access + stderr.read_text()
