"""The Bilan page (issue 14): the period and the cell, small-count suppression (primary and the subtraction case),
the page and the XLSX carrying the same numbers, and who may read it; over the year of activity with known answers
(`year` fixture, concerto/reports/tests/year.py; its indicators are asserted in test_year*.py)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.core.registry import registry
from concerto.core.typography import french_spaces as fr
from concerto.factories import CouncilFactory
from concerto.reports import report
from concerto.reports.suppression import Suppressed, breakdown, primary
from concerto.situations.enums import ClosureReason
from concerto.situations.tests.factories import AlertFactory, CellFactory, SituationFactory

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1  # a whole past year: every session of it is over
START, END = date(Y, 1, 1), date(Y, 12, 31)


def number(value):
    """A figure as the page writes it ("5,0", "< 5", "—") or as the workbook holds it (5.0, "< 5"), compared."""
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return value


def figures(result: report.Report) -> dict:
    out = {}
    for r in result.results:
        out[r.indicator.code] = r.rows[0].value if r.single else {row.label: row.value for row in r.rows}
    return out


def test_a_quarter_and_a_cell(year, client, member_factory):
    other_cell = CellFactory(council=year.council)
    client.force_login(member_factory(year.council, Role.COORDINATOR).user)
    page = client.get(reverse("reports:bilan"), {"annee": Y, "trimestre": "1"})
    result = page.context["report"]
    assert (result.start, result.end) == (date(Y, 1, 1), date(Y, 3, 31))
    assert figures(result)["situations_closed"] == {dict(ClosureReason.choices)["care"]: 1}
    empty = client.get(reverse("reports:bilan"), {"annee": Y, "cellule": other_cell.pk}).context["report"]
    assert figures(empty)["alerts_received"] == 0


def test_a_custom_period_ending_before_it_starts_is_refused_in_french(year, client, member_factory):
    client.force_login(member_factory(year.council, Role.COORDINATOR).user)
    page = client.get(reverse("reports:bilan"), {"debut": f"{Y}-06-01", "fin": f"{Y}-05-01"})
    assert page.status_code == 200
    assert "Le dernier jour doit être postérieur ou égal au premier jour." in page.content.decode()
    custom = client.get(reverse("reports:bilan"), {"debut": f"{Y}-03-01", "fin": f"{Y}-03-31"}).context["report"]
    assert figures(custom)["alerts_received"] == 1  # A2 (the draft received on 1 March does not count)


def test_primary_suppression():
    assert str(primary(3, 5)) == "< 5"
    assert primary(0, 5) == 0 and primary(5, 5) == 5 and primary(12, 5) == 12


def test_secondary_suppression_protects_a_single_hidden_cell_from_subtraction():
    shown, total, merged = breakdown([12, 3, 7, 0], 5)
    assert shown == [12, Suppressed(5), Suppressed(5), 0]  # 7, the next smallest, is hidden too
    assert total == 22 and merged == []
    shown, total, merged = breakdown([2, 0], 5)  # the only positive cell would equal the total
    assert shown == [Suppressed(5), 0] and total == Suppressed(5) and merged == [0]
    shown, total, merged = breakdown([2, 3, 9], 5)  # two cells hidden, their sum 5 splits several ways: no more
    assert shown == [Suppressed(5), Suppressed(5), 9] and total == 14 and merged == []


def test_secondary_suppression_when_every_hidden_cell_is_one_or_k_minus_one():
    shown, total, merged = breakdown([1, 1, 9], 5)  # 11 − 9 = 2 over two hidden cells: each would be 1
    assert shown == [Suppressed(5)] * 3 and total == 11 and merged == []  # so 9 is hidden too
    shown, total, merged = breakdown([4, 4, 1, 20], 5)  # hidden 4, 4, 1: 9 over three cells, several ways
    assert shown == [Suppressed(5), Suppressed(5), Suppressed(5), 20] and merged == []
    shown, total, merged = breakdown([4, 4, 20], 5)  # 8 over two hidden cells, each at most 4: both would be 4
    assert shown == [Suppressed(5)] * 3 and total == 28 and merged == []
    shown, total, merged = breakdown([1, 1, 0], 5)  # no other positive cell to hide: the two are merged
    assert shown == [Suppressed(5), Suppressed(5), 0] and total == Suppressed(5) and merged == [0, 1]


def test_rows_merged_when_the_hidden_cells_would_be_known(year):
    """Five referrer types of one alert each beside 5 alerts received: the types are merged into one row."""
    shown = report.build(year.council, START, END, exact=False)
    by_type = next(r for r in shown.results if r.indicator.code == "alerts_by_referrer_type")
    assert [(row.label, row.value) for row in by_type.rows] == [("Effectifs inférieurs à 5, regroupés", 5)]
    assert len(by_type.merged_labels) == 5 and by_type.total == 5


def test_figures_outside_the_cell_are_suppressed(year, client, member_factory):
    client.force_login(member_factory(year.council, Role.OBSERVER).user)
    page = client.get(reverse("reports:bilan"), {"annee": Y})
    values = figures(page.context["report"])
    assert values["alerts_received"] == 5  # not below k
    # five types of one alert each beside 5 alerts received: merged, so no type can be read
    assert values["alerts_by_referrer_type"] == {"Effectifs inférieurs à 5, regroupés": 5}
    assert values["qualification_delay"] == {"Médiane": 5.0, "Maximum": 13}  # days, not people
    assert fr("affichés « &lt; 5 »") in page.content.decode()


def test_the_page_and_the_xlsx_carry_the_same_numbers(year, client, member_factory):
    for role, profession in [(Role.COORDINATOR, None), (Role.GOVERNANCE_MEMBER, None)]:
        client.force_login(member_factory(year.council, role, profession).user)
        page = client.get(reverse("reports:bilan"), {"annee": Y})
        html = page.content.decode()
        shown = []
        for r in page.context["report"].results:
            for row in r.rows:
                shown.append((r.indicator.label, row.label, row.shown))
                assert f'data-indicateur="{r.indicator.code}">{row.shown.replace("<", "&lt;")}</td>' in html
            if r.total is not None:
                shown.append((r.indicator.label, "Total", r.total_shown))
        export = client.get(reverse("reports:export"), {"annee": Y})
        assert export.status_code == 200
        sheet = load_workbook(io.BytesIO(export.content)).active
        exported = [
            (label, detail or "", value) for label, detail, value, _ in sheet.iter_rows(min_row=2, values_only=True)
        ]
        assert [(a, b, number(c)) for a, b, c in exported] == [(a, b, number(c)) for a, b, c in shown]
        event = Event.objects.filter(verb="report_exported").latest("id")
        assert event.data["start"] == START.isoformat() and event.data["exact"] is (role == Role.COORDINATOR)


@pytest.mark.parametrize(
    ("role", "profession", "status"),
    [
        (Role.COORDINATOR, None, 200),
        (Role.DPO, None, 200),
        (Role.GOVERNANCE_MEMBER, None, 200),
        (Role.OBSERVER, None, 200),
        (Role.PARTNER, Profession.ELECTED, 200),
        (Role.PARTNER, Profession.HEALTH, 403),
        (Role.PARTNER, Profession.LANDLORD, 403),
        (Role.CELL_MEMBER, None, 403),
        (Role.HOUSING_MEMBER, None, 403),
    ],
)
def test_who_reads_the_bilan(role, profession, status, client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, role, profession).user)
    assert client.get(reverse("reports:bilan")).status_code == status
    assert client.get(reverse("reports:export")).status_code == status
    menu = 'href="/bilans/"' in client.get(reverse("home")).content.decode()
    assert menu is (status == 200)


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(reverse("reports:bilan")).status_code == 302


def test_the_query_count_does_not_grow_with_the_caseload(year, client, member_factory, django_assert_max_num_queries):
    client.force_login(member_factory(year.council, Role.COORDINATOR).user)
    with django_assert_max_num_queries(20 + 3 * len(registry.indicators)) as small:
        client.get(reverse("reports:bilan"), {"annee": Y})
    for _ in range(5):
        SituationFactory(council=year.council, opened_on=date(Y, 6, 1))
        AlertFactory(council=year.council, received_on=date(Y, 6, 2))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("reports:bilan"), {"annee": Y})


def test_every_indicator_is_defined_in_french():
    codes = [i.code for i in registry.indicators]
    assert len(codes) == len(set(codes)) >= 9
    assert all(i.label and i.definition.endswith(".") for i in registry.indicators)
