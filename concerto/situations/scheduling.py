"""Putting an accepted alert's situation on the next session of its cell.

The sessions belong to the meetings app, a layer above this one (`core/tests/test_layers.py`): meetings plugs its
scheduler in here when the apps are ready (`meetings/declarations.py`), and the qualification form and view call
it without importing meetings. The scheduler enforces the session's capacity and closing date (unless priority) and
raises `refusal` (a DomainError) when it cannot: the acceptance is then rolled back with it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scheduler:
    next_session_start: Callable  # (cell) → the start (datetime) of its next planned session, or None
    accept_and_schedule: Callable  # (*, alert, actor, cell, priority) → (situation, start of the session)
    refusal: type[Exception]


_registered: list[Scheduler] = []


def register(scheduler: Scheduler) -> None:
    _registered[:] = [scheduler]


def scheduler() -> Scheduler | None:
    return _registered[0] if _registered else None
