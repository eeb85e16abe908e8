import pytest
from django.test import override_settings

from concerto.accounts.enums import Profession, Role
from concerto.browser import page  # noqa: F401 - the real-browser fixture, for every test module
from concerto.factories import MembershipFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CONCERTO_SITE_URL = "http://testserver"
    # Tasks (e-mails, record PDFs) run as soon as they are enqueued; `database_queue` opts into the real queue.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue():
    """`with database_queue:` runs the block with the production queue (django-tasks database backend), where
    tasks wait for `manage.py db_worker`."""
    return override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})


@pytest.fixture
def run_on_commit(client, django_capture_on_commit_callbacks, monkeypatch):
    """E-mails and tasks are enqueued on commit, and a test runs inside a transaction that never commits: each request
    of the test client runs the on-commit callbacks it registered when it returns, as the commit would
    (pytest-django's `django_capture_on_commit_callbacks(execute=True)` around the request). A service called
    directly needs its own `with django_capture_on_commit_callbacks(execute=True):`."""
    request = client.request

    def request_then_commit(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(**kwargs)

    monkeypatch.setattr(client, "request", request_then_commit)


# The role → profession pairs used by the access matrix and most tests.
ROLE_PROFESSIONS = {
    Role.COORDINATOR: Profession.ADMINISTRATIVE,
    Role.CELL_MEMBER: Profession.HEALTH,
    Role.PARTNER: Profession.LANDLORD,
    Role.HOUSING_MEMBER: Profession.SOCIAL,
    Role.GOVERNANCE_MEMBER: Profession.ELECTED,
    Role.DPO: Profession.ADMINISTRATIVE,
    Role.OBSERVER: Profession.ADMINISTRATIVE,
}


@pytest.fixture
def member_factory():
    def make(council, role=Role.PARTNER, profession=None, **kwargs):
        return MembershipFactory(council=council, role=role, profession=profession or ROLE_PROFESSIONS[role], **kwargs)

    return make
