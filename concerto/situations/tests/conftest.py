import pytest
from django.db import transaction


@pytest.fixture(autouse=True)
def _run_on_commit(monkeypatch):
    """E-mails are sent on commit: run the callbacks as the transaction would."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, *args, **kwargs: func())
