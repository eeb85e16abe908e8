"""The demo membership fees, shaped like the seed (CISSMC Lille-Est): six member communes paying 0,40 € per
inhabitant (their Etalab populations, INSEE « populations légales » 2023) and the hospital's fixed share; this
year's calls, some paid, some partly paid, some unpaid, one reminded.

Idempotent: the members are keyed by commune or organisation; the year's calls go through the generation service
(which keeps a call with a payment and recomputes the others); payments are added only to a call that has none."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from concerto.councils.territory import commune_from_reference
from concerto.fees import services
from concerto.fees.enums import MemberKind, PaymentMeans
from concerto.fees.models import FeeMember, FeePayment, FeeReminder, FeeSettings

# The council's three communes and three neighbours that joined for the fees.
MEMBER_COMMUNES = ["59017", "59317", "59143", "59202", "59252", "59088"]
HOSPITAL = "EPSM Lys-et-Deûle"
HOSPITAL_SHARE = Decimal("5000.00")
RATE = Decimal("0.40")
# INSEE code (or "hospital") → share of the call paid: 1 (paid), a fraction (partly paid); absent: unpaid.
PAID_SHARES = {"59017": Decimal("1"), "59317": Decimal("1"), "59143": Decimal("0.5"), "hospital": Decimal("0.5")}
REMINDED = "59252"


def load_fees(council, organisations) -> None:
    FeeSettings.objects.update_or_create(council=council, defaults={"rate": RATE, "payment_days": 30})
    for code in MEMBER_COMMUNES:
        commune = commune_from_reference(code)
        council.communes.add(commune)
        FeeMember.objects.update_or_create(
            council=council,
            commune=commune,
            defaults={"kind": MemberKind.COMMUNE, "contact_email": f"finances@mairie-{code}.example", "active": True},
        )
    hospital = organisations[HOSPITAL]
    FeeMember.objects.update_or_create(
        council=council,
        organisation=hospital,
        defaults={"kind": MemberKind.FIXED, "fixed_amount": HOSPITAL_SHARE, "contact_email": "direction@epsm.example"},
    )
    today = timezone.localdate()
    services.calls_generate(council=council, actor=None, year=today.year)
    for call in council.fee_calls.filter(year=today.year).select_related("member__commune"):
        key = call.member.commune.insee_code if call.member.commune_id else "hospital"
        share = PAID_SHARES.get(key)
        if share and not FeePayment.objects.filter(call=call).exists():
            FeePayment.objects.create(
                call=call,
                paid_on=today,
                amount=(call.amount * share).quantize(Decimal("0.01")),
                means=PaymentMeans.MANDATE,
                reference=f"Mandat {call.reference}",
            )
        if key == REMINDED and not call.reminders.exists():
            FeeReminder.objects.create(call=call, balance=call.amount)
