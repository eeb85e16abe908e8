"""The year of activity with known answers (issue 14, « Done when »; concerto/reports/tests/year.py and its
docstring): the indicators asserted against the docstring's table, small-count suppression on the year for a reader
outside the cell (primary, and no hidden row recoverable by subtraction: a generic checker over every partition),
the Bilan page of the elected official showing `report.build`'s suppressed values, the XLSX equal to the page, and
a guard: every registered indicator is asserted by one of the year's test modules."""

import importlib
import io
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.core.registry import registry
from concerto.core.typography import french_spaces as fr
from concerto.directory.enums import OrganisationType
from concerto.meetings.indicators import MONTHS
from concerto.reports import report
from concerto.reports.suppression import Suppressed
from concerto.situations.enums import ClosureReason
from concerto.situations.tests.factories import AlertFactory

pytestmark = pytest.mark.django_db

# The indicators this module asserts (the guard test below unites it with the other year modules' COVERED).
COVERED = {
    "alerts_received",
    "alerts_by_referrer_type",
    "alerts_by_outcome",
    "qualification_delay",
    "situations_active",
    "situations_new",
    "situations_closed",
    "sessions_per_month",
    "actions",
}
YEAR_MODULES = "test_year*.py"  # this module and helpers' test_year_situations, _sessions_actions, _council_life
TYPES = dict(OrganisationType.choices)
REASONS = dict(ClosureReason.choices)


def figures(result: report.Report) -> dict:
    """Each indicator's value by code: a single figure, or its rows as a dict (label → value)."""
    return {
        r.indicator.code: r.rows[0].value if r.single else {row.label: row.value for row in r.rows}
        for r in result.results
    }


def months(y: int, counts: list[int]) -> dict:
    return {f"{MONTHS[m]} {y}": n for m, n in enumerate(counts)}


def test_the_year_s_known_answers(year):
    values = figures(report.build(year.council, year.start, year.end, exact=True))
    assert values["alerts_received"] == 5
    assert values["alerts_by_referrer_type"] == {
        TYPES["cmp"]: 1, TYPES["ccas"]: 1, TYPES["social_landlord"]: 1, TYPES["police"]: 1, TYPES["schs"]: 1,
    }  # fmt: skip
    assert values["alerts_by_outcome"] == {
        "À qualifier": 0, "Acceptée, nouvelle situation": 2, "Acceptée, rattachée à une situation déjà ouverte": 1,
        "Réorientée": 1, "Non recevable": 1,
    }  # fmt: skip
    assert values["qualification_delay"] == {"Médiane": 5.0, "Maximum": 13}
    assert values["situations_active"] == {"Au début de la période": 3, "À la fin de la période": 3}
    assert values["situations_new"] == 3
    assert values["situations_closed"] == {REASONS["care"]: 1, REASONS["relay"]: 1, REASONS["death"]: 1}
    assert values["sessions_per_month"] == months(year.y, [1, 1, 2, 1, 1, 1, 1, 0, 1, 1, 1, 0])
    actions = values["actions"]
    assert actions["Créées pendant la période"] == 7
    assert actions["Dont faites"] == 4
    assert actions["En retard à la fin de la période"] == 2
    assert actions.get("Dont abandonnées", 1) == 1  # helper 2's row, when registered


def test_the_year_per_cell_and_per_quarter(year):
    cell_a = figures(report.build(year.council, year.start, year.end, cell=year.cells["A"], exact=True))
    cell_b = figures(report.build(year.council, year.start, year.end, cell=year.cells["B"], exact=True))
    assert (cell_a["alerts_received"], cell_b["alerts_received"]) == (4, 1)
    assert cell_a["sessions_per_month"] == months(year.y, [1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0])
    assert sum(cell_b["sessions_per_month"].values()) == 1 and cell_b["sessions_per_month"][f"mars {year.y}"] == 1
    assert cell_a["situations_active"] == {"Au début de la période": 2, "À la fin de la période": 3}
    assert cell_b["situations_active"] == {"Au début de la période": 1, "À la fin de la période": 0}
    assert cell_b["situations_closed"] == {REASONS["death"]: 1}
    assert cell_a["qualification_delay"] == {"Médiane": 4.0, "Maximum": 8}
    third = figures(report.build(year.council, date(year.y, 7, 1), date(year.y, 9, 30), exact=True))
    assert third["sessions_per_month"] == {f"juillet {year.y}": 1, f"août {year.y}": 0, f"septembre {year.y}": 1}
    assert third["alerts_received"] == 1  # A3, received in late July
    assert third["situations_new"] == 1


# -- small-count suppression ------------------------------------------------------------------------------------------


def shown_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def recoverable_rows(result: report.Result) -> list[str]:
    """The hidden rows of a partition a reader can compute from what the result shows: the total (when shown) minus
    the visible rows is the sum S of the h hidden rows, and each hidden row is at least 1 (a zero is shown). A hidden
    row then lies between 1 and S − (h − 1), and at most k − 1: it is recovered when that leaves one value, i.e. when
    h = 1, S = h (every hidden row is 1) or S = h × (k − 1)."""
    hidden = [row.label for row in result.rows if isinstance(row.value, Suppressed)]
    if not result.indicator.partition or not hidden or not shown_int(result.total):
        return []
    rest = result.total - sum(row.value for row in result.rows if shown_int(row.value))
    k = next(row.value.threshold for row in result.rows if isinstance(row.value, Suppressed))
    return hidden if len(hidden) == 1 or rest in (len(hidden), len(hidden) * (k - 1)) else []


def single_hidden_rows(result: report.Result) -> list[str]:
    """The subtraction case the suppression guarantees: one hidden row with the total shown beside it."""
    hidden = [row.label for row in result.rows if isinstance(row.value, Suppressed)]
    return hidden if result.indicator.partition and len(hidden) == 1 and shown_int(result.total) else []


def assert_primary(exact: report.Report, shown: report.Report) -> None:
    """Every suppressible count from 1 to k − 1 is hidden; what is not suppressible is shown as computed."""
    k = shown.threshold
    for precise, public in zip(exact.results, shown.results, strict=True):
        assert precise.indicator.code == public.indicator.code
        public_rows = {row.label: row for row in public.rows}
        for row in precise.rows:
            if row.label in public.merged_labels:  # merged into « effectifs inférieurs à k, regroupés »
                assert row.label not in public_rows
                continue
            public_row = public_rows[row.label]
            if not precise.indicator.suppressible:
                assert public_row.value == row.value, precise.indicator.code
            elif shown_int(row.value) and 0 < row.value < k:
                assert public_row.value == Suppressed(k), (precise.indicator.code, row.label)
            elif not isinstance(public_row.value, Suppressed):  # a secondary suppression hides a larger row
                assert public_row.value == row.value, (precise.indicator.code, row.label)


def test_primary_suppression_and_no_single_hidden_row_on_the_year(year):
    exact = report.build(year.council, year.start, year.end, exact=True)
    shown = report.build(year.council, year.start, year.end, exact=False)
    assert_primary(exact, shown)
    values = figures(shown)
    assert values["alerts_received"] == 5  # not below k
    assert values["alerts_by_outcome"]["Acceptée, nouvelle situation"] == Suppressed(5)
    assert values["qualification_delay"] == {"Médiane": 5.0, "Maximum": 13}  # days: not suppressed
    assert all(not single_hidden_rows(result) for result in shown.results)
    cell_b = report.build(year.council, year.start, year.end, cell=year.cells["B"], exact=False)
    closed = next(r for r in cell_b.results if r.indicator.code == "situations_closed")
    assert [row.value for row in closed.rows] == [Suppressed(5)] and closed.total == Suppressed(5)  # the total hides


def test_one_small_row_hides_a_second_row(year):
    """Twenty more alerts in the year: four referrer types reach 6, the SCHS stays at 1; the next smallest row is
    hidden with it, so that neither can be computed from the published total."""
    for kind in ("cmp", "ccas", "social_landlord", "police"):
        for _ in range(5):
            AlertFactory(council=year.council, cell=year.cells["A"], referrer_organisation=year.orgs[kind],
                         received_on=date(year.y, 6, 2))  # fmt: skip
    shown = report.build(year.council, year.start, year.end, exact=False)
    by_type = next(r for r in shown.results if r.indicator.code == "alerts_by_referrer_type")
    values = {row.label: row.value for row in by_type.rows}
    assert values[TYPES["schs"]] == Suppressed(5)
    assert sum(isinstance(v, Suppressed) for v in values.values()) == 2 and by_type.total == 25
    assert sorted(v for v in values.values() if shown_int(v)) == [6, 6, 6]
    assert recoverable_rows(by_type) == [] and single_hidden_rows(by_type) == []


def test_no_hidden_row_of_the_year_can_be_recovered(year):
    leaks = {}
    for cell in (None, year.cells["A"], year.cells["B"]):
        shown = report.build(year.council, year.start, year.end, cell=cell, exact=False)
        for result in shown.results:
            if rows := recoverable_rows(result):
                leaks[(getattr(cell, "name", "toutes"), result.indicator.code)] = rows
    assert leaks == {}


# -- the page and its export --------------------------------------------------------------------------------------------


class IndicatorCells(HTMLParser):
    """The `<td data-indicateur="code">` cells of the Bilan page, in order: [(code, text)]."""

    def __init__(self):
        super().__init__()
        self.cells, self._code = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "td" and "data-indicateur" in dict(attrs):
            self._code = dict(attrs)["data-indicateur"]
            self.cells.append([self._code, ""])

    def handle_data(self, data):
        if self._code is not None:
            self.cells[-1][1] += data

    def handle_endtag(self, tag):
        if tag == "td":
            self._code = None


def page_cells(html: str) -> list[tuple[str, str]]:
    parser = IndicatorCells()
    parser.feed(html)
    return [(code, unescape(text).strip()) for code, text in parser.cells]


def number(value):
    """A figure as the page writes it ("5,0", "< 5", "—") or as the workbook holds it (5.0, "< 5"), comparable."""
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", ".").replace("\u202f", "").replace("\xa0", ""))
    except ValueError:
        return str(value)


def test_the_elected_official_s_bilan_shows_the_suppressed_report_and_the_xlsx_the_page(year, client, member_factory):
    client.force_login(member_factory(year.council, Role.PARTNER, Profession.ELECTED).user)
    page = client.get(reverse("reports:bilan"), {"annee": year.y})
    assert page.status_code == 200
    cells = page_cells(page.content.decode())
    expected = report.build(year.council, year.start, year.end, exact=False)
    assert cells == [(r.indicator.code, fr(row.shown)) for r in expected.results for row in r.rows]
    assert ("alerts_received", "5") in cells and ("alerts_by_outcome", "< 5") in cells
    assert ("qualification_delay", "13") in cells

    export = client.get(reverse("reports:export"), {"annee": year.y})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    codes = {i.label: i.code for i in registry.indicators}
    exported = [
        (codes[label], number(value))
        for label, detail, value, *_ in sheet.iter_rows(min_row=2, values_only=True)
        if detail != "Total"
    ]
    assert exported == [(code, number(text)) for code, text in cells]
    event = Event.objects.filter(council=year.council, verb="report_exported").latest("id")
    assert event.data["exact"] is False and event.data["start"] == year.start.isoformat()


# -- every indicator is asserted on the year ----------------------------------------------------------------------------


def covered_codes() -> set[str]:
    codes = set()
    for path in sorted(Path(__file__).parent.glob(YEAR_MODULES)):
        module = importlib.import_module(f"concerto.reports.tests.{path.stem}")
        codes |= set(getattr(module, "COVERED", ()))
    return codes


def test_every_registered_indicator_is_asserted_on_the_year():
    missing = sorted({i.code for i in registry.indicators} - covered_codes())
    assert missing == [], f"Indicateurs sans assertion sur l'année de référence : {', '.join(missing)}"
