"""Small-count suppression of the figures that leave the cell (issue 14).

Primary suppression: a count from 1 to k − 1 is shown as "< k" (a zero is shown: it reveals no person). k is the
module constant `DEFAULT_THRESHOLD` (5): the council has no setting for it yet.

Secondary suppression: within a breakdown whose rows split one whole (alerts by referrer type…), the whole is
published elsewhere (the count of alerts received) so a single hidden row could be recovered by subtraction. When
exactly one row is suppressed, the next smallest positive row is suppressed too; when there is no other positive
row, the total of the breakdown is suppressed as well (the hidden row would then equal it)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Suppressed:
    """A count hidden from the reader: it renders as "< k"."""

    threshold: int

    def __str__(self) -> str:
        return f"< {self.threshold}"


def threshold_for(council) -> int:
    return getattr(council, "report_threshold", None) or DEFAULT_THRESHOLD


def primary(value, k: int):
    if isinstance(value, int) and 0 < value < k:
        return Suppressed(k)
    return value


def breakdown(values: list[int], k: int) -> tuple[list, object]:
    """The rows of a partition and their total, suppressed (primary and secondary)."""
    total = sum(v for v in values if isinstance(v, int))
    shown = [primary(v, k) for v in values]
    hidden = [i for i, v in enumerate(shown) if isinstance(v, Suppressed)]
    shown_total = primary(total, k)
    if len(hidden) == 1:
        others = [i for i, v in enumerate(shown) if isinstance(v, int) and v > 0]
        if others:
            smallest = min(others, key=lambda i: values[i])
            shown[smallest] = Suppressed(k)
        else:
            shown_total = Suppressed(k)
    return shown, shown_total
