"""The Bilan's figures for one reader: every indicator of core's registry computed over the period and the cell,
suppressed for a reader outside the cell. The page, its charts and its XLSX export all read this one result, so they
carry the same numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from concerto.core.registry import Indicator, registry
from concerto.fees.money import euros
from concerto.reports import suppression
from concerto.reports.suppression import Suppressed

MERGED_LABEL = "Effectifs inférieurs à {k}, regroupés"
CHART_WIDTH = 85  # percent of the chart's width taken by the longest bar (its value is written after it)


@dataclass
class Row:
    label: str
    value: object  # int, float, None (no data) or Suppressed
    bar: float = 0.0  # the bar's share of the chart, 0 when the value is hidden or missing

    @property
    def shown(self) -> str:
        if self.value is None:
            return "—"
        if isinstance(self.value, float):
            return f"{self.value:.1f}".replace(".", ",")
        if isinstance(self.value, Decimal):  # an amount in euros: « 1 234,56 » (the unit is in the heading)
            return euros(self.value).removesuffix("\u00a0€")
        return str(self.value)

    @property
    def hidden(self) -> bool:
        return isinstance(self.value, Suppressed)


@dataclass
class Result:
    indicator: Indicator
    rows: list[Row] = field(default_factory=list)
    total: object = None  # a partition's total (None for a single figure or independent figures)
    merged_labels: frozenset = frozenset()  # rows merged into « effectifs inférieurs à k, regroupés » (suppression)

    @property
    def single(self) -> bool:
        return len(self.rows) == 1 and self.rows[0].label == ""

    @property
    def total_shown(self) -> str:
        return Row("", self.total).shown


@dataclass
class Report:
    council: object
    start: date
    end: date
    cell: object
    exact: bool
    threshold: int
    results: list[Result]


def _bars(rows: list[Row]) -> None:
    numbers = [r.value for r in rows if isinstance(r.value, int | float | Decimal) and not isinstance(r.value, bool)]
    top = max(numbers, default=0)
    for row in rows:
        if top > 0 and isinstance(row.value, int | float | Decimal):
            row.bar = round(CHART_WIDTH * float(row.value) / float(top), 1)


def as_result(indicator: Indicator, value, *, exact: bool, k: int) -> Result:
    """An indicator's value turned into the rows a reader sees, suppressed for a reader outside the cell (the
    Bilan's own figures, and the observatory's sums over councils: `observatory.py`)."""
    if not isinstance(value, list):
        shown = value if exact or not indicator.suppressible else suppression.primary(value, k)
        return Result(indicator, [Row("", shown)])
    labels, values = [label for label, _ in value], [v for _, v in value]
    total = sum(v for v in values if isinstance(v, int)) if indicator.partition and values else None
    merged_labels = frozenset()
    if not exact and indicator.suppressible:
        if total is not None:  # a partition with rows
            counts = values
            values, total, merged = suppression.breakdown(counts, k)
            if merged:
                merged_labels = frozenset(labels[i] for i in merged)
                kept = [i for i in range(len(values)) if i not in merged]
                labels = [labels[i] for i in kept] + [MERGED_LABEL.format(k=k)]
                values = [values[i] for i in kept] + [suppression.primary(sum(counts[i] for i in merged), k)]
        else:
            values = [suppression.primary(v, k) for v in values]
    rows = [Row(label, v) for label, v in zip(labels, values, strict=True)]
    _bars(rows)
    return Result(indicator, rows, total, merged_labels)


def build(council, start: date, end: date, *, cell=None, exact: bool, codes=None) -> Report:
    """`codes`: only these indicators (the home page's key figures), every registered one when None."""
    k = suppression.threshold_for(council)
    results = [
        as_result(indicator, indicator.compute(council, start, end, cell), exact=exact, k=k)
        for indicator in registry.indicators
        if codes is None or indicator.code in codes
    ]
    return Report(council, start, end, cell, exact, k, results)


def xlsx_rows(report: Report) -> list[list]:
    """One line per figure: indicator, detail, value (exactly as the page shows it), unit."""
    lines = []
    for result in report.results:
        unit = result.indicator.unit
        for row in result.rows:
            value = row.value if isinstance(row.value, int | float | Decimal) else row.shown
            lines.append([result.indicator.label, row.label, value, unit])
        if result.total is not None:
            total = result.total if isinstance(result.total, int) else result.total_shown
            lines.append([result.indicator.label, "Total", total, unit])
    return lines
