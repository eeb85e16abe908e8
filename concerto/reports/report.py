"""The Bilan's figures for one reader: every indicator of core's registry computed over the period and the cell,
suppressed for a reader outside the cell. The page, its charts and its XLSX export all read this one result, so they
carry the same numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from concerto.core.registry import Indicator, registry
from concerto.reports import suppression
from concerto.reports.suppression import Suppressed

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
        return str(self.value)

    @property
    def hidden(self) -> bool:
        return isinstance(self.value, Suppressed)


@dataclass
class Result:
    indicator: Indicator
    rows: list[Row] = field(default_factory=list)
    total: object = None  # a partition's total (None for a single figure or independent figures)

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
    numbers = [r.value for r in rows if isinstance(r.value, int | float) and not isinstance(r.value, bool)]
    top = max(numbers, default=0)
    for row in rows:
        if top and isinstance(row.value, int | float):
            row.bar = round(CHART_WIDTH * row.value / top, 1)


def _result(indicator: Indicator, value, *, exact: bool, k: int) -> Result:
    if not isinstance(value, list):
        shown = value if exact or not indicator.suppressible else suppression.primary(value, k)
        return Result(indicator, [Row("", shown)])
    labels, values = [label for label, _ in value], [v for _, v in value]
    total = sum(v for v in values if isinstance(v, int)) if indicator.partition else None
    if not exact and indicator.suppressible:
        if indicator.partition:
            values, total = suppression.breakdown(values, k)
        else:
            values = [suppression.primary(v, k) for v in values]
    rows = [Row(label, v) for label, v in zip(labels, values, strict=True)]
    _bars(rows)
    return Result(indicator, rows, total)


def build(council, start: date, end: date, *, cell=None, exact: bool) -> Report:
    k = suppression.threshold_for(council)
    results = [
        _result(indicator, indicator.compute(council, start, end, cell), exact=exact, k=k)
        for indicator in registry.indicators
    ]
    return Report(council, start, end, cell, exact, k, results)


def xlsx_rows(report: Report) -> list[list]:
    """One line per figure: indicator, detail, value (exactly as the page shows it), unit."""
    lines = []
    for result in report.results:
        unit = result.indicator.unit
        for row in result.rows:
            value = row.value if isinstance(row.value, int | float) else row.shown
            lines.append([result.indicator.label, row.label, value, unit])
        if result.total is not None:
            total = result.total if isinstance(result.total, int) else result.total_shown
            lines.append([result.indicator.label, "Total", total, unit])
    return lines
