"""The sessions' and actions' indicators of the Bilan (issue 14) on the year of activity with known answers
(concerto/reports/tests/year.py): the figures of `report.build`, council-wide and for cell A, exact and as a reader
outside the cell sees them."""

import pytest

from concerto.plans.indicators import EXTERNAL_OWNERS
from concerto.reports import report
from concerto.reports.suppression import Suppressed

pytestmark = pytest.mark.django_db

COVERED = {
    "sessions_per_month",
    "situations_per_session",
    "attendance_by_organisation",
    "records_signed",
    "signature_delay",
    "actions",
    "actions_by_owner",
    "done_delay",
}


def rows(year, *, cell=None, exact=True) -> dict[str, list[tuple[str, object]]]:
    built = report.build(year.council, year.start, year.end, cell=cell, exact=exact, codes=COVERED)
    return {r.indicator.code: [(row.label, row.value) for row in r.rows] for r in built.results}


def test_sessions_of_the_year(year):
    figures, y = rows(year), year.y
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")  # fmt: skip
    held = (1, 1, 2, 1, 1, 1, 1, 0, 1, 1, 1, 0)  # August off, the moved session in May, December cancelled
    assert figures["sessions_per_month"] == [(f"{m} {y}", n) for m, n in zip(months, held, strict=True)]
    assert figures["situations_per_session"] == [("Moyenne", 2.0), ("Maximum", 3)]
    assert figures["attendance_by_organisation"] == [
        ("Bailleur (20 convocations)", 75.0),
        ("CCAS (20 convocations)", 85.0),
        ("CMP Centre (21 convocations)", 100.0),
    ]
    assert figures["records_signed"] == [("Séances tenues", 11), ("Dont relevé de décisions signé", 10)]
    assert figures["signature_delay"] == [("Médiane", 5.0), ("Maximum", 9)]


def test_sessions_of_cell_a(year):
    figures = rows(year, cell=year.cells["A"])
    assert sum(n for _, n in figures["sessions_per_month"]) == 10
    assert figures["situations_per_session"] == [("Moyenne", 2.1), ("Maximum", 3)]
    assert figures["attendance_by_organisation"] == [
        ("Bailleur (20 convocations)", 75.0),
        ("CCAS (20 convocations)", 85.0),
        ("CMP Centre (20 convocations)", 100.0),
    ]
    assert figures["records_signed"] == [("Séances tenues", 10), ("Dont relevé de décisions signé", 9)]
    assert figures["signature_delay"] == [("Médiane", 5), ("Maximum", 9)]


def test_actions_of_the_year(year):
    for cell in (None, year.cells["A"]):  # every action of the year is about a situation of cell A
        figures = rows(year, cell=cell)
        assert figures["actions"] == [
            ("Créées pendant la période", 7),
            ("Dont faites", 4),
            ("Dont abandonnées", 1),
            ("En retard à la fin de la période", 2),
        ]
        assert figures["actions_by_owner"] == [("Bailleur", 2), ("CCAS", 2), ("CMP Centre", 2), (EXTERNAL_OWNERS, 1)]
        assert figures["done_delay"] == [("Médiane", 15.0), ("Maximum", 30)]


def test_outside_the_cell(year):
    figures = rows(year, exact=False)
    hidden = Suppressed(5)
    assert figures["actions"] == [
        ("Créées pendant la période", 7),
        ("Dont faites", hidden),
        ("Dont abandonnées", hidden),
        ("En retard à la fin de la période", hidden),
    ]
    assert [value for _, value in figures["actions_by_owner"]] == [hidden] * 4
    assert figures["records_signed"] == [("Séances tenues", 11), ("Dont relevé de décisions signé", 10)]
    # Rates, averages and delays are not counts of people: shown as they are.
    assert [value for _, value in figures["attendance_by_organisation"]] == [75.0, 85.0, 100.0]
    assert figures["situations_per_session"] == [("Moyenne", 2.0), ("Maximum", 3)]
    assert figures["signature_delay"] == [("Médiane", 5.0), ("Maximum", 9)]
    assert figures["done_delay"] == [("Médiane", 15.0), ("Maximum", 30)]
