"""Reads of the reports from a PostgreSQL read replica (docs/scaling.md); everything else on the primary.

A page opts in with `@replica_reads` (the reports: the Bilan and its export, the annual report, the observatory):
inside it, reads go to the `replica` alias when DATABASE_REPLICA_URL configures one (setting REPLICA_DATABASE).
Writes always go to the primary, and so do the reads made inside a transaction on the primary (a service that
reads what it is about to change, a `select_for_update`). Without a replica the router changes nothing.

The reports tolerate the replica's lag (seconds behind the primary); a page that must read its own writes does not
opt in. The choice is a context variable: it belongs to one request (one thread, one task), never to the process."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads made inside the block go to the replica, if one is configured."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_reads(view: Callable) -> Callable:
    """Decorates a view (or any function) whose reads may come from the replica."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapper


def replica_alias() -> str | None:
    """The alias reads go to now: the replica inside `reading_from_replica()`, when one is configured."""
    alias = getattr(settings, "REPLICA_DATABASE", "")
    if not alias or not _replica_reads.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    return alias


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return replica_alias() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: an object read from one may point to one read from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema through replication: migrations run on the primary only.
        return db == DEFAULT_DB_ALIAS
