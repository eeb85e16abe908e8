import pytest


@pytest.fixture(autouse=True)
def _run_on_commit(run_on_commit):
    """E-mails are sent on commit: each request of the test client runs its on-commit callbacks (concerto/conftest.py)."""
