"""The call-for-funds PDF of one call, on the council's letterhead: rendered from the call's own copy of its basis
(population, year, rate), so it reads the same whenever it is downloaded."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from concerto.core.documents import french_date, letterhead
from concerto.fees.enums import MemberKind, RateUnit
from concerto.fees.money import euros, population_text, rate_text


def call_pdf(call, *, paid, balance) -> bytes:
    from weasyprint import HTML

    basis = ""
    if call.kind == MemberKind.COMMUNE:
        basis = (
            f"{population_text(call.population)} habitants (population légale {call.population_year}) × "
            f"{rate_text(call.rate, RateUnit(call.unit).label)}"
        )
    with translation.override("fr"):
        html = render_to_string(
            "fees/call_pdf.html",
            {
                "call": call,
                "council": letterhead(call.council),
                "member": call.member.name,
                "basis": basis,
                "amount": euros(call.amount),
                "paid": euros(paid),
                "balance": euros(balance),
                "issued_on": french_date(call.issued_on, weekday=False),
                "due_on": french_date(call.due_on, weekday=False),
                "generated_at": french_date(timezone.localdate(), weekday=False),
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
