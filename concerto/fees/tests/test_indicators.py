"""The fees' figures of the Bilan (issue 14) on a past year with known answers: amounts called, received by the end
of the period and still due, members up to date; amounts written « 1 234,56 » on the page (and kept as numbers in
the XLSX)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.factories import CouncilFactory
from concerto.fees.enums import MemberKind, PaymentMeans
from concerto.fees.indicators import INDICATORS
from concerto.fees.models import FeeCall, FeePayment
from concerto.fees.tests.factories import commune_member, fixed_member
from concerto.reports import report

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1
START, END = date(Y, 1, 1), date(Y, 12, 31)
NNBSP = "\u202f"


def call(member, year: int, amount: str, *payments: tuple[date, str]) -> FeeCall:
    fee = FeeCall.objects.create(
        council=member.council, member=member, year=year, reference=f"C-{year}-{member.pk}", kind=member.kind,
        amount=Decimal(amount), issued_on=date(year, 1, 15), due_on=date(year, 3, 15),
    )  # fmt: skip
    for paid_on, paid in payments:
        FeePayment.objects.create(call=fee, paid_on=paid_on, amount=Decimal(paid), means=PaymentMeans.TRANSFER)
    return fee


def build(council) -> None:
    """Called 1 234,56 + 1 500,00 + 200,00 for the year; received by 31 December 1 000,00 + 1 500,00 (the rest of
    the first call came in January after). The year before and a member called only then do not count."""
    late, paid, unpaid = commune_member(council), fixed_member(council), commune_member(council, population=500)
    call(late, Y, "1234.56", (date(Y, 5, 2), "1000.00"), (date(Y + 1, 1, 15), "234.56"))
    call(paid, Y, "1500.00", (date(Y, 3, 1), "1500.00"))
    call(paid, Y - 1, "900.00")
    call(unpaid, Y, "200.00")
    call(commune_member(council, population=800), Y - 1, "320.00")
    assert unpaid.kind == MemberKind.COMMUNE


def rows_by_code(council, start=START, end=END) -> dict:
    built = report.build(council, start, end, exact=True)
    return {
        r.indicator.code: [(row.label, row.value, row.shown) for row in r.rows]
        for r in built.results
        if r.indicator.app == "fees"
    }


def test_the_bilan_counts_the_fees():
    council = CouncilFactory()
    build(council)
    assert rows_by_code(council) == {
        "fees_amounts": [
            ("Appelé", Decimal("2934.56"), f"2{NNBSP}934,56"),
            ("Reçu", Decimal("2500.00"), f"2{NNBSP}500,00"),
            ("Restant dû", Decimal("434.56"), "434,56"),
        ],
        "fees_members": [("À jour", 1, "1"), ("Avec un solde restant dû", 2, "2")],
    }
    # Over two years, the year before is called too and the January payment is received.
    two_years = rows_by_code(council, date(Y - 1, 1, 1), date(Y + 1, 1, 31))
    assert [value for _, value, _ in two_years["fees_amounts"]] == [
        Decimal("4154.56"), Decimal("2734.56"), Decimal("1420.00")
    ]  # fmt: skip
    assert two_years["fees_members"] == [("À jour", 1, "1"), ("Avec un solde restant dû", 3, "3")]


def test_the_page_writes_amounts_the_french_way_and_the_export_keeps_numbers(client, member_factory):
    council = CouncilFactory()
    build(council)
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    page = client.get(reverse("reports:bilan"), {"annee": Y}).content.decode()
    assert f'data-indicateur="fees_amounts">2{NNBSP}934,56</td>' in page
    built = report.build(council, START, END, exact=False)
    lines = [line for line in report.xlsx_rows(built) if line[0] == "Cotisations appelées et reçues"]
    assert lines == [
        ["Cotisations appelées et reçues", "Appelé", Decimal("2934.56"), "€"],
        ["Cotisations appelées et reçues", "Reçu", Decimal("2500.00"), "€"],
        ["Cotisations appelées et reçues", "Restant dû", Decimal("434.56"), "€"],
    ]


def test_bars_of_amounts_are_drawn_to_scale():
    council = CouncilFactory()
    build(council)
    result = next(
        r for r in report.build(council, START, END, exact=True).results if r.indicator.code == "fees_amounts"
    )
    assert [row.bar for row in result.rows] == [85.0, round(85 * 2500 / 2934.56, 1), round(85 * 434.56 / 2934.56, 1)]


def test_no_call_no_amount():
    rows = rows_by_code(CouncilFactory())
    assert rows["fees_amounts"] == [("Appelé", 0, "0,00"), ("Reçu", 0, "0,00"), ("Restant dû", 0, "0,00")]
    assert rows["fees_members"] == [("À jour", 0, "0"), ("Avec un solde restant dû", 0, "0")]


@pytest.mark.parametrize("members", [3, 30])
def test_one_query_per_indicator(members, django_assert_max_num_queries):
    council = CouncilFactory()
    for n in range(members):
        call(commune_member(council, population=100 + n), Y, "10.00", (date(Y, 6, 1), "10.00"))
    with django_assert_max_num_queries(len(INDICATORS)):
        values = {i.code: i.compute(council, START, END, None) for i in INDICATORS}
    assert values["fees_members"] == [("À jour", members), ("Avec un solde restant dû", 0)]
