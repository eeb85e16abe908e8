"""State machines as data: a table of allowed moves, checked by the services before they change a status.

Each app declares its tables next to its enums; the services call `check` and let the `DomainError` reach the view,
which shows its French message. A future API calling the same services gets the same refusal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from concerto.core.errors import DomainError


class TransitionRefused(DomainError):
    """A status change that the table of allowed moves does not list."""


class Transitions:
    """`Transitions({from_state: {to_states}}, labels=dict(Enum.choices), refusal=...)`.

    `refusal(current, target)` (the raw states) builds the French message; the default names both states by their
    labels."""

    def __init__(
        self,
        moves: Mapping[str, Iterable[str]],
        labels: Mapping[str, str],
        *,
        refusal: Callable[[str, str], str] | None = None,
    ):
        self.moves = {str(state): frozenset(str(t) for t in targets) for state, targets in moves.items()}
        self.labels = {str(k): str(v) for k, v in labels.items()}
        self.refusal = refusal or (
            lambda current, target: f"Impossible de passer de « {self.label(current)} » à « {self.label(target)} »."
        )

    def allowed(self, current: str, target: str) -> bool:
        return str(target) in self.moves.get(str(current), frozenset())

    def targets(self, current: str) -> frozenset[str]:
        return self.moves.get(str(current), frozenset())

    def sources_for(self, target: str) -> frozenset[str]:
        """The states from which the table allows moving to `target` (for a bulk move, filter on these)."""
        return frozenset(state for state, targets in self.moves.items() if str(target) in targets)

    def label(self, state: str) -> str:
        return self.labels.get(str(state), str(state))

    def check(self, current: str, target: str) -> None:
        """Raises `TransitionRefused` (a `DomainError`) with a French message when the move is not in the table."""
        if not self.allowed(current, target):
            raise TransitionRefused(self.refusal(str(current), str(target)))
