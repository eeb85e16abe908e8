"""Small-count suppression of the figures that leave the cell (issue 14).

Primary suppression: a count from 1 to k − 1 is shown as "< k" (a zero is shown: it reveals no person). k is a
council setting, `Council.report_threshold` (3 to 20, 5 by default: `DEFAULT_THRESHOLD`), that the coordinator
sets on the « Paramètres du bilan » page; `threshold_for(council)` reads it for the page, its exports, the home
page's key figures and the map of alerts by commune.

Secondary suppression: within a breakdown whose rows split one whole (alerts by referrer type…), the whole is
published (here or elsewhere: the count of alerts received), so a reader knows the sum S of the h hidden rows, each
between 1 and k − 1 (a zero is shown). A hidden row is recovered when that leaves one possibility: h = 1, S = h
(every hidden row is 1) or S = h × (k − 1). While that is so, the smallest visible positive row is hidden too. When
no visible positive row is left, the hidden rows are merged into one row « effectifs inférieurs à k, regroupés »
(their sum, itself hidden under k, and the total with it): the categories they came from are no longer named, so
nothing can be assigned to one of them."""

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


def _pinned(values: list, hidden: set[int], total: int, k: int) -> bool:
    rest = total - sum(v for i, v in enumerate(values) if i not in hidden and isinstance(v, int))
    return len(hidden) == 1 or rest == len(hidden) or rest == len(hidden) * (k - 1)


def breakdown(values: list[int], k: int) -> tuple[list, object, list[int]]:
    """The rows of a partition and their total, suppressed (primary and secondary), and the indexes of the rows to
    merge into one (empty when the hidden rows cannot be recovered as they are)."""
    total = sum(v for v in values if isinstance(v, int))
    hidden = {i for i, v in enumerate(values) if isinstance(v, int) and 0 < v < k}
    while hidden and _pinned(values, hidden, total, k):
        others = [i for i, v in enumerate(values) if i not in hidden and isinstance(v, int) and v > 0]
        if not others:
            break
        hidden.add(min(others, key=lambda i: values[i]))
    merged = sorted(hidden) if hidden and _pinned(values, hidden, total, k) else []
    shown = [Suppressed(k) if i in hidden else v for i, v in enumerate(values)]
    return shown, primary(total, k), merged
